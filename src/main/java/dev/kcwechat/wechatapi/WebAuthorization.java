package dev.kcwechat.wechatapi;

/**
 * WeChat's answer to a browser login's code ({@code /sns/oauth2/access_token}): the user's openid
 * in this app, the unionid when the app is bound to an Open Platform account, and whether the user
 * is a page snapshot's virtual user. The web access token stays here: {@link #toString()} hides it.
 */
public record WebAuthorization(String accessToken, String openid, String unionid, String scope, boolean snapshotUser) {

    public boolean hasUnionid() {
        return unionid != null && !unionid.isBlank();
    }

    @Override
    public String toString() {
        return "WebAuthorization[openid=" + openid + ", unionid=" + unionid + ", scope=" + scope + ", snapshotUser=" + snapshotUser
                + ", accessToken=<hidden>]";
    }
}
