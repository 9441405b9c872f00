package dev.kcwechat.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The access tokens of the server APIs (WECHAT-API.md §2).
 *
 * <p>Endpoints:
 * <ul>
 * <li>{@code GET /cgi-bin/token?grant_type=client_credential&appid&secret}: a new token at every
 *     call; the previous one keeps working 5 more minutes, then answers 40001.</li>
 * <li>{@code POST /cgi-bin/stable_token} JSON {@code {grant_type, appid, secret, force_refresh}}:
 *     the same token while it has more than 5 minutes to live; {@code force_refresh} rotates it.</li>
 * </ul>
 * Both answer {@code {"access_token","expires_in"}}; 40002 for another grant_type, 40013/40125 for
 * a bad appid/secret, 47001 for a stable_token body that is not a JSON object, 43002 for its GET.
 * Tokens die after 2 hours (42001). Other families check tokens with {@link #appIdOf(String)}.
 *
 * <p>Control API (on {@link WeChatSimulator}): {@code setAccessTokenLifetime(Duration)},
 * {@code invalidateAccessTokens()}.
 */
final class AccessTokenApi {

    private final Simulation simulation;
    private final AccessTokens accessTokens;

    AccessTokenApi(Simulation simulation) {
        this.simulation = simulation;
        this.accessTokens = new AccessTokens(simulation.random());
    }

    void addRoutes(Router router) {
        router.route(WeChatSimulator.TOKEN, this::token)
                .route(WeChatSimulator.STABLE_TOKEN, this::stableToken);
    }

    /** The app a token belongs to: 41001 missing, 40001 unknown or replaced, 42001 expired. */
    String appIdOf(String accessToken) {
        return accessTokens.appIdOf(accessToken, simulation.now());
    }

    void setLifetime(Duration lifetime) {
        accessTokens.setLifetime(lifetime);
    }

    void invalidateAll() {
        accessTokens.invalidateAll();
    }

    private Reply token(Request request) {
        requireClientCredential(request.param("grant_type"));
        String appId = simulation.authenticate(request.param("appid"), request.param("secret"));
        Instant now = simulation.now();
        return tokenReply(accessTokens.issue(appId, now), now);
    }

    private Reply stableToken(Request request) {
        Simulation.requirePost(request);
        JsonNode body = simulation.jsonObjectBody(request);
        requireClientCredential(body.path("grant_type").asText(null));
        String appId = simulation.authenticate(body.path("appid").asText(null), body.path("secret").asText(null));
        boolean forceRefresh = body.path("force_refresh").asBoolean(false);
        Instant now = simulation.now();
        return tokenReply(accessTokens.stable(appId, forceRefresh, now), now);
    }

    private Reply tokenReply(AccessTokens.Token token, Instant now) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("access_token", token.value());
        fields.put("expires_in", token.remainingSecondsAt(now));
        return simulation.ok(fields);
    }

    private static void requireClientCredential(String grantType) {
        if (!"client_credential".equals(grantType)) {
            throw new WeChatError(WeChatError.INVALID_GRANT_TYPE);
        }
    }
}
