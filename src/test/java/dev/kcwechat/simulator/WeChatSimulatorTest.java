package dev.kcwechat.simulator;

import static dev.kcwechat.simulator.WeChatSimulator.DEMO_APP_ID;
import static dev.kcwechat.simulator.WeChatSimulator.DEMO_APP_SECRET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WeChatSimulatorTest {

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OPENID = "oGZUI0egBJY1zhBYw2KhdUfwVJJE";
    private static final String UNIONID = "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o";

    private WeChatSimulator wechat;

    @BeforeEach
    void startSimulator() {
        wechat = WeChatSimulator.start(0);
    }

    @AfterEach
    void stopSimulator() {
        wechat.close();
    }

    // ---- /sns/jscode2session ----

    @Test
    void exchangesCodeForSessionAsJsonLabelledTextPlain() {
        String code = wechat.newCode(DEMO_APP_ID, OPENID, UNIONID);

        HttpResponse<String> response = jscode2session(DEMO_APP_ID, DEMO_APP_SECRET, code);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain");
        JsonNode body = parse(response);
        assertThat(body.path("openid").asText()).isEqualTo(OPENID);
        assertThat(body.path("unionid").asText()).isEqualTo(UNIONID);
        assertThat(body.has("errcode")).isFalse();
        String sessionKey = body.path("session_key").asText();
        assertThat(Base64.getDecoder().decode(sessionKey)).hasSize(16);
        assertThat(wechat.issuedSessionKeys()).containsExactly(sessionKey);
        assertThat(wechat.currentSessionKey(DEMO_APP_ID, OPENID)).hasValue(sessionKey);
    }

    @Test
    void omitsUnionidWhenTheAppIsNotBoundToOpenPlatform() {
        JsonNode body = exchange(wechat.newCode(DEMO_APP_ID, OPENID, null));

        assertThat(body.path("openid").asText()).isEqualTo(OPENID);
        assertThat(body.has("unionid")).isFalse();
    }

    @Test
    void generatesMixedCaseIdsByDefault() {
        JsonNode body = exchange(wechat.code(DEMO_APP_ID).issue());

        assertThat(body.path("openid").asText()).hasSize(28).startsWith("o").matches(".*[A-Z].*").matches(".*[a-z].*");
        assertThat(body.path("unionid").asText()).hasSize(28).matches(".*[A-Z].*").matches(".*[a-z].*");
    }

    @Test
    void usesScriptedSessionKey() {
        String sessionKey = Base64.getEncoder().encodeToString(new byte[16]);

        JsonNode body = exchange(wechat.code(DEMO_APP_ID).openid(OPENID).sessionKey(sessionKey).issue());

        assertThat(body.path("session_key").asText()).isEqualTo(sessionKey);
    }

    @Test
    void codeIsSingleUse() {
        String code = wechat.newCode(DEMO_APP_ID, OPENID, UNIONID);
        exchange(code);

        JsonNode second = exchange(code);

        assertThat(second.path("errcode").asInt()).isEqualTo(40163);
        assertThat(second.path("errmsg").asText()).matches("code been used rid: [0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}");
    }

    @Test
    void codeExpiresAfterFiveMinutesOfSimulatedTime() {
        String stillValid = wechat.newCode(DEMO_APP_ID, OPENID, UNIONID);
        String expired = wechat.newCode(DEMO_APP_ID, OPENID, UNIONID);
        String shortLived = wechat.code(DEMO_APP_ID).validFor(Duration.ofSeconds(10)).issue();

        wechat.advanceClock(Duration.ofMinutes(4));
        assertThat(exchange(stillValid).has("session_key")).isTrue();
        assertThat(errcode(exchange(shortLived))).isEqualTo(40029);

        wechat.advanceClock(Duration.ofMinutes(1).plusSeconds(1));
        assertThat(errcode(exchange(expired))).isEqualTo(40029);
    }

    @Test
    void unknownCodeAndCodeOfAnotherAppAreInvalid() {
        wechat.registerApp("wxfedcba9876543210", "fedcba9876543210fedcba9876543210");
        String otherAppsCode = wechat.newCode("wxfedcba9876543210", OPENID, UNIONID);

        assertThat(errcode(exchange("0a3Xyz0000000000000000000000000b"))).isEqualTo(40029);
        assertThat(errcode(exchange(otherAppsCode))).isEqualTo(40029);
    }

    @Test
    void rejectsBadAppCredentialsAndMissingCode() {
        String code = wechat.newCode(DEMO_APP_ID, OPENID, UNIONID);

        assertThat(errcode(parse(jscode2session(DEMO_APP_ID, "ffffffffffffffffffffffffffffffff", code)))).isEqualTo(40125);
        assertThat(errcode(parse(jscode2session("wx1111111111111111", DEMO_APP_SECRET, code)))).isEqualTo(40013);
        assertThat(errcode(parse(jscode2session(DEMO_APP_ID, DEMO_APP_SECRET, "")))).isEqualTo(41008);
        assertThat(errcode(parse(get(WeChatSimulator.JSCODE2SESSION, Map.of(
                "appid", DEMO_APP_ID, "secret", DEMO_APP_SECRET, "js_code", code, "grant_type", "password")))))
                .isEqualTo(40029);
        assertThat(exchange(code).has("session_key")).as("failed attempts leave the code usable").isTrue();
    }

    @Test
    void highRiskUserErrorBurnsTheCode() {
        String code = wechat.code(DEMO_APP_ID).errcode(40226).issue();

        assertThat(errcode(exchange(code))).isEqualTo(40226);
        assertThat(errcode(exchange(code))).isEqualTo(40163);
    }

    @Test
    void busyErrorLeavesTheCodeUsable() {
        String alwaysBusy = wechat.code(DEMO_APP_ID).errcode(-1).issue();
        String busyOnce = wechat.code(DEMO_APP_ID).errcode(-1, 1).issue();
        String quotaOnce = wechat.code(DEMO_APP_ID).errcode(45011, 1).issue();

        assertThat(errcode(exchange(alwaysBusy))).isEqualTo(-1);
        assertThat(errcode(exchange(alwaysBusy))).isEqualTo(-1);
        assertThat(errcode(exchange(busyOnce))).isEqualTo(-1);
        assertThat(exchange(busyOnce).has("session_key")).isTrue();
        assertThat(errcode(exchange(quotaOnce))).isEqualTo(45011);
        assertThat(exchange(quotaOnce).has("session_key")).isTrue();
    }

    @Test
    void answersEmptyHtmlBodyWhenScripted() {
        HttpResponse<String> response = jscode2session(DEMO_APP_ID, DEMO_APP_SECRET,
                wechat.code(DEMO_APP_ID).emptyBody().issue());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/html");
        assertThat(response.body()).isEmpty();
    }

    @Test
    void answersNonJsonBodyWhenScripted() {
        HttpResponse<String> response = jscode2session(DEMO_APP_ID, DEMO_APP_SECRET,
                wechat.code(DEMO_APP_ID).garbageBody().issue());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isNotEmpty();
        assertThatThrownBy(() -> JSON.readTree(response.body())).isInstanceOf(JsonProcessingException.class);
    }

    @Test
    void onlyOneOfTenConcurrentExchangesOfACodeSucceeds() {
        // the latency holds all ten requests inside the simulator, so they race for the code
        String code = wechat.code(DEMO_APP_ID).latency(Duration.ofMillis(100)).issue();
        List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            responses.add(HTTP.sendAsync(jscode2sessionRequest(DEMO_APP_ID, DEMO_APP_SECRET, code),
                    HttpResponse.BodyHandlers.ofString()));
        }

        List<JsonNode> bodies = responses.stream().map(CompletableFuture::join).map(this::parse).toList();

        assertThat(bodies).filteredOn(body -> body.has("session_key")).hasSize(1);
        assertThat(bodies).filteredOn(body -> errcode(body) == 40163).hasSize(9);
        assertThat(wechat.issuedSessionKeys()).hasSize(1);
    }

    // ---- access tokens ----

    @Test
    void everyTokenCallIssuesANewTokenAndTheOldOneLivesFiveMoreMinutes() {
        JsonNode first = parse(get(WeChatSimulator.TOKEN, tokenParams()));
        assertThat(first.path("expires_in").asInt()).isEqualTo(7200);
        String oldToken = first.path("access_token").asText();
        String newToken = accessToken();
        assertThat(newToken).isNotEqualTo(oldToken);

        wechat.advanceClock(Duration.ofMinutes(4));
        assertThat(tokenProbe(oldToken)).isEqualTo(87009);

        wechat.advanceClock(Duration.ofMinutes(2));
        assertThat(tokenProbe(oldToken)).isEqualTo(40001);
        assertThat(tokenProbe(newToken)).isEqualTo(87009);
    }

    @Test
    void tokenExpiresAfterTwoHours() {
        String token = accessToken();

        wechat.advanceClock(Duration.ofHours(2));

        assertThat(tokenProbe(token)).isEqualTo(42001);
    }

    @Test
    void tokenCallChecksGrantTypeAndCredentials() {
        assertThat(errcode(parse(get(WeChatSimulator.TOKEN, Map.of(
                "grant_type", "client_credential", "appid", DEMO_APP_ID, "secret", "bad"))))).isEqualTo(40125);
        assertThat(errcode(parse(get(WeChatSimulator.TOKEN, Map.of(
                "grant_type", "client_credential", "appid", "wx1111111111111111", "secret", DEMO_APP_SECRET)))))
                .isEqualTo(40013);
        assertThat(errcode(parse(get(WeChatSimulator.TOKEN, Map.of(
                "grant_type", "authorization_code", "appid", DEMO_APP_ID, "secret", DEMO_APP_SECRET)))))
                .isEqualTo(40002);
        assertThat(tokenProbe("")).isEqualTo(41001);
        assertThat(tokenProbe("90_unknown")).isEqualTo(40001);
    }

    @Test
    void stableTokenStaysTheSameUntilForceRefreshed() {
        JsonNode first = stableToken(false);
        wechat.advanceClock(Duration.ofMinutes(10));
        JsonNode second = stableToken(false);

        assertThat(second.path("access_token").asText()).isEqualTo(first.path("access_token").asText());
        assertThat(first.path("expires_in").asInt()).isEqualTo(7200);
        assertThat(second.path("expires_in").asInt()).isBetween(6599, 6600);

        String rotated = stableToken(true).path("access_token").asText();
        String old = first.path("access_token").asText();
        assertThat(rotated).isNotEqualTo(old);
        assertThat(stableToken(false).path("access_token").asText()).isEqualTo(rotated);
        assertThat(tokenProbe(old)).isEqualTo(87009);
        wechat.advanceClock(Duration.ofMinutes(5));
        assertThat(tokenProbe(old)).isEqualTo(40001);
        assertThat(tokenProbe(rotated)).isEqualTo(87009);
    }

    @Test
    void stableTokenIsRenewedInItsLastFiveMinutes() {
        String first = stableToken(false).path("access_token").asText();

        wechat.advanceClock(Duration.ofMinutes(116));
        JsonNode renewed = stableToken(false);

        assertThat(renewed.path("access_token").asText()).isNotEqualTo(first);
        assertThat(renewed.path("expires_in").asInt()).isEqualTo(7200);
        assertThat(tokenProbe(first)).isEqualTo(87009);
        wechat.advanceClock(Duration.ofMinutes(4));
        assertThat(tokenProbe(first)).isEqualTo(42001);
    }

    @Test
    void stableTokenIsIndependentOfPlainToken() {
        String stable = stableToken(false).path("access_token").asText();
        accessToken();
        accessToken();

        assertThat(stableToken(false).path("access_token").asText()).isEqualTo(stable);
    }

    @Test
    void stableTokenRejectsMalformedBodiesAndBadSecrets() {
        assertThat(errcode(parse(post(WeChatSimulator.STABLE_TOKEN, "", "{not json")))).isEqualTo(47001);
        assertThat(errcode(parse(post(WeChatSimulator.STABLE_TOKEN, "",
                "{\"grant_type\":\"client_credential\",\"appid\":\"" + DEMO_APP_ID + "\",\"secret\":\"bad\"}"))))
                .isEqualTo(40125);
    }

    @Test
    void invalidatedAccessTokensAnswer40001() {
        String token = accessToken();
        String phoneCode = wechat.newPhoneCode(DEMO_APP_ID, "13800138000", "13800138000", "86");

        wechat.invalidateAccessTokens();

        assertThat(errcode(phoneNumber(token, phoneCode))).isEqualTo(40001);
        assertThat(phoneNumber(accessToken(), phoneCode).path("errcode").asInt()).isZero();
    }

    // ---- phone numbers ----

    @Test
    void phoneCodeYieldsPhoneInfoOnce() {
        String token = accessToken();
        String code = wechat.newPhoneCode(DEMO_APP_ID, "13800138000", "13800138000", "86");

        JsonNode body = phoneNumber(token, code);

        assertThat(body.path("errcode").asInt()).isZero();
        assertThat(body.path("errmsg").asText()).isEqualTo("ok");
        JsonNode info = body.path("phone_info");
        assertThat(info.path("phoneNumber").asText()).isEqualTo("13800138000");
        assertThat(info.path("purePhoneNumber").asText()).isEqualTo("13800138000");
        assertThat(info.path("countryCode").isTextual()).isTrue();
        assertThat(info.path("countryCode").asText()).isEqualTo("86");
        assertThat(info.path("watermark").path("appid").asText()).isEqualTo(DEMO_APP_ID);
        assertThat(info.path("watermark").path("timestamp").asLong()).isPositive();
        assertThat(errcode(phoneNumber(token, code))).isEqualTo(40029);
    }

    @Test
    void phoneAnswerFollowsTheScript() {
        String code = wechat.phoneCode(DEMO_APP_ID).phoneNumber("+1 2025550123").countryCode("1")
                .countryCodeAsNumber().watermarkAppId("wxfedcba9876543210").issue();

        JsonNode info = phoneNumber(accessToken(), code).path("phone_info");

        assertThat(info.path("phoneNumber").asText()).isEqualTo("+1 2025550123");
        assertThat(info.path("purePhoneNumber").asText()).isEqualTo("2025550123");
        assertThat(info.path("countryCode").isNumber()).isTrue();
        assertThat(info.path("countryCode").asInt()).isEqualTo(1);
        assertThat(info.path("watermark").path("appid").asText()).isEqualTo("wxfedcba9876543210");
    }

    @Test
    void phoneCodeIsBoundToItsAppAndExpires() {
        wechat.registerApp("wxfedcba9876543210", "fedcba9876543210fedcba9876543210");
        String otherAppsCode = wechat.newPhoneCode("wxfedcba9876543210", "13800138000", "13800138000", "86");
        String expiring = wechat.newPhoneCode(DEMO_APP_ID, "13800138000", "13800138000", "86");
        String token = accessToken();

        assertThat(errcode(phoneNumber(token, otherAppsCode))).isEqualTo(40029);
        wechat.advanceClock(Duration.ofMinutes(5));
        assertThat(errcode(phoneNumber(token, expiring))).isEqualTo(40029);
        assertThat(errcode(parse(post(WeChatSimulator.PHONE_NUMBER, token, "[]")))).isEqualTo(47001);
    }

    @Test
    void phoneCodeScriptedErrors() {
        String token = accessToken();
        String busyOnce = wechat.phoneCode(DEMO_APP_ID).errcode(-1, 1).issue();

        assertThat(errcode(phoneNumber(token, busyOnce))).isEqualTo(-1);
        assertThat(phoneNumber(token, busyOnce).path("errcode").asInt()).isZero();
    }

    // ---- session keys ----

    @Test
    void checkSessionAcceptsOnlyTheCurrentSessionKey() {
        String sessionKey = exchange(wechat.newCode(DEMO_APP_ID, OPENID, UNIONID)).path("session_key").asText();
        String token = accessToken();

        assertThat(checkSession(token, OPENID, WeChatSimulator.sessionKeySignature(sessionKey)))
                .isEqualTo(Map.of("errcode", 0, "errmsg", "ok"));
        assertThat(errcode(checkSession(token, OPENID, "00" + WeChatSimulator.sessionKeySignature(sessionKey))))
                .isEqualTo(87009);

        String newer = exchange(wechat.newCode(DEMO_APP_ID, OPENID, UNIONID)).path("session_key").asText();
        assertThat(errcode(checkSession(token, OPENID, WeChatSimulator.sessionKeySignature(sessionKey))))
                .isEqualTo(87009);
        assertThat(errcode(checkSession(token, OPENID, WeChatSimulator.sessionKeySignature(newer)))).isZero();
    }

    @Test
    void signatureIsLowercaseHexHmacSha256OfTheEmptyMessage() throws Exception {
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec("key".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));

        assertThat(WeChatSimulator.sessionKeySignature("key"))
                .isEqualTo(java.util.HexFormat.of().formatHex(mac.doFinal()))
                .matches("[0-9a-f]{64}");
    }

    @Test
    void resetUserSessionKeyRotatesTheKey() {
        String sessionKey = exchange(wechat.newCode(DEMO_APP_ID, OPENID, UNIONID)).path("session_key").asText();
        String token = accessToken();

        JsonNode reset = parse(get(WeChatSimulator.RESET_SESSION_KEY,
                sessionParams(token, OPENID, WeChatSimulator.sessionKeySignature(sessionKey))));

        assertThat(reset.path("errcode").asInt()).isZero();
        assertThat(reset.path("openid").asText()).isEqualTo(OPENID);
        String newKey = reset.path("session_key").asText();
        assertThat(newKey).isNotEqualTo(sessionKey);
        assertThat(wechat.issuedSessionKeys()).containsExactly(sessionKey, newKey);
        assertThat(errcode(checkSession(token, OPENID, WeChatSimulator.sessionKeySignature(sessionKey))))
                .isEqualTo(87009);
        assertThat(errcode(checkSession(token, OPENID, WeChatSimulator.sessionKeySignature(newKey)))).isZero();
    }

    // ---- faults, counters, plumbing ----

    @Test
    void failNextAnswersTheErrorForTheNextCallsOnly() {
        String code = wechat.newCode(DEMO_APP_ID, OPENID, UNIONID);
        wechat.failNext(WeChatSimulator.JSCODE2SESSION, 2, -1);

        assertThat(errcode(exchange(code))).isEqualTo(-1);
        assertThat(errcode(exchange(code))).isEqualTo(-1);
        assertThat(exchange(code).path("openid").asText()).isEqualTo(OPENID);
    }

    @Test
    void countsCallsPerPath() {
        exchange(wechat.newCode(DEMO_APP_ID, OPENID, UNIONID));
        exchange("unknown");
        accessToken();

        assertThat(wechat.calls(WeChatSimulator.JSCODE2SESSION)).isEqualTo(2);
        assertThat(wechat.calls(WeChatSimulator.TOKEN)).isEqualTo(1);
        assertThat(wechat.calls(WeChatSimulator.PHONE_NUMBER)).isZero();

        wechat.resetCounters();
        assertThat(wechat.calls(WeChatSimulator.JSCODE2SESSION)).isZero();
    }

    @Test
    void pathLatencyDelaysThatPathWithoutBlockingOthers() {
        wechat.setLatency(WeChatSimulator.TOKEN, Duration.ofMillis(300));
        long start = System.nanoTime();
        CompletableFuture<HttpResponse<String>> slow = HTTP.sendAsync(
                getRequest(WeChatSimulator.TOKEN, tokenParams()), HttpResponse.BodyHandlers.ofString());

        JsonNode fast = exchange(wechat.newCode(DEMO_APP_ID, OPENID, UNIONID));
        assertThat(fast.has("session_key")).isTrue();
        assertThat(slow).isNotDone();

        assertThat(parse(slow.join()).has("access_token")).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }

    @Test
    void scriptedCodeLatencyDelaysTheAnswer() {
        String code = wechat.code(DEMO_APP_ID).latency(Duration.ofMillis(300)).issue();
        long start = System.nanoTime();

        assertThat(exchange(code).has("session_key")).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }

    @Test
    void unknownPathIs404WithJsonError() {
        HttpResponse<String> response = get("/cgi-bin/nope", Map.of());

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(errcode(parse(response))).isEqualTo(40066);
    }

    @Test
    void baseUrlPointsAtLoopback() {
        assertThat(wechat.baseUrl()).isEqualTo("http://127.0.0.1:" + wechat.port());
        assertThat(wechat.port()).isPositive();
    }

    @Test
    void demoLoginGivesTheSameUserTheSameIds() {
        wechat.enableDemoEndpoints(DEMO_APP_ID);

        JsonNode first = exchange(get(WeChatSimulator.DEMO_LOGIN, Map.of("user", "alice")).body());
        JsonNode second = exchange(get(WeChatSimulator.DEMO_LOGIN, Map.of("user", "alice")).body());
        JsonNode bob = exchange(get(WeChatSimulator.DEMO_LOGIN, Map.of("user", "bob", "nounionid", "true")).body());

        assertThat(second.path("openid").asText()).isEqualTo(first.path("openid").asText())
                .matches(".*[A-Z].*").matches(".*[a-z].*");
        assertThat(second.path("unionid").asText()).isEqualTo(first.path("unionid").asText());
        assertThat(bob.path("openid").asText()).isNotEqualTo(first.path("openid").asText());
        assertThat(bob.has("unionid")).isFalse();

        String phoneCode = get(WeChatSimulator.DEMO_PHONE, Map.of("number", "13800138000")).body();
        assertThat(phoneNumber(accessToken(), phoneCode).path("phone_info").path("phoneNumber").asText())
                .isEqualTo("13800138000");
    }

    @Test
    void demoLoginCanScriptWeChatBusyForTheFirstExchanges() {
        wechat.enableDemoEndpoints(DEMO_APP_ID);

        String code = get(WeChatSimulator.DEMO_LOGIN, Map.of("user", "carol", "errcode", "-1", "times", "2")).body();

        assertThat(errcode(exchange(code))).isEqualTo(-1);
        assertThat(errcode(exchange(code))).isEqualTo(-1);
        assertThat(exchange(code).path("openid").asText()).as("busy leaves the code usable")
                .isEqualTo(exchange(get(WeChatSimulator.DEMO_LOGIN, Map.of("user", "carol")).body()).path("openid").asText());
        assertThat(get(WeChatSimulator.DEMO_LOGIN, Map.of("user", "carol", "errcode", "busy")).statusCode()).isEqualTo(400);
    }

    @Test
    void demoEndpointsAreOffByDefault() {
        assertThat(get(WeChatSimulator.DEMO_LOGIN, Map.of("user", "alice")).statusCode()).isEqualTo(404);
    }

    // ---- helpers ----

    private JsonNode exchange(String code) {
        return parse(jscode2session(DEMO_APP_ID, DEMO_APP_SECRET, code));
    }

    private HttpResponse<String> jscode2session(String appId, String secret, String code) {
        return send(jscode2sessionRequest(appId, secret, code));
    }

    private HttpRequest jscode2sessionRequest(String appId, String secret, String code) {
        return getRequest(WeChatSimulator.JSCODE2SESSION, Map.of(
                "appid", appId, "secret", secret, "js_code", code, "grant_type", "authorization_code"));
    }

    private static Map<String, String> tokenParams() {
        return Map.of("grant_type", "client_credential", "appid", DEMO_APP_ID, "secret", DEMO_APP_SECRET);
    }

    private String accessToken() {
        return parse(get(WeChatSimulator.TOKEN, tokenParams())).path("access_token").asText();
    }

    private JsonNode stableToken(boolean forceRefresh) {
        return parse(post(WeChatSimulator.STABLE_TOKEN, "", "{\"grant_type\":\"client_credential\",\"appid\":\""
                + DEMO_APP_ID + "\",\"secret\":\"" + DEMO_APP_SECRET + "\",\"force_refresh\":" + forceRefresh + "}"));
    }

    /** 87009 (bad signature) means the token itself was accepted. */
    private int tokenProbe(String token) {
        return errcode(checkSession(token, OPENID, "00"));
    }

    private JsonNode phoneNumber(String token, String code) {
        return parse(post(WeChatSimulator.PHONE_NUMBER, token, "{\"code\":\"" + code + "\"}"));
    }

    private Map<String, Object> checkSession(String token, String openid, String signature) {
        return JSON.convertValue(parse(get(WeChatSimulator.CHECK_SESSION, sessionParams(token, openid, signature))),
                JSON.getTypeFactory().constructMapType(Map.class, String.class, Object.class));
    }

    private static Map<String, String> sessionParams(String token, String openid, String signature) {
        return Map.of("access_token", token, "openid", openid, "signature", signature, "sig_method", "hmac_sha256");
    }

    private static int errcode(JsonNode body) {
        return body.path("errcode").asInt();
    }

    private static int errcode(Map<String, Object> body) {
        return ((Number) body.get("errcode")).intValue();
    }

    private HttpResponse<String> get(String path, Map<String, String> params) {
        return send(getRequest(path, params));
    }

    private HttpRequest getRequest(String path, Map<String, String> params) {
        String query = params.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        return HttpRequest.newBuilder(URI.create(wechat.baseUrl() + path + (query.isEmpty() ? "" : "?" + query)))
                .timeout(Duration.ofSeconds(5))
                .GET()
                .build();
    }

    private HttpResponse<String> post(String path, String accessToken, String body) {
        String query = accessToken.isEmpty() ? "" : "?access_token=" + encode(accessToken);
        return send(HttpRequest.newBuilder(URI.create(wechat.baseUrl() + path + query))
                .timeout(Duration.ofSeconds(5))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private JsonNode parse(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (JsonProcessingException e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
