package dev.kcwechat.broker;

import dev.kcwechat.wechat.AccessTokenEndpoint;
import dev.kcwechat.wechat.WeChatApiClient;
import java.net.URI;
import java.net.URISyntaxException;
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

    public static final int DEFAULT_CONNECT_TIMEOUT_MS = 2000;
    public static final int DEFAULT_READ_TIMEOUT_MS = 5000;
    static final int MAX_TIMEOUT_MS = 60_000;

    private static final Pattern APP_ID = Pattern.compile("wx[0-9a-zA-Z]{16}");

    public WeChatMiniProgramConfig() {
    }

    public WeChatMiniProgramConfig(IdentityProviderModel model) {
        super(model);
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

    public int getConnectTimeoutMs() {
        return timeout(CONNECT_TIMEOUT_MS, DEFAULT_CONNECT_TIMEOUT_MS);
    }

    public int getReadTimeoutMs() {
        return timeout(READ_TIMEOUT_MS, DEFAULT_READ_TIMEOUT_MS);
    }

    @Override
    public void validate(RealmModel realm) {
        String appId = getAppId();
        if (appId == null || !APP_ID.matcher(appId).matches()) {
            throw new IllegalArgumentException("Client ID must be the mini-program's AppID: 'wx' followed by 16 letters or digits"
                    + " (WeChat parameter appid), got '" + (appId == null ? "" : appId) + "'");
        }
        String secret = getAppSecretReference();
        if (secret == null || secret.isBlank()) {
            throw new IllegalArgumentException("Client Secret must be the mini-program's AppSecret (WeChat parameter secret)"
                    + " or a ${vault.key} reference");
        }
        validateApiBaseUrl(getApiBaseUrl());
        getIdentityKey();
        getAccessTokenEndpoint();
        getPhoneFailure();
        getConnectTimeoutMs();
        getReadTimeoutMs();
    }

    private static void validateApiBaseUrl(String url) {
        try {
            URI uri = new URI(url);
            if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) || uri.getHost() == null
                    || uri.getQuery() != null || uri.getFragment() != null) {
                throw new URISyntaxException(url, "not an absolute http(s) URL");
            }
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("WeChat API base URL must be an absolute http(s) URL without query,"
                    + " such as " + WeChatApiClient.DEFAULT_API_BASE_URL + "; got '" + url + "'");
        }
    }

    private int timeout(String key, int defaultValue) {
        String value = trimmed(key);
        if (value == null) {
            return defaultValue;
        }
        int ms;
        try {
            ms = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            ms = -1;
        }
        if (ms < 1 || ms > MAX_TIMEOUT_MS) {
            throw new IllegalArgumentException(key + " must be a whole number of milliseconds from 1 to " + MAX_TIMEOUT_MS
                    + "; got '" + value + "'");
        }
        return ms;
    }

    private String trimmed(String key) {
        String value = getConfig().get(key);
        return value == null || value.isBlank() ? null : value.trim();
    }
}
