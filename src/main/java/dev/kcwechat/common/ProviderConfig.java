package dev.kcwechat.common;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.keycloak.models.IdentityProviderModel;

/**
 * The settings every identity provider of the extension has, read one way for all of them: the
 * app's id ({@code clientId}: an AppID, a corpid) and secret ({@code clientSecret}, a literal or a
 * {@code ${vault.key}} reference), the API's base URL, the clients that may trade codes, and the
 * timeouts of the calls to WeChat or WeCom.
 */
public abstract class ProviderConfig extends IdentityProviderModel {

    public static final String CLIENT_ID = "clientId";
    public static final String CLIENT_SECRET = "clientSecret";
    public static final String API_BASE_URL = "apiBaseUrl";
    public static final String ALLOWED_CLIENTS = "allowedClients";
    public static final String CONNECT_TIMEOUT_MS = "connectTimeoutMs";
    public static final String READ_TIMEOUT_MS = "readTimeoutMs";
    /** The mini-program's current privacy policy version; logins must have accepted it. Empty: not tracked. */
    public static final String PRIVACY_POLICY_VERSION = "privacyPolicyVersion";

    public static final int DEFAULT_CONNECT_TIMEOUT_MS = 2000;
    public static final int DEFAULT_READ_TIMEOUT_MS = 5000;
    public static final int MAX_TIMEOUT_MS = 60_000;

    /** Hosts this provider's URLs may point at (a factory sets those of its SPI option); not stored in the realm. */
    private transient Set<String> apiHosts = ApiHosts.OFFICIAL;

    protected ProviderConfig() {
    }

    protected ProviderConfig(IdentityProviderModel model) {
        super(model);
    }

    /** {@code clientId}, trimmed; null when unset. */
    protected String clientId() {
        return trimmed(CLIENT_ID);
    }

    /** {@code clientSecret} as configured: a literal or a {@code ${vault.key}} reference. */
    protected String secretReference() {
        return getConfig().get(CLIENT_SECRET);
    }

    /**
     * Refuses a missing Client Secret, and a vault reference to a key that is not this provider's
     * own ({@link VaultReferences}).
     *
     * @param what what the secret is, for the message ("the mini-program's AppSecret (WeChat parameter secret)")
     */
    protected void requireSecret(String what) {
        String secret = secretReference();
        if (secret == null || secret.isBlank()) {
            throw new IllegalArgumentException("Client Secret must be " + what + " or a ${vault." + VaultReferences.ownPrefix(getAlias())
                    + "<name>} reference");
        }
        if (!VaultReferences.isAllowed(getAlias(), secret)) {
            throw new IllegalArgumentException(VaultReferences.refusal("Client Secret", getAlias()));
        }
    }

    /** Refuses a privacy policy version that is too long or has spaces (it travels as a form parameter and in records). */
    protected void requirePrivacyPolicyVersion() {
        String version = trimmed(PRIVACY_POLICY_VERSION);
        if (version != null && (version.length() > 64 || version.chars().anyMatch(Character::isWhitespace))) {
            throw new IllegalArgumentException("Privacy policy version (privacyPolicyVersion) must be at most 64 characters without spaces");
        }
    }

    /** The hosts this provider's URLs may point at, as its factory allows them; returns this config. */
    public ProviderConfig allowApiHosts(Set<String> hosts) {
        this.apiHosts = hosts;
        return this;
    }

    /** Refuses a URL setting that is not absolute https (or loopback http), or not on an allowed host. */
    protected void requireUrl(String label, String url, String example) {
        BaseUrls.require(label, url, example, apiHosts);
    }

    /** {@code apiBaseUrl} without a trailing slash, or that default. */
    protected String apiBaseUrl(String defaultUrl) {
        return withoutSlash(trimmed(API_BASE_URL), defaultUrl);
    }

    /** client_ids allowed to trade codes through a code-login provider; empty means none. */
    public Set<String> getAllowedClients() {
        return clientIds(ALLOWED_CLIENTS);
    }

    /** A setting's comma- or space-separated client_ids; none when it is absent. */
    protected Set<String> clientIds(String key) {
        String value = getConfig().get(key);
        if (value == null) {
            return Set.of();
        }
        return Arrays.stream(value.split("[,\\s]+")).map(String::trim).filter(s -> !s.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }

    public boolean isClientAllowed(String clientId) {
        return getAllowedClients().contains(clientId);
    }

    public int getConnectTimeoutMs() {
        return timeout(CONNECT_TIMEOUT_MS, DEFAULT_CONNECT_TIMEOUT_MS);
    }

    public int getReadTimeoutMs() {
        return timeout(READ_TIMEOUT_MS, DEFAULT_READ_TIMEOUT_MS);
    }

    /** A setting's value, trimmed; null when unset or blank. */
    protected String trimmed(String key) {
        String value = getConfig().get(key);
        return value == null || value.isBlank() ? null : value.trim();
    }

    /** A configured URL without its trailing slash, or the default when none is configured. */
    protected static String withoutSlash(String url, String defaultUrl) {
        if (url == null) {
            return defaultUrl;
        }
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private int timeout(String key, int defaultValue) {
        return ConfigNumbers.parse(key + " (milliseconds)", getConfig().get(key), 1, MAX_TIMEOUT_MS, defaultValue);
    }
}
