package dev.kcwechat.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Risk ranks (WECHAT-API.md §5).
 *
 * <p>Endpoint: {@code POST /wxa/getuserriskrank?access_token} JSON {@code {appid, openid, scene,
 * client_ip, ...}} -> {@code {"errcode":0,"errmsg":"getuserriskrank succ","risk_rank":0..4,"unoin_id":N}}.
 * Checks as WeChat does: token (41001/40001/42001), body appid = the token's app (40013), scene 0
 * or 1 (47001), openid (40003), a recent visit of that user, i.e. a wx.login code issued in that
 * app (61010 otherwise). Every JSON-object body is recorded on arrival, whatever the answer.
 *
 * <p>Control API (on {@link WeChatSimulator}): {@code setRiskRank}, {@code markInactive},
 * {@code riskRequests()}; {@code resetCounters()} forgets the recorded bodies.
 */
final class RiskApi {

    private final Simulation simulation;
    private final AccessTokenApi accessTokens;
    private final RiskRanks riskRanks;

    RiskApi(Simulation simulation, AccessTokenApi accessTokens) {
        this.simulation = simulation;
        this.accessTokens = accessTokens;
        this.riskRanks = new RiskRanks(simulation.random());
    }

    void addRoutes(Router router) {
        router.route(WeChatSimulator.RISK_RANK, this::riskRank)
                .onArrival(WeChatSimulator.RISK_RANK, this::record);
    }

    /** A code was issued for the user in that app: WeChat has seen them open it. */
    void visited(String appId, String openid) {
        riskRanks.visited(appId, openid);
    }

    void setRank(String appId, String openid, int rank) {
        riskRanks.setRank(appId, openid, rank);
    }

    void markInactive(String appId, String openid) {
        riskRanks.markInactive(appId, openid);
    }

    List<Map<String, Object>> requests() {
        return riskRanks.requests();
    }

    void clearRequests() {
        riskRanks.clearRequests();
    }

    /** Bodies that are not JSON objects are not recorded (the endpoint answers them 47001). */
    private void record(Request request) {
        simulation.jsonObjectAsMap(request.body()).ifPresent(riskRanks::record);
    }

    private Reply riskRank(Request request) {
        Simulation.requirePost(request);
        String appId = accessTokens.appIdOf(request.param("access_token"));
        JsonNode body = simulation.jsonObjectBody(request);
        if (!appId.equals(body.path("appid").asText(null))) {
            throw new WeChatError(WeChatError.INVALID_APPID);
        }
        JsonNode scene = body.path("scene");
        if (!scene.isIntegralNumber() || !scene.canConvertToInt() || !RiskRanks.isScene(scene.intValue())) {
            throw new WeChatError(WeChatError.DATA_FORMAT_ERROR);
        }
        JsonNode openid = body.path("openid");
        if (!openid.isTextual() || openid.asText().isBlank()) {
            throw new WeChatError(WeChatError.INVALID_OPENID);
        }
        int rank = riskRanks.rankOf(appId, openid.asText());
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("errcode", 0);
        fields.put("errmsg", "getuserriskrank succ"); // WeChat's own text here, not "ok"
        fields.put("risk_rank", rank);
        fields.put("unoin_id", riskRanks.nextUnoinId());
        return simulation.ok(fields);
    }
}
