package dev.kcwechat.wechatweb;

import dev.kcwechat.miniprogram.WeChatFamily;
import java.util.Set;

/** The two browser logins of WeChat: the same OAuth, two authorization pages and their scopes. */
public enum WeChatWebFlavor {
    /** Website app of the Open Platform: the user scans a QR code with WeChat. */
    WEBSITE(WeChatFamily.WEBSITE_PROVIDER_ID, "/connect/qrconnect", Set.of("snsapi_login"), "snsapi_login"),
    /** Official account: OAuth inside WeChat's own browser, silent or with the user's confirmation. */
    OFFICIAL_ACCOUNT(WeChatFamily.OFFICIAL_ACCOUNT_PROVIDER_ID, "/connect/oauth2/authorize", Set.of("snsapi_base", "snsapi_userinfo"),
            "snsapi_userinfo");

    private final String providerId;
    private final String authorizationPath;
    private final Set<String> scopes;
    private final String defaultScope;

    WeChatWebFlavor(String providerId, String authorizationPath, Set<String> scopes, String defaultScope) {
        this.providerId = providerId;
        this.authorizationPath = authorizationPath;
        this.scopes = scopes;
        this.defaultScope = defaultScope;
    }

    public String providerId() {
        return providerId;
    }

    public String authorizationPath() {
        return authorizationPath;
    }

    public Set<String> scopes() {
        return scopes;
    }

    public String defaultScope() {
        return defaultScope;
    }
}
