package dev.kcwechat.miniprogram;

import dev.kcwechat.common.ConfigNumbers;
import dev.kcwechat.common.ProviderConfig;
import dev.kcwechat.email.EmailConflict;
import dev.kcwechat.limits.AbuseLimits;
import dev.kcwechat.login.PhoneFailure;
import dev.kcwechat.login.RiskPolicy;
import dev.kcwechat.wechatapi.AccessTokenEndpoint;
import dev.kcwechat.wechatapi.WeChatApiClient;
import java.util.Set;
import java.util.regex.Pattern;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.RealmModel;

/**
 * Typed view of a "WeChat Mini Program" identity provider's configuration. {@code clientId} is the
 * AppID and {@code clientSecret} the AppSecret (a {@code ${vault.key}} reference works).
 */
public final class WeChatMiniProgramConfig extends ProviderConfig {

    public static final String IDENTITY_KEY = "identityKey";
    public static final String ACCESS_TOKEN_ENDPOINT = "accessTokenEndpoint";
    public static final String PHONE_FAILURE = "phoneFailure";
    public static final String RISK_CHECK = "riskCheck";
    public static final String RISK_RANK_LIMIT = "riskRankLimit";
    public static final String RISK_ACTION = "riskAction";
    public static final String RISK_FAILURE = "riskFailure";
    public static final String LIMIT_WINDOW_SECONDS = "limitWindowSeconds";
    public static final String FAILED_CODES_PER_IP = "failedCodesPerIp";
    public static final String CALLS_PER_USER = "callsPerUser";
    public static final String CALLS_PER_IP = "callsPerIp";
    public static final String WEB_TICKET_CLIENTS = "webTicketClients";
    public static final String WEB_TICKET_REQUIRES_WEB_VIEW = "webTicketRequiresWebView";
    public static final String EMAIL_CONFLICT = EmailConflict.KEY;

    static final int MAX_LIMIT_WINDOW_SECONDS = 3600;
    static final int MAX_LIMIT = 100_000;

    private static final Pattern APP_ID = Pattern.compile("wx[0-9a-zA-Z]{16}");

    public WeChatMiniProgramConfig() {
    }

    public WeChatMiniProgramConfig(IdentityProviderModel model) {
        super(model);
    }

    /** Whether a value has the form of a WeChat AppID: {@code wx} and 16 letters or digits. */
    public static boolean isAppId(String value) {
        return value != null && APP_ID.matcher(value).matches();
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

    public IdentityKey getIdentityKey() {
        return IdentityKey.fromConfig(getConfig().get(IDENTITY_KEY));
    }

    public AccessTokenEndpoint getAccessTokenEndpoint() {
        return AccessTokenEndpoint.fromConfig(getConfig().get(ACCESS_TOKEN_ENDPOINT));
    }

    public PhoneFailure getPhoneFailure() {
        return PhoneFailure.fromConfig(getConfig().get(PHONE_FAILURE));
    }

    public RiskPolicy getRiskPolicy() {
        return RiskPolicy.fromConfig(getConfig().get(RISK_CHECK), getConfig().get(RISK_RANK_LIMIT), getConfig().get(RISK_ACTION),
                getConfig().get(RISK_FAILURE));
    }

    /** The clients a web-view ticket of this provider's sessions may sign in to; empty: no tickets. */
    public Set<String> getWebTicketClients() {
        return clientIds(WEB_TICKET_CLIENTS);
    }

    /** Whether a ticket signs in only a browser that says it is WeChat's mini-program web-view (default true). */
    public boolean isWebTicketRequiresWebView() {
        String value = getConfig().get(WEB_TICKET_REQUIRES_WEB_VIEW);
        return value == null || !"false".equalsIgnoreCase(value.trim());
    }

    /** What a proven e-mail address that another account has does: {@code reject} (default) or {@code link}. */
    public EmailConflict getEmailConflict() {
        return EmailConflict.fromConfig(getConfig().get(EMAIL_CONFLICT));
    }

    public AbuseLimits getAbuseLimits() {
        return AbuseLimits.of(
                ConfigNumbers.parse(LIMIT_WINDOW_SECONDS, getConfig().get(LIMIT_WINDOW_SECONDS), 1, MAX_LIMIT_WINDOW_SECONDS,
                        AbuseLimits.DEFAULT_WINDOW_SECONDS),
                limit(FAILED_CODES_PER_IP, AbuseLimits.DEFAULT_FAILED_CODES_PER_IP),
                limit(CALLS_PER_USER, AbuseLimits.DEFAULT_CALLS_PER_USER),
                limit(CALLS_PER_IP, AbuseLimits.DEFAULT_CALLS_PER_IP));
    }

    @Override
    public void validate(RealmModel realm) {
        String appId = getAppId();
        if (!isAppId(appId)) {
            throw new IllegalArgumentException("Client ID must be the mini-program's AppID: 'wx' followed by 16 letters or digits"
                    + " (WeChat parameter appid), got '" + (appId == null ? "" : appId) + "'");
        }
        requireSecret("the mini-program's AppSecret (WeChat parameter secret)");
        requireUrl("WeChat API base URL", getApiBaseUrl(), WeChatApiClient.DEFAULT_API_BASE_URL);
        getIdentityKey();
        getAccessTokenEndpoint();
        getPhoneFailure();
        getRiskPolicy();
        getAbuseLimits();
        getEmailConflict();
        requirePrivacyPolicyVersion();
        getConnectTimeoutMs();
        getReadTimeoutMs();
    }

    private int limit(String key, int defaultValue) {
        return ConfigNumbers.parse(key, getConfig().get(key), 0, MAX_LIMIT, defaultValue);
    }
}
