package dev.kcwechat.miniprogram;

import dev.kcwechat.common.BaseUrls;
import dev.kcwechat.common.ConfigNumbers;
import dev.kcwechat.limits.AbuseLimits;
import dev.kcwechat.login.PhoneFailure;
import dev.kcwechat.login.RiskPolicy;
import dev.kcwechat.wechatapi.AccessTokenEndpoint;
import dev.kcwechat.wechatapi.WeChatApiClient;
import java.util.Arrays;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.RealmModel;

/**
 * Typed view of a "WeChat Mini Program" identity provider's configuration. {@code clientId} is the
 * AppID and {@code clientSecret} the AppSecret (a {@code ${vault.key}} reference works).
 */
public final class WeChatMiniProgramConfig extends IdentityProviderModel {

    public static final String CLIENT_ID = "clientId";
    public static final String CLIENT_SECRET = "clientSecret";
    public static final String API_BASE_URL = "apiBaseUrl";
    public static final String IDENTITY_KEY = "identityKey";
    public static final String ALLOWED_CLIENTS = "allowedClients";
    public static final String CONNECT_TIMEOUT_MS = "connectTimeoutMs";
    public static final String READ_TIMEOUT_MS = "readTimeoutMs";
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

    public static final int DEFAULT_CONNECT_TIMEOUT_MS = 2000;
    public static final int DEFAULT_READ_TIMEOUT_MS = 5000;
    static final int MAX_TIMEOUT_MS = 60_000;
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
        return trimmed(CLIENT_ID);
    }

    /** The AppSecret as configured: a literal or a {@code ${vault.key}} reference. */
    public String getAppSecretReference() {
        return getConfig().get(CLIENT_SECRET);
    }

    public String getApiBaseUrl() {
        String url = trimmed(API_BASE_URL);
        if (url == null) {
            return WeChatApiClient.DEFAULT_API_BASE_URL;
        }
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    public IdentityKey getIdentityKey() {
        return IdentityKey.fromConfig(getConfig().get(IDENTITY_KEY));
    }

    /** client_ids allowed to exchange codes through this provider; empty means none. */
    public Set<String> getAllowedClients() {
        String value = getConfig().get(ALLOWED_CLIENTS);
        if (value == null) {
            return Set.of();
        }
        return Arrays.stream(value.split("[,\\s]+")).map(String::trim).filter(s -> !s.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }

    public boolean isClientAllowed(String clientId) {
        return getAllowedClients().contains(clientId);
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

    public AbuseLimits getAbuseLimits() {
        return AbuseLimits.of(
                ConfigNumbers.parse(LIMIT_WINDOW_SECONDS, getConfig().get(LIMIT_WINDOW_SECONDS), 1, MAX_LIMIT_WINDOW_SECONDS,
                        AbuseLimits.DEFAULT_WINDOW_SECONDS),
                limit(FAILED_CODES_PER_IP, AbuseLimits.DEFAULT_FAILED_CODES_PER_IP),
                limit(CALLS_PER_USER, AbuseLimits.DEFAULT_CALLS_PER_USER),
                limit(CALLS_PER_IP, AbuseLimits.DEFAULT_CALLS_PER_IP));
    }

    public int getConnectTimeoutMs() {
        return timeout(CONNECT_TIMEOUT_MS, DEFAULT_CONNECT_TIMEOUT_MS);
    }

    public int getReadTimeoutMs() {
        return timeout(READ_TIMEOUT_MS, DEFAULT_READ_TIMEOUT_MS);
    }

    @Override
    public void validate(RealmModel realm) {
        String appId = getAppId();
        if (!isAppId(appId)) {
            throw new IllegalArgumentException("Client ID must be the mini-program's AppID: 'wx' followed by 16 letters or digits"
                    + " (WeChat parameter appid), got '" + (appId == null ? "" : appId) + "'");
        }
        String secret = getAppSecretReference();
        if (secret == null || secret.isBlank()) {
            throw new IllegalArgumentException("Client Secret must be the mini-program's AppSecret (WeChat parameter secret)"
                    + " or a ${vault.key} reference");
        }
        BaseUrls.require("WeChat API base URL", getApiBaseUrl(), WeChatApiClient.DEFAULT_API_BASE_URL);
        getIdentityKey();
        getAccessTokenEndpoint();
        getPhoneFailure();
        getRiskPolicy();
        getAbuseLimits();
        getConnectTimeoutMs();
        getReadTimeoutMs();
    }

    private int limit(String key, int defaultValue) {
        return ConfigNumbers.parse(key, getConfig().get(key), 0, MAX_LIMIT, defaultValue);
    }

    private int timeout(String key, int defaultValue) {
        return ConfigNumbers.parse(key + " (milliseconds)", getConfig().get(key), 1, MAX_TIMEOUT_MS, defaultValue);
    }

    private String trimmed(String key) {
        String value = getConfig().get(key);
        return value == null || value.isBlank() ? null : value.trim();
    }
}
