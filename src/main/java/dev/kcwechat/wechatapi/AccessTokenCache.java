package dev.kcwechat.wechatapi;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.SingleUseObjectProvider;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * The WeChat access_token of one AppID, shared by every Keycloak node and every realm that has the
 * same AppID, AppSecret and API URL, through Keycloak's clustered single-use store. One caller at a
 * time fetches (a cluster-wide marker taken with the atomic {@code putIfAbsent}); the others wait a
 * short, bounded time for its result, or keep using the still-valid token while it is renewed ahead
 * of expiry. A failed fetch is remembered for a few seconds, in which callers fail at once instead of
 * asking WeChat again or waiting. A call WeChat refuses for the token (40001, 40014, 42001) gets the
 * token renewed once and is retried once.
 */
public final class AccessTokenCache {

    /** Renew this long before expiry: within the 5 minutes in which stable_token hands out a new token. */
    static final long RENEW_BEFORE_EXPIRY_SECONDS = 180;
    /** When a renewal gave back a token that expires soon anyway, ask again no sooner than this. */
    static final long RENEW_RETRY_SECONDS = 30;
    /** How long, at most, a caller waits for a concurrent fetch: the pauses between its looks at the store. */
    private static final long[] WAIT_STEPS_MS = {20, 40, 80, 160, 300, 400};
    /** After a failed fetch, callers fail at once for this long rather than all asking WeChat again. */
    static final long FAILURE_HOLD_SECONDS = 5;
    private static final String TOKEN_KEY = "kcwechat:access-token:";
    private static final String FETCH_KEY = "kcwechat:access-token-fetch:";
    private static final String FAILED_KEY = "kcwechat:access-token-failed:";
    private static final String TOKEN = "token";
    private static final String EXPIRES_AT = "expiresAt";
    private static final String RENEW_AT = "renewAt";

    private static final Logger LOG = Logger.getLogger(AccessTokenCache.class);

    private final KeycloakSession session;
    private final WeChatApiClient client;
    private final String scope;

    public AccessTokenCache(KeycloakSession session, WeChatApiClient client) {
        this.session = session;
        this.client = client;
        this.scope = scope(client.app());
    }

    /** Runs a WeChat call with the access_token; if WeChat refuses the token, renews it and runs the call once more. */
    public <T> T call(Function<String, T> apiCall) {
        String token = current();
        try {
            return apiCall.apply(token);
        } catch (WeChatException e) {
            if (e.failure() != WeChatFailure.ACCESS_TOKEN_INVALID) {
                throw e;
            }
            LOG.debugf("WeChat refused the access_token of AppID %s (errcode %d); renewing it", appId(), e.errcode());
            return apiCall.apply(renewRejected(token));
        }
    }

    /** A valid token: the cached one, or one fetched by this caller or by a concurrent one. */
    String current() {
        Map<String, String> cached = store().get(tokenKey());
        if (isValid(cached, null)) {
            if (Time.currentTime() < seconds(cached, RENEW_AT)) {
                return cached.get(TOKEN);
            }
            // due for renewal but still valid: one caller renews, the others go on with it meanwhile;
            // if the renewal fails, the cached token still does
            if (store().contains(failedKey())) {
                return cached.get(TOKEN);
            }
            try {
                return fetch(null).orElse(cached.get(TOKEN));
            } catch (WeChatException e) {
                LOG.warnf("Renewing the WeChat access_token of AppID %s failed (%s); using the current one", appId(), e.getMessage());
                return cached.get(TOKEN);
            }
        }
        failFastAfterAFailedFetch();
        return fetch(null).orElseGet(() -> awaitConcurrentFetch(null));
    }

    private String renewRejected(String rejected) {
        Map<String, String> cached = store().get(tokenKey());
        if (isValid(cached, rejected)) {
            return cached.get(TOKEN);
        }
        failFastAfterAFailedFetch();
        return fetch(rejected).orElseGet(() -> awaitConcurrentFetch(rejected));
    }

    private void failFastAfterAFailedFetch() {
        if (store().contains(failedKey())) {
            throw WeChatException.unavailable("WeChat's access_token could not be had moments ago; try again shortly");
        }
    }

    /**
     * Fetches and shares a token if no other caller in the cluster is fetching one (empty if one
     * is), unless a caller that fetched just before left a token that will do. A token WeChat
     * refused is never shared again: if stable_token hands it back, it is rotated (force_refresh).
     */
    private Optional<String> fetch(String rejected) {
        if (!store().putIfAbsent(fetchKey(), markerSeconds())) {
            return Optional.empty();
        }
        try {
            Map<String, String> cached = store().get(tokenKey());
            if (isValid(cached, rejected) && Time.currentTime() < seconds(cached, RENEW_AT)) {
                return Optional.of(cached.get(TOKEN));
            }
            AccessToken token = client.fetchAccessToken(false);
            if (token.value().equals(rejected)) {
                token = client.fetchAccessToken(true);
            }
            share(token);
            return Optional.of(token.value());
        } catch (WeChatException e) {
            store().putIfAbsent(failedKey(), FAILURE_HOLD_SECONDS);
            throw e;
        } finally {
            store().remove(fetchKey());
        }
    }

    /** The fetch marker outlives the longest fetch: two WeChat calls at their timeouts. */
    private long markerSeconds() {
        WeChatApp app = client.app();
        return 2L * (2L * app.connectTimeoutMs() + app.readTimeoutMs()) / 1000 + 5;
    }

    /** Stores the token in a transaction of its own, so that other callers see it at once. */
    private void share(AccessToken token) {
        long now = Time.currentTime();
        long expiresAt = now + token.expiresInSeconds();
        long renewAt = token.expiresInSeconds() > RENEW_BEFORE_EXPIRY_SECONDS
                ? expiresAt - RENEW_BEFORE_EXPIRY_SECONDS
                : now + Math.min(RENEW_RETRY_SECONDS, token.expiresInSeconds());
        Map<String, String> notes = Map.of(TOKEN, token.value(), EXPIRES_AT, Long.toString(expiresAt),
                RENEW_AT, Long.toString(renewAt));
        KeycloakModelUtils.runJobInTransaction(session.getKeycloakSessionFactory(),
                s -> s.singleUseObjects().put(tokenKey(), token.expiresInSeconds(), notes));
    }

    /**
     * Waits a short, bounded time for the caller that is fetching, for a token other than the rejected
     * one; takes over if that caller gave up without a token. Past the wait, or when the fetch failed,
     * WeChat counts as unavailable: a request thread never waits for a slow WeChat longer than that.
     */
    private String awaitConcurrentFetch(String rejected) {
        for (long pause : WAIT_STEPS_MS) {
            sleep(pause);
            Map<String, String> cached = store().get(tokenKey());
            if (isValid(cached, rejected)) {
                return cached.get(TOKEN);
            }
            failFastAfterAFailedFetch();
            if (!store().contains(fetchKey())) {
                Optional<String> fetched = fetch(rejected);
                if (fetched.isPresent()) {
                    return fetched.get();
                }
            }
        }
        throw WeChatException.unavailable("No WeChat access_token could be had in time");
    }

    /** A token that has not expired and is not the one WeChat refused. */
    private static boolean isValid(Map<String, String> cached, String rejected) {
        return cached != null && Time.currentTime() < seconds(cached, EXPIRES_AT) && !cached.get(TOKEN).equals(rejected);
    }

    private SingleUseObjectProvider store() {
        return session.singleUseObjects();
    }

    private String appId() {
        return client.app().appId();
    }

    /**
     * Per AppID, API base URL and AppSecret: realms that configure the same mini-program share one
     * token (and so never retire each other's), while a realm that does not know the AppSecret
     * never gets the token fetched with it. The key holds a SHA-256 of the secret, never the secret.
     */
    private static String scope(WeChatApp app) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((app.apiBaseUrl() + '\n' + app.appSecret()).getBytes(StandardCharsets.UTF_8));
            return app.appId() + ":" + HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    private String tokenKey() {
        return TOKEN_KEY + scope;
    }

    private String fetchKey() {
        return FETCH_KEY + scope;
    }

    private String failedKey() {
        return FAILED_KEY + scope;
    }

    private static long seconds(Map<String, String> notes, String name) {
        try {
            return Long.parseLong(notes.getOrDefault(name, "0"));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw WeChatException.unavailable("Interrupted while waiting for a WeChat access_token");
        }
    }
}
