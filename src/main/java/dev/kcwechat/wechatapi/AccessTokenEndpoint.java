package dev.kcwechat.wechatapi;

import dev.kcwechat.common.ConfigChoice;

/** Which WeChat endpoint issues the access_token (config key {@code accessTokenEndpoint}). */
public enum AccessTokenEndpoint {
    /** {@code POST /cgi-bin/stable_token}: the same token while it is valid; several servers do not retire each other's. */
    STABLE_TOKEN("stable_token", "/cgi-bin/stable_token"),
    /** {@code GET /cgi-bin/token}: a new token on every call, the previous one dies 5 minutes later. */
    TOKEN("token", "/cgi-bin/token"),
    /** WeCom's {@code GET /cgi-bin/gettoken?corpid&corpsecret}: a corp app's token (not a mini-program setting). */
    WECOM_GETTOKEN("wecom-gettoken", "/cgi-bin/gettoken");

    private final String configValue;
    private final String path;

    AccessTokenEndpoint(String configValue, String path) {
        this.configValue = configValue;
        this.path = path;
    }

    public String configValue() {
        return configValue;
    }

    public String path() {
        return path;
    }

    /** Parses a config value; null or blank means {@link #STABLE_TOKEN}. */
    public static AccessTokenEndpoint fromConfig(String value) {
        return ConfigChoice.parse("accessTokenEndpoint", value, new AccessTokenEndpoint[] {STABLE_TOKEN, TOKEN},
                AccessTokenEndpoint::configValue, STABLE_TOKEN);
    }
}
