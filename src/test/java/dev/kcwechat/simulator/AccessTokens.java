package dev.kcwechat.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The access tokens of all apps. WeChat keeps the tokens of /cgi-bin/token and of
 * /cgi-bin/stable_token apart: getting one kind never retires the other.
 */
final class AccessTokens {

    static final Duration LIFETIME = Duration.ofHours(2);
    private volatile Duration lifetime = LIFETIME;
    /** How long a replaced token keeps working next to its successor. */
    static final Duration OVERLAP = Duration.ofMinutes(5);

    /** A token, and what it answers once dead: 42001 when it expired, 40001 when it was replaced. */
    record Token(String value, String appId, Instant expiresAt, int deathErrcode) {

        boolean isAliveAt(Instant now) {
            return now.isBefore(expiresAt);
        }

        long remainingSecondsAt(Instant now) {
            return Math.max(0, Duration.between(now, expiresAt).getSeconds());
        }
    }

    private final Random random;
    private final Map<String, Token> byValue = new ConcurrentHashMap<>();
    private final Map<String, Token> latestByAppId = new ConcurrentHashMap<>();
    private final Map<String, Token> stableByAppId = new ConcurrentHashMap<>();

    AccessTokens(Random random) {
        this.random = random;
    }

    /** /cgi-bin/token: every call mints a new token and retires the previous one. */
    Token issue(String appId, Instant now) {
        return latestByAppId.compute(appId, (id, previous) -> replace(id, previous, now));
    }

    /**
     * /cgi-bin/stable_token: the same token while it has more than 5 minutes to live (WeChat
     * renews it in its last 5 minutes); force_refresh rotates it at once.
     */
    Token stable(String appId, boolean forceRefresh, Instant now) {
        return stableByAppId.compute(appId, (id, current) ->
                current != null && !forceRefresh && now.plus(OVERLAP).isBefore(current.expiresAt())
                        ? current
                        : replace(id, current, now));
    }

    /** The app a token belongs to, or WeChat's error for a missing, unknown or dead token. */
    String appIdOf(String value, Instant now) {
        if (value == null || value.isBlank()) {
            throw new WeChatError(WeChatError.ACCESS_TOKEN_MISSING);
        }
        Token token = byValue.get(value);
        if (token == null) {
            throw new WeChatError(WeChatError.INVALID_CREDENTIAL);
        }
        if (!token.isAliveAt(now)) {
            throw new WeChatError(token.deathErrcode());
        }
        return token.appId();
    }

    /** How long tokens issued from now on live (WeChat: 2 hours). */
    void setLifetime(Duration lifetime) {
        this.lifetime = lifetime;
    }

    /** Every token ever issued becomes unknown (40001), as after an AppSecret reset. */
    void invalidateAll() {
        latestByAppId.clear();
        stableByAppId.clear();
        byValue.clear();
    }

    private Token replace(String appId, Token previous, Instant now) {
        if (previous != null) {
            retire(previous, now);
        }
        Token token = new Token(Ids.accessToken(random), appId, now.plus(lifetime), WeChatError.ACCESS_TOKEN_EXPIRED);
        byValue.put(token.value(), token);
        return token;
    }

    /** A replaced token dies OVERLAP after its replacement, answering 40001 "not latest". */
    private void retire(Token token, Instant now) {
        Instant overlapEnd = now.plus(OVERLAP);
        if (overlapEnd.isBefore(token.expiresAt())) {
            byValue.replace(token.value(), token,
                    new Token(token.value(), token.appId(), overlapEnd, WeChatError.INVALID_CREDENTIAL));
        }
    }
}
