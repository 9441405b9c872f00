package dev.kcwechat.simulator;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Mini-program login and session keys (WECHAT-API.md §1 and §4).
 *
 * <p>Endpoints:
 * <ul>
 * <li>{@code GET /sns/jscode2session?appid&secret&js_code&grant_type=authorization_code} ->
 *     {@code {"openid","session_key","unionid"?}}. Codes are single use (40163), live 5 minutes
 *     and belong to one app (40029 otherwise, and for another grant_type); 41008 without a code.
 *     A code's script may add an error, a delay, or an empty or non-JSON text/html body.</li>
 * <li>{@code GET /wxa/checksession?access_token&openid&signature&sig_method=hmac_sha256} ->
 *     {@code {errcode:0}} while the signature matches the user's current session_key, else 87009.</li>
 * <li>{@code GET /wxa/resetusersessionkey} (same parameters) -> {@code {openid, session_key}};
 *     the old key dies.</li>
 * </ul>
 *
 * <p>Control API (on {@link WeChatSimulator}): {@code newCode}, {@code code(appId)} ({@link CodeScript}),
 * {@code issuedSessionKeys()}, {@code currentSessionKey(appId, openid)}, {@code sessionKeySignature}.
 */
final class MiniProgramApi {

    private final Simulation simulation;
    private final AccessTokenApi accessTokens;
    private final Map<String, LoginCode> loginCodes = new ConcurrentHashMap<>();
    private final SessionKeys sessionKeys = new SessionKeys();

    MiniProgramApi(Simulation simulation, AccessTokenApi accessTokens) {
        this.simulation = simulation;
        this.accessTokens = accessTokens;
    }

    void addRoutes(Router router) {
        router.route(WeChatSimulator.JSCODE2SESSION, this::jscode2session)
                .route(WeChatSimulator.CHECK_SESSION, this::checkSession)
                .route(WeChatSimulator.RESET_SESSION_KEY, this::resetSessionKey);
    }

    String store(LoginCode code) {
        return Simulation.storeUnder(loginCodes, code, () -> Ids.loginCode(simulation.random()));
    }

    List<String> issuedSessionKeys() {
        return sessionKeys.issued();
    }

    Optional<String> currentSessionKey(String appId, String openid) {
        return sessionKeys.current(appId, openid);
    }

    private Reply jscode2session(Request request) {
        String appId = simulation.authenticate(request.param("appid"), request.param("secret"));
        String jsCode = request.param("js_code");
        if (Simulation.isBlank(jsCode)) {
            throw new WeChatError(WeChatError.CODE_MISSING);
        }
        // Only authorization_code is accepted; WeChat reports anything else as a bad code.
        if (!"authorization_code".equals(request.param("grant_type"))) {
            throw new WeChatError(WeChatError.INVALID_CODE);
        }
        LoginCode code = loginCodes.get(jsCode);
        if (code == null || !code.appId().equals(appId)) {
            throw new WeChatError(WeChatError.INVALID_CODE);
        }
        Simulation.pause(code.latency());
        return redeem(code);
    }

    private Reply redeem(LoginCode code) {
        if (code.isUsed()) {
            throw new WeChatError(WeChatError.CODE_USED);
        }
        if (code.isExpiredAt(simulation.now())) {
            throw new WeChatError(WeChatError.INVALID_CODE);
        }
        if (code.bodyStyle() == LoginCode.BodyStyle.EMPTY) {
            return Reply.emptyHtml();
        }
        if (code.bodyStyle() == LoginCode.BodyStyle.GARBAGE) {
            return Reply.garbageHtml();
        }
        Simulation.answerScriptedError(code.error(), code::consume, WeChatError.CODE_USED);
        if (!code.consume()) {
            throw new WeChatError(WeChatError.CODE_USED);
        }
        sessionKeys.issue(code.appId(), code.openid(), code.sessionKey());
        return simulation.ok(sessionFields(code));
    }

    private static Map<String, Object> sessionFields(LoginCode code) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("openid", code.openid());
        fields.put("session_key", code.sessionKey());
        if (code.unionid() != null) {
            fields.put("unionid", code.unionid());
        }
        return fields;
    }

    private Reply checkSession(Request request) {
        String appId = accessTokens.appIdOf(request.param("access_token"));
        requireValidSignature(appId, request);
        return simulation.ok(Simulation.okFields());
    }

    private Reply resetSessionKey(Request request) {
        String appId = accessTokens.appIdOf(request.param("access_token"));
        String openid = requireValidSignature(appId, request);
        String sessionKey = Ids.sessionKey(simulation.random());
        sessionKeys.issue(appId, openid, sessionKey);
        Map<String, Object> fields = Simulation.okFields();
        fields.put("openid", openid);
        fields.put("session_key", sessionKey);
        return simulation.ok(fields);
    }

    /** The openid, once the signature matches that user's current session_key. */
    private String requireValidSignature(String appId, Request request) {
        String openid = request.param("openid");
        boolean valid = "hmac_sha256".equals(request.param("sig_method"))
                && !Simulation.isBlank(openid)
                && sessionKeys.matchesCurrent(appId, openid, request.param("signature"));
        if (!valid) {
            throw new WeChatError(WeChatError.INVALID_SIGNATURE);
        }
        return openid;
    }
}
