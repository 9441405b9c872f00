package dev.kcwechat.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The access tokens of WeCom apps. Unlike WeChat's /cgi-bin/token, WeCom's gettoken answers the
 * same token while it is valid ("有效期内重复获取返回相同结果") and a new one once it expired, so
 * several servers of one app never overwrite each other's token. Each app has its own token.
 */
final class WeComTokens {

    static final Duration LIFETIME = Duration.ofHours(2);

    record Token(String value, WeComDirectory.App app, Instant expiresAt) {

        boolean isAliveAt(Instant now) {
            return now.isBefore(expiresAt);
        }

        long remainingSecondsAt(Instant now) {
            return Math.max(0, Duration.between(now, expiresAt).getSeconds());
        }
    }

    private final Random random;
    private final Map<String, Token> byValue = new ConcurrentHashMap<>();
    private final Map<String, Token> currentByApp = new ConcurrentHashMap<>();
    private volatile Duration lifetime = LIFETIME;

    WeComTokens(Random random) {
        this.random = random;
    }

    /** The app's current token, or a new one when it has none alive. */
    Token issue(WeComDirectory.App app, Instant now) {
        return currentByApp.compute(appKey(app), (key, current) -> {
            if (current != null && current.isAliveAt(now)) {
                return current;
            }
            Token token = new Token(Ids.weComAccessToken(random), app, now.plus(lifetime));
            byValue.put(token.value(), token);
            return token;
        });
    }

    /** The app a token belongs to: 41001 missing, 40014 unknown, 42001 expired. */
    WeComDirectory.App appOf(String value, Instant now) {
        if (Simulation.isBlank(value)) {
            throw new WeChatError(WeComErrors.ACCESS_TOKEN_MISSING);
        }
        Token token = byValue.get(value);
        if (token == null) {
            throw new WeChatError(WeComErrors.INVALID_ACCESS_TOKEN);
        }
        if (!token.isAliveAt(now)) {
            throw new WeChatError(WeComErrors.ACCESS_TOKEN_EXPIRED);
        }
        return token.app();
    }

    /** How long tokens issued from now on live (WeCom: 2 hours). */
    void setLifetime(Duration lifetime) {
        if (lifetime == null || lifetime.isNegative() || lifetime.isZero()) {
            throw new IllegalArgumentException("a token lifetime is positive: " + lifetime);
        }
        this.lifetime = lifetime;
    }

    /** Every token ever issued becomes unknown (40014), as when WeCom retires tokens early. */
    void invalidateAll() {
        currentByApp.clear();
        byValue.clear();
    }

    private static String appKey(WeComDirectory.App app) {
        return app.corpId() + "\n" + app.agentId();
    }
}
