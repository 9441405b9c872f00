package dev.kcwechat.wechatweb;

import dev.kcwechat.common.ProviderConfig;
import dev.kcwechat.miniprogram.IdentityKey;
import dev.kcwechat.miniprogram.WeChatMiniProgramConfig;
import dev.kcwechat.wechatapi.WeChatApiClient;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.RealmModel;

/**
 * The settings of a WeChat browser login: the mini-program provider's keys ({@code clientId} =
 * AppID, {@code clientSecret}, {@code apiBaseUrl}, {@code identityKey}, timeouts) plus
 * {@code authorizationBaseUrl} and, for an official account, {@code scope}.
 */
public final class WeChatWebConfig extends ProviderConfig {

    public static final String AUTHORIZATION_BASE_URL = "authorizationBaseUrl";
    public static final String SCOPE = "scope";
    public static final String DEFAULT_AUTHORIZATION_BASE_URL = "https://open.weixin.qq.com";

    private final WeChatWebFlavor flavor;

    public WeChatWebConfig(WeChatWebFlavor flavor) {
        this.flavor = flavor;
    }

    public WeChatWebConfig(WeChatWebFlavor flavor, IdentityProviderModel model) {
        super(model);
        this.flavor = flavor;
    }

    public WeChatWebFlavor flavor() {
        return flavor;
    }

    public String getAppId() {
        return clientId();
    }

    /** The AppSecret as configured: a literal or a {@code ${vault.key}} reference. */
    public String getAppSecretReference() {
        return secretReference();
    }

    public String getApiBaseUrl() {
        return apiBaseUrl(WeChatApiClient.DEFAULT_API_BASE_URL);
    }

    public String getAuthorizationBaseUrl() {
        return withoutSlash(trimmed(AUTHORIZATION_BASE_URL), DEFAULT_AUTHORIZATION_BASE_URL);
    }

    public IdentityKey getIdentityKey() {
        return IdentityKey.fromConfig(getConfig().get(WeChatMiniProgramConfig.IDENTITY_KEY));
    }

    /** {@code snsapi_login} for a website; {@code snsapi_userinfo} (default) or {@code snsapi_base} for an official account. */
    public String getScope() {
        String scope = trimmed(SCOPE);
        if (scope == null) {
            return flavor.defaultScope();
        }
        if (!flavor.scopes().contains(scope)) {
            throw new IllegalArgumentException("scope must be one of " + String.join(", ", flavor.scopes()) + "; got '" + scope + "'");
        }
        return scope;
    }

    @Override
    public void validate(RealmModel realm) {
        if (!WeChatMiniProgramConfig.isAppId(getAppId())) {
            throw new IllegalArgumentException("Client ID must be the app's AppID: 'wx' followed by 16 letters or digits"
                    + " (WeChat parameter appid), got '" + (getAppId() == null ? "" : getAppId()) + "'");
        }
        requireSecret("the app's AppSecret (WeChat parameter secret)");
        requireUrl("WeChat API base URL", getApiBaseUrl(), WeChatApiClient.DEFAULT_API_BASE_URL);
        requireUrl("WeChat authorization base URL", getAuthorizationBaseUrl(), DEFAULT_AUTHORIZATION_BASE_URL);
        getIdentityKey();
        getScope();
        getConnectTimeoutMs();
        getReadTimeoutMs();
    }
}
