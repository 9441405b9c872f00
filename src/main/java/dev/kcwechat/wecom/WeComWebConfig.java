package dev.kcwechat.wecom;

import dev.kcwechat.common.ProviderConfig;
import dev.kcwechat.wechatapi.WeChatApiClient;
import java.util.Set;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.RealmModel;

/**
 * The settings of WeCom's browser login: the WeCom mini-program's keys ({@code clientId} = corpid,
 * {@code clientSecret}, {@code agentId}, {@code apiBaseUrl}, timeouts) plus the two pages
 * ({@code authorizationBaseUrl} inside WeCom, {@code ssoBaseUrl} elsewhere) and {@code scope}.
 */
public final class WeComWebConfig extends ProviderConfig {

    public static final String AUTHORIZATION_BASE_URL = "authorizationBaseUrl";
    public static final String SSO_BASE_URL = "ssoBaseUrl";
    public static final String SCOPE = "scope";
    public static final String DEFAULT_AUTHORIZATION_BASE_URL = "https://open.weixin.qq.com";
    public static final String DEFAULT_SSO_BASE_URL = "https://login.work.weixin.qq.com";
    public static final Set<String> SCOPES = Set.of("snsapi_base", "snsapi_privateinfo");

    public WeComWebConfig() {
    }

    public WeComWebConfig(IdentityProviderModel model) {
        super(model);
    }

    /** The keys this login shares with the WeCom mini-program, validated as its config validates them. */
    public WeComMiniProgramConfig sharedKeys() {
        return new WeComMiniProgramConfig(this);
    }

    public String getCorpId() {
        return clientId();
    }

    public String getSecretReference() {
        return secretReference();
    }

    public String getAgentId() {
        return trimmed(WeComMiniProgramConfig.AGENT_ID);
    }

    public String getApiBaseUrl() {
        return apiBaseUrl(WeChatApiClient.DEFAULT_WECOM_API_BASE_URL);
    }

    public String getAuthorizationBaseUrl() {
        return withoutSlash(trimmed(AUTHORIZATION_BASE_URL), DEFAULT_AUTHORIZATION_BASE_URL);
    }

    public String getSsoBaseUrl() {
        return withoutSlash(trimmed(SSO_BASE_URL), DEFAULT_SSO_BASE_URL);
    }

    /** {@code snsapi_base} (default, silent) or {@code snsapi_privateinfo} (the member consents to share their e-mail). */
    public String getScope() {
        String scope = getConfig().get(SCOPE);
        if (scope == null || scope.isBlank()) {
            return "snsapi_base";
        }
        if (!SCOPES.contains(scope.trim())) {
            throw new IllegalArgumentException("scope must be snsapi_base or snsapi_privateinfo; got '" + scope + "'");
        }
        return scope.trim();
    }

    @Override
    public void validate(RealmModel realm) {
        sharedKeys().validate(realm);
        requireUrl("WeCom authorization base URL", getAuthorizationBaseUrl(), DEFAULT_AUTHORIZATION_BASE_URL);
        requireUrl("WeCom SSO base URL", getSsoBaseUrl(), DEFAULT_SSO_BASE_URL);
        getScope();
    }
}
