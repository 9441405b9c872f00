package dev.kcwechat.wechatapi;

/**
 * What the API client needs to know about one mini-program. {@code provider} is the alias of the
 * identity provider it serves (for the metrics); {@code appSecret} is the resolved secret (vault
 * references already looked up); {@link #toString()} hides it.
 */
public record WeChatApp(String provider, String apiBaseUrl, String appId, String appSecret, AccessTokenEndpoint accessTokenEndpoint,
                        int connectTimeoutMs, int readTimeoutMs) {

    @Override
    public String toString() {
        return "WeChatApp[provider=" + provider + ", apiBaseUrl=" + apiBaseUrl + ", appId=" + appId + ", appSecret=<hidden>, accessTokenEndpoint="
                + accessTokenEndpoint + ", connectTimeoutMs=" + connectTimeoutMs + ", readTimeoutMs=" + readTimeoutMs + "]";
    }
}
