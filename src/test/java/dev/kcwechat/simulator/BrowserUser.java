package dev.kcwechat.simulator;

import java.util.Objects;

/** Who signs in through an app's browser pages; unionid null when the app is not bound to an Open Platform account. */
record BrowserUser(String openid, String unionid) {

    BrowserUser {
        Objects.requireNonNull(openid, "openid");
    }

    /** The user a name stands for, with the ids the demo's wx.login gives that name (see {@link DemoApi}). */
    static BrowserUser named(String appId, String name) {
        return new BrowserUser(Ids.stableOpenid(appId, name), Ids.stableUnionid(name));
    }
}
