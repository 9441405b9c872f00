package dev.kcwechat.simulator;

import static dev.kcwechat.simulator.WeChatSimulator.DEMO_APP_ID;
import static dev.kcwechat.simulator.WeChatSimulator.DEMO_APP_SECRET;
import static dev.kcwechat.simulator.WeChatSimulator.RISK_RANK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** /wxa/getuserriskrank of the simulator. */
class RiskRankTest {

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OPENID = "oGZUI0egBJY1zhBYw2KhdUfwVJJE";
    private static final String OTHER_OPENID = "oHqWm3lKpR8sTb2vXy5zNcJdEfGh";
    private static final String OTHER_APP_ID = "wxfedcba9876543210";
    private static final String OTHER_APP_SECRET = "fedcba9876543210fedcba9876543210";
    private static final String CLIENT_IP = "203.0.113.7";

    private WeChatSimulator wechat;
    private String token;

    @BeforeEach
    void startSimulator() {
        wechat = WeChatSimulator.start(0);
        token = accessToken(DEMO_APP_ID, DEMO_APP_SECRET);
    }

    @AfterEach
    void stopSimulator() {
        wechat.close();
    }

    // ---- answers ----

    @Test
    void answersTheScriptedRankAsJsonLabelledTextPlain() {
        wechat.newCode(DEMO_APP_ID, OPENID, null);
        wechat.setRiskRank(DEMO_APP_ID, OPENID, 3);

        HttpResponse<String> response = post(token, body(DEMO_APP_ID, OPENID, 0).toString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain");
        JsonNode body = parse(response);
        assertThat(body.path("errcode").isInt()).isTrue();
        assertThat(body.path("errcode").asInt()).isZero();
        assertThat(body.path("errmsg").asText()).isEqualTo("getuserriskrank succ");
        assertThat(body.path("risk_rank").isInt()).isTrue();
        assertThat(body.path("risk_rank").asInt()).isEqualTo(3);
        assertThat(body.path("unoin_id").isIntegralNumber()).as("WeChat's spelling, a number").isTrue();
        assertThat(body.has("union_id")).isFalse();
    }

    @Test
    void everyAnswerHasItsOwnUnoinId() {
        wechat.newCode(DEMO_APP_ID, OPENID, null);

        long first = riskRank(body(DEMO_APP_ID, OPENID, 0)).path("unoin_id").asLong();
        long second = riskRank(body(DEMO_APP_ID, OPENID, 1)).path("unoin_id").asLong();

        assertThat(first).isPositive();
        assertThat(second).isPositive().isNotEqualTo(first);
    }

    @Test
    void rankDefaultsToZeroForBothScenes() {
        wechat.newCode(DEMO_APP_ID, OPENID, null);

        JsonNode register = riskRank(body(DEMO_APP_ID, OPENID, 0));
        JsonNode marketing = riskRank(body(DEMO_APP_ID, OPENID, 1));

        assertThat(register.path("errcode").asInt()).isZero();
        assertThat(register.has("risk_rank")).isTrue();
        assertThat(register.path("risk_rank").asInt()).isZero();
        assertThat(marketing.path("errcode").asInt()).isZero();
        assertThat(marketing.path("risk_rank").asInt()).isZero();
    }

    @Test
    void ranksArePerAppAndPerUser() {
        wechat.registerApp(OTHER_APP_ID, OTHER_APP_SECRET);
        wechat.newCode(DEMO_APP_ID, OPENID, null);
        wechat.newCode(DEMO_APP_ID, OTHER_OPENID, null);
        wechat.newCode(OTHER_APP_ID, OPENID, null);
        wechat.setRiskRank(DEMO_APP_ID, OPENID, 4);

        assertThat(riskRank(body(DEMO_APP_ID, OPENID, 0)).path("risk_rank").asInt()).isEqualTo(4);
        assertThat(riskRank(body(DEMO_APP_ID, OTHER_OPENID, 0)).path("risk_rank").asInt()).isZero();
        String otherToken = accessToken(OTHER_APP_ID, OTHER_APP_SECRET);
        assertThat(parse(post(otherToken, body(OTHER_APP_ID, OPENID, 0).toString())).path("risk_rank").asInt())
                .isZero();
    }

    @Test
    void rankOutsideZeroToFourIsRefused() {
        assertThatThrownBy(() -> wechat.setRiskRank(DEMO_APP_ID, OPENID, 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> wechat.setRiskRank(DEMO_APP_ID, OPENID, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    // ---- users WeChat has not seen recently ----

    @Test
    void userWithoutAnIssuedCodeInThatAppAnswers61010() {
        wechat.registerApp(OTHER_APP_ID, OTHER_APP_SECRET);
        wechat.newCode(OTHER_APP_ID, OPENID, null);
        wechat.setRiskRank(DEMO_APP_ID, OTHER_OPENID, 2);

        JsonNode unknown = riskRank(body(DEMO_APP_ID, OPENID, 0));

        assertThat(errcode(unknown)).isEqualTo(61010);
        assertThat(unknown.path("errmsg").asText()).matches("code is expired rid: [0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}");
        assertThat(unknown.has("risk_rank")).isFalse();
        assertThat(errcode(riskRank(body(DEMO_APP_ID, OTHER_OPENID, 0))))
                .as("a scripted rank alone is no visit").isEqualTo(61010);
    }

    @Test
    void codesFromTheDemoLoginCountAsVisits() {
        wechat.enableDemoEndpoints(DEMO_APP_ID);
        String code = send(HttpRequest.newBuilder(URI.create(wechat.baseUrl() + WeChatSimulator.DEMO_LOGIN + "?user=alice"))
                .GET().build()).body();
        String openid = parse(send(HttpRequest.newBuilder(URI.create(wechat.baseUrl() + WeChatSimulator.JSCODE2SESSION
                + "?appid=" + DEMO_APP_ID + "&secret=" + DEMO_APP_SECRET + "&js_code=" + encode(code)
                + "&grant_type=authorization_code")).GET().build())).path("openid").asText();

        assertThat(errcode(riskRank(body(DEMO_APP_ID, openid, 0)))).isZero();
    }

    @Test
    void inactiveUserAnswers61010EvenAfterANewCode() {
        wechat.newCode(DEMO_APP_ID, OPENID, null);
        wechat.newCode(DEMO_APP_ID, OTHER_OPENID, null);

        wechat.markInactive(DEMO_APP_ID, OPENID);
        wechat.newCode(DEMO_APP_ID, OPENID, null);

        assertThat(errcode(riskRank(body(DEMO_APP_ID, OPENID, 0)))).isEqualTo(61010);
        assertThat(errcode(riskRank(body(DEMO_APP_ID, OTHER_OPENID, 0)))).isZero();
    }

    // ---- malformed requests ----

    @Test
    void sceneMustBeTheNumberZeroOrOne() {
        wechat.newCode(DEMO_APP_ID, OPENID, null);
        ObjectNode missing = body(DEMO_APP_ID, OPENID, 0);
        missing.remove("scene");

        assertThat(errcode(riskRank(missing))).isEqualTo(47001);
        assertThat(errcode(riskRank(body(DEMO_APP_ID, OPENID, 0).put("scene", "0")))).isEqualTo(47001);
        assertThat(errcode(riskRank(body(DEMO_APP_ID, OPENID, 0).put("scene", 0.5)))).isEqualTo(47001);
        assertThat(errcode(riskRank(body(DEMO_APP_ID, OPENID, 0).putNull("scene")))).isEqualTo(47001);
        assertThat(errcode(riskRank(body(DEMO_APP_ID, OPENID, 2)))).isEqualTo(47001);
        assertThat(errcode(riskRank(body(DEMO_APP_ID, OPENID, -1)))).isEqualTo(47001);
        assertThat(errcode(riskRank(body(DEMO_APP_ID, OPENID, 0).put("scene", 4_294_967_296L))))
                .as("a long whose low 32 bits are 0").isEqualTo(47001);
        assertThat(errcode(riskRank(body(DEMO_APP_ID, OPENID, 1)))).isZero();
    }

    @Test
    void bodyMustBeAJsonObjectWithAnOpenid() {
        wechat.newCode(DEMO_APP_ID, OPENID, null);
        ObjectNode noOpenid = body(DEMO_APP_ID, OPENID, 0);
        noOpenid.remove("openid");

        assertThat(errcode(parse(post(token, "{not json")))).isEqualTo(47001);
        assertThat(errcode(parse(post(token, "[]")))).isEqualTo(47001);
        assertThat(errcode(riskRank(noOpenid))).isEqualTo(40003);
        assertThat(errcode(riskRank(body(DEMO_APP_ID, "", 0)))).isEqualTo(40003);
    }

    @Test
    void bodyAppidMustBeTheTokensApp() {
        wechat.registerApp(OTHER_APP_ID, OTHER_APP_SECRET);
        wechat.newCode(DEMO_APP_ID, OPENID, null);
        wechat.newCode(OTHER_APP_ID, OPENID, null);
        ObjectNode noAppid = body(DEMO_APP_ID, OPENID, 0);
        noAppid.remove("appid");

        assertThat(errcode(riskRank(body(OTHER_APP_ID, OPENID, 0)))).isEqualTo(40013);
        assertThat(errcode(riskRank(noAppid))).isEqualTo(40013);
        assertThat(errcode(parse(post(accessToken(OTHER_APP_ID, OTHER_APP_SECRET),
                body(DEMO_APP_ID, OPENID, 0).toString())))).isEqualTo(40013);
    }

    @Test
    void accessTokenIsCheckedLikeTheOtherEndpoints() {
        wechat.newCode(DEMO_APP_ID, OPENID, null);
        String request = body(DEMO_APP_ID, OPENID, 0).toString();

        assertThat(errcode(parse(post("", request)))).isEqualTo(41001);
        assertThat(errcode(parse(post("90_unknown", request)))).isEqualTo(40001);
        wechat.advanceClock(Duration.ofHours(2));
        assertThat(errcode(parse(post(token, request)))).isEqualTo(42001);
        String fresh = accessToken(DEMO_APP_ID, DEMO_APP_SECRET);
        assertThat(errcode(parse(post(fresh, request)))).isZero();
        wechat.invalidateAccessTokens();
        assertThat(errcode(parse(post(fresh, request)))).isEqualTo(40001);
    }

    @Test
    void requiresPost() {
        wechat.newCode(DEMO_APP_ID, OPENID, null);

        HttpResponse<String> response = send(HttpRequest.newBuilder(
                URI.create(wechat.baseUrl() + RISK_RANK + "?access_token=" + encode(token))).GET().build());

        assertThat(errcode(parse(response))).isEqualTo(43002);
    }

    // ---- recording, faults, counters ----

    @Test
    void recordsEveryRequestBodyInOrderWhateverTheAnswer() {
        wechat.newCode(DEMO_APP_ID, OPENID, null);
        riskRank(body(DEMO_APP_ID, OPENID, 0).put("mobile_no", "13800138000"));
        riskRank(body(DEMO_APP_ID, OTHER_OPENID, 1).putNull("extended_info"));
        post(token, "{not json");

        assertThat(wechat.riskRequests()).hasSize(2);
        Map<String, Object> first = wechat.riskRequests().get(0);
        assertThat(first).containsEntry("appid", DEMO_APP_ID).containsEntry("openid", OPENID)
                .containsEntry("scene", 0).containsEntry("client_ip", CLIENT_IP)
                .containsEntry("mobile_no", "13800138000");
        Map<String, Object> second = wechat.riskRequests().get(1);
        assertThat(second).containsEntry("openid", OTHER_OPENID).containsEntry("scene", 1)
                .containsEntry("extended_info", null);
        assertThatThrownBy(() -> wechat.riskRequests().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> first.put("scene", 1)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void resetCountersForgetsCallsAndRecordedRequests() {
        wechat.newCode(DEMO_APP_ID, OPENID, null);
        riskRank(body(DEMO_APP_ID, OPENID, 0));
        assertThat(wechat.calls(RISK_RANK)).isEqualTo(1);

        wechat.resetCounters();

        assertThat(wechat.calls(RISK_RANK)).isZero();
        assertThat(wechat.riskRequests()).isEmpty();
        riskRank(body(DEMO_APP_ID, OPENID, 1));
        assertThat(wechat.riskRequests()).singleElement().satisfies(b -> assertThat(b).containsEntry("scene", 1));
    }

    @Test
    void failNextAnswersTheErrorForTheNextRiskCallsOnly() {
        wechat.newCode(DEMO_APP_ID, OPENID, null);
        wechat.setRiskRank(DEMO_APP_ID, OPENID, 2);
        wechat.failNext(RISK_RANK, 2, -1);

        assertThat(errcode(riskRank(body(DEMO_APP_ID, OPENID, 0)))).isEqualTo(-1);
        assertThat(errcode(riskRank(body(DEMO_APP_ID, OPENID, 0)))).isEqualTo(-1);
        assertThat(riskRank(body(DEMO_APP_ID, OPENID, 0)).path("risk_rank").asInt()).isEqualTo(2);
        assertThat(wechat.calls(RISK_RANK)).isEqualTo(3);
        assertThat(wechat.riskRequests()).as("failed calls are recorded too").hasSize(3);
    }

    @Test
    void clearFaultsRemovesAPendingRiskFailure() {
        wechat.newCode(DEMO_APP_ID, OPENID, null);
        wechat.failNext(RISK_RANK, 1, 45011);

        wechat.clearFaults();

        assertThat(errcode(riskRank(body(DEMO_APP_ID, OPENID, 0)))).isZero();
    }

    @Test
    void latencyDelaysRiskCalls() {
        wechat.newCode(DEMO_APP_ID, OPENID, null);
        wechat.setLatency(RISK_RANK, Duration.ofMillis(300));
        long start = System.nanoTime();

        assertThat(errcode(riskRank(body(DEMO_APP_ID, OPENID, 0)))).isZero();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }

    // ---- helpers ----

    private static ObjectNode body(String appId, String openid, int scene) {
        return JSON.createObjectNode().put("appid", appId).put("openid", openid).put("scene", scene)
                .put("client_ip", CLIENT_IP);
    }

    private JsonNode riskRank(ObjectNode body) {
        return parse(post(token, body.toString()));
    }

    private String accessToken(String appId, String secret) {
        return parse(send(HttpRequest.newBuilder(URI.create(wechat.baseUrl() + WeChatSimulator.TOKEN
                + "?grant_type=client_credential&appid=" + appId + "&secret=" + secret)).GET().build()))
                .path("access_token").asText();
    }

    private HttpResponse<String> post(String accessToken, String body) {
        String query = accessToken.isEmpty() ? "" : "?access_token=" + encode(accessToken);
        return send(HttpRequest.newBuilder(URI.create(wechat.baseUrl() + RISK_RANK + query))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(HttpRequest.newBuilder(request, (name, value) -> true)
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode parse(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (JsonProcessingException e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }

    private static int errcode(JsonNode body) {
        return body.path("errcode").asInt();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
