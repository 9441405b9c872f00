package dev.kcwechat.simulator;

import static dev.kcwechat.simulator.SimulatorClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** WeCom's server API in the simulator: gettoken, the mini-program's jscode2session, user/get; the demo corp. */
class WeComApiTest {

    private static final String CORP_ID = "ww1a2b3c4d5e6f7a8b";
    private static final int AGENT_ID = 1000005;
    private static final String SECRET = "s3cr3t-of-the-app-1000005-0123456789abcdef";
    private static final int OTHER_AGENT_ID = 1000006;
    private static final String OTHER_SECRET = "s3cr3t-of-the-app-1000006-0123456789abcdef";
    private static final String OTHER_CORP_ID = "ww9f8e7d6c5b4a3f2e";
    private static final String OTHER_CORP_SECRET = "s3cr3t-of-the-other-corp-0123456789abcdefg";
    private static final String ERRMSG_TAIL = ", hint: \\[\\d{25}\\], from ip: 127\\.0\\.0\\.1, more info at "
            + "https://open\\.work\\.weixin\\.qq\\.com/devtool/query\\?e=";

    private WeChatSimulator wechat;
    private SimulatorClient http;

    @BeforeEach
    void startSimulator() {
        wechat = WeChatSimulator.start(0)
                .registerCorp(CORP_ID, AGENT_ID, SECRET)
                .registerCorp(CORP_ID, OTHER_AGENT_ID, OTHER_SECRET)
                .registerCorp(OTHER_CORP_ID, AGENT_ID, OTHER_CORP_SECRET)
                .weComMember(CORP_ID, "zhangsan", "张三", List.of(1, 2), WeChatSimulator.WECOM_STATUS_ACTIVE,
                        "13800000001", "zhangsan@example.com");
        http = new SimulatorClient(wechat);
    }

    @AfterEach
    void stopSimulator() {
        wechat.close();
    }

    // ---- /cgi-bin/gettoken ----

    @Test
    void gettokenAnswersTheAppsTokenAsWeComDoes() {
        HttpResponse<String> response = http.get(WeChatSimulator.WECOM_GETTOKEN, Map.of("corpid", CORP_ID, "corpsecret", SECRET));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json; charset=UTF-8");
        assertThat(response.headers().firstValue("Error-Code")).hasValue("0");
        assertThat(response.headers().firstValue("Error-Msg")).hasValue("ok");
        JsonNode body = json(response);
        assertThat(body.path("errcode").isInt()).isTrue();
        assertThat(body.path("errcode").asInt()).isZero();
        assertThat(body.path("errmsg").asText()).isEqualTo("ok");
        assertThat(body.path("access_token").asText()).hasSizeGreaterThan(100).matches("[A-Za-z0-9_-]+");
        assertThat(body.path("expires_in").asInt()).isEqualTo(7200);
    }

    @Test
    void gettokenAnswersTheSameTokenWhileItIsValidAndANewOneAfter() {
        String first = token(CORP_ID, SECRET);
        wechat.advanceClock(Duration.ofMinutes(30));

        JsonNode again = json(http.get(WeChatSimulator.WECOM_GETTOKEN, Map.of("corpid", CORP_ID, "corpsecret", SECRET)));
        assertThat(again.path("access_token").asText()).isEqualTo(first);
        assertThat(again.path("expires_in").asInt()).as("the seconds it has left").isBetween(5398, 5400);

        wechat.advanceClock(Duration.ofMinutes(90));
        String renewed = token(CORP_ID, SECRET);
        assertThat(renewed).isNotEqualTo(first);
        assertThat(errcode(userGet(first, "zhangsan"))).isEqualTo(42001);
        assertThat(userGet(renewed, "zhangsan").path("userid").asText()).isEqualTo("zhangsan");
    }

    @Test
    void eachAppOfACorpHasItsOwnToken() {
        String app = token(CORP_ID, SECRET);
        String otherApp = token(CORP_ID, OTHER_SECRET);
        String otherCorp = token(OTHER_CORP_ID, OTHER_CORP_SECRET);

        assertThat(app).isNotEqualTo(otherApp).isNotEqualTo(otherCorp);
        assertThat(errcode(userGet(otherCorp, "zhangsan"))).as("another corp's token").isEqualTo(60111);
    }

    @Test
    void gettokenChecksTheSecretFirstThenTheCorp() {
        assertThat(errcode(gettoken(Map.of()))).isEqualTo(41004);
        assertThat(errcode(gettoken(Map.of("corpid", CORP_ID)))).isEqualTo(41004);
        assertThat(errcode(gettoken(Map.of("corpsecret", SECRET)))).isEqualTo(41002);
        assertThat(errcode(gettoken(Map.of("corpid", "ww0000000000000000", "corpsecret", SECRET)))).isEqualTo(40013);
        assertThat(errcode(gettoken(Map.of("corpid", CORP_ID, "corpsecret", "wrong")))).isEqualTo(40001);
        assertThat(errcode(gettoken(Map.of("corpid", CORP_ID, "corpsecret", OTHER_CORP_SECRET))))
                .as("another corp's secret").isEqualTo(40001);
    }

    @Test
    void errorsEndInAHintTheCallersIpAndALinkAsWeComsDo() {
        HttpResponse<String> response = http.get(WeChatSimulator.WECOM_GETTOKEN, Map.of("corpid", "test", "corpsecret", "test"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json; charset=UTF-8");
        JsonNode body = json(response);
        assertThat(body.path("errcode").asInt()).isEqualTo(40013);
        assertThat(body.path("errmsg").asText()).matches("invalid corpid" + ERRMSG_TAIL + "40013");
        assertThat(response.headers().firstValue("Error-Code")).hasValue("40013");
        assertThat(response.headers().firstValue("Error-Msg")).hasValue(body.path("errmsg").asText());
        assertThat(body.size()).isEqualTo(2);
    }

    @Test
    void tokenErrorsAreMissingUnknownAndExpired() {
        String token = token(CORP_ID, SECRET);

        assertThat(errcode(userGet("", "zhangsan"))).isEqualTo(41001);
        assertThat(errcode(userGet("not-a-token", "zhangsan"))).isEqualTo(40014);
        wechat.advanceClock(Duration.ofHours(2).minusSeconds(1));
        assertThat(userGet(token, "zhangsan").path("errcode").asInt()).isZero();
        wechat.advanceClock(Duration.ofSeconds(1));
        JsonNode expired = userGet(token, "zhangsan");
        assertThat(errcode(expired)).isEqualTo(42001);
        assertThat(expired.path("errmsg").asText()).matches("access_token expired" + ERRMSG_TAIL + "42001");
    }

    @Test
    void invalidatedTokensAreUnknownAndGettokenIssuesNewOnes() {
        String token = token(CORP_ID, SECRET);

        wechat.invalidateWeComAccessTokens();

        assertThat(errcode(userGet(token, "zhangsan"))).isEqualTo(40014);
        String renewed = token(CORP_ID, SECRET);
        assertThat(renewed).isNotEqualTo(token);
        assertThat(userGet(renewed, "zhangsan").path("userid").asText()).isEqualTo("zhangsan");
    }

    @Test
    void tokenLifetimeCanBeShortened() {
        wechat.setWeComAccessTokenLifetime(Duration.ofMinutes(10));
        JsonNode answer = json(http.get(WeChatSimulator.WECOM_GETTOKEN, Map.of("corpid", CORP_ID, "corpsecret", SECRET)));
        assertThat(answer.path("expires_in").asInt()).isEqualTo(600);

        wechat.advanceClock(Duration.ofMinutes(10));
        assertThat(errcode(userGet(answer.path("access_token").asText(), "zhangsan"))).isEqualTo(42001);
    }

    // ---- /cgi-bin/miniprogram/jscode2session ----

    @Test
    void jscode2sessionAnswersCorpidUseridAndASessionKey() {
        String code = wechat.newWeComCode(CORP_ID, AGENT_ID, "zhangsan");

        HttpResponse<String> response = jscode2session(token(CORP_ID, SECRET), code, "authorization_code");

        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json; charset=UTF-8");
        JsonNode body = json(response);
        assertThat(body.path("errcode").asInt()).isZero();
        assertThat(body.path("errmsg").asText()).isEqualTo("ok");
        assertThat(body.path("corpid").asText()).isEqualTo(CORP_ID);
        assertThat(body.path("userid").asText()).isEqualTo("zhangsan");
        assertThat(Base64.getDecoder().decode(body.path("session_key").asText())).hasSize(16);
        assertThat(code).matches("[A-Za-z0-9]{32}");
    }

    @Test
    void aWxQyLoginCodeIsSingleUse() {
        String token = token(CORP_ID, SECRET);
        String code = wechat.newWeComCode(CORP_ID, AGENT_ID, "zhangsan");
        assertThat(exchange(token, code).path("userid").asText()).isEqualTo("zhangsan");

        JsonNode again = exchange(token, code);

        assertThat(errcode(again)).isEqualTo(40029);
        assertThat(again.path("errmsg").asText()).matches("invalid code" + ERRMSG_TAIL + "40029");
    }

    @Test
    void aWxQyLoginCodeExpiresAfterFiveMinutesOfSimulatedTime() {
        String token = token(CORP_ID, SECRET);
        String stillValid = wechat.newWeComCode(CORP_ID, AGENT_ID, "zhangsan");
        String expired = wechat.newWeComCode(CORP_ID, AGENT_ID, "zhangsan");

        wechat.advanceClock(Duration.ofMinutes(4).plusSeconds(59));
        assertThat(exchange(token, stillValid).path("userid").asText()).isEqualTo("zhangsan");
        wechat.advanceClock(Duration.ofSeconds(1));
        assertThat(errcode(exchange(token, expired))).isEqualTo(40029);
    }

    @Test
    void aWxQyLoginCodeBelongsToItsCorpAndApp() {
        String code = wechat.newWeComCode(CORP_ID, AGENT_ID, "zhangsan");

        assertThat(errcode(exchange(token(CORP_ID, OTHER_SECRET), code))).as("another app of the corp").isEqualTo(40029);
        assertThat(errcode(exchange(token(OTHER_CORP_ID, OTHER_CORP_SECRET), code))).as("another corp").isEqualTo(40029);
        assertThat(errcode(exchange(token(CORP_ID, SECRET), "0a3Xyz0000000000000000000000000b"))).isEqualTo(40029);
        assertThat(exchange(token(CORP_ID, SECRET), code).path("userid").asText()).as("still unused").isEqualTo("zhangsan");
    }

    @Test
    void jscode2sessionWantsACodeAndGrantTypeAuthorizationCode() {
        String token = token(CORP_ID, SECRET);
        String code = wechat.newWeComCode(CORP_ID, AGENT_ID, "zhangsan");

        assertThat(errcode(json(jscode2session(token, "", "authorization_code")))).isEqualTo(41008);
        assertThat(errcode(json(jscode2session(token, code, "client_credential")))).isEqualTo(40029);
        assertThat(errcode(json(jscode2session("", code, "authorization_code")))).isEqualTo(41001);
        assertThat(errcode(json(jscode2session("unknown", code, "authorization_code")))).isEqualTo(40014);
        assertThat(exchange(token, code).path("userid").asText()).as("failed attempts leave the code usable").isEqualTo("zhangsan");
    }

    @Test
    void aCodeMayNameAUseridTheCorpHasNoMemberOf() {
        String token = token(CORP_ID, SECRET);

        assertThat(exchange(token, wechat.newWeComCode(CORP_ID, AGENT_ID, "deleted-since")).path("userid").asText())
                .isEqualTo("deleted-since");
        assertThat(errcode(userGet(token, "deleted-since"))).isEqualTo(60111);
    }

    @Test
    void newWeComCodeWantsARegisteredApp() {
        assertThatThrownBy(() -> wechat.newWeComCode(CORP_ID, 1000099, "zhangsan")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> wechat.newWeComCode("ww0000000000000000", AGENT_ID, "zhangsan"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // ---- /cgi-bin/user/get ----

    @Test
    void userGetOfANewAppHasNoMobileEmailOrAvatar() {
        JsonNode member = userGet(token(CORP_ID, SECRET), "zhangsan");

        assertThat(member.path("errcode").asInt()).isZero();
        assertThat(member.path("errmsg").asText()).isEqualTo("ok");
        assertThat(member.path("userid").asText()).isEqualTo("zhangsan");
        assertThat(member.path("name").asText()).isEqualTo("张三");
        assertThat(member.path("department").toString()).isEqualTo("[1,2]");
        assertThat(member.path("main_department").asInt()).isEqualTo(1);
        assertThat(member.path("status").isInt()).isTrue();
        assertThat(member.path("status").asInt()).isEqualTo(1);
        for (String absent : List.of("mobile", "email", "biz_mail", "gender", "avatar", "thumb_avatar", "qr_code", "address")) {
            assertThat(member.has(absent)).as(absent).isFalse();
        }
    }

    @Test
    void userGetOfALegacyAppHasMobileAndEmail() {
        wechat.weComLegacyApp(CORP_ID, AGENT_ID, true);

        JsonNode member = userGet(token(CORP_ID, SECRET), "zhangsan");
        assertThat(member.path("mobile").asText()).isEqualTo("13800000001");
        assertThat(member.path("email").asText()).isEqualTo("zhangsan@example.com");
        assertThat(member.path("avatar").asText()).startsWith("https://");
        assertThat(member.path("gender").asText()).isEqualTo("0");
        assertThat(userGet(token(CORP_ID, OTHER_SECRET), "zhangsan").has("mobile")).as("the other app is new").isFalse();

        wechat.weComLegacyApp(CORP_ID, AGENT_ID, false);
        assertThat(userGet(token(CORP_ID, SECRET), "zhangsan").has("mobile")).isFalse();
    }

    @Test
    void aLegacyAppGetsEmptyStringsForAMemberWithoutMobileOrEmail() {
        wechat.weComMember(CORP_ID, "lisi", "李四", List.of(2), WeChatSimulator.WECOM_STATUS_ACTIVE, null, null)
                .weComLegacyApp(CORP_ID, AGENT_ID, true);

        JsonNode member = userGet(token(CORP_ID, SECRET), "lisi");

        assertThat(member.path("mobile").isTextual()).isTrue();
        assertThat(member.path("mobile").asText()).isEmpty();
        assertThat(member.path("email").asText()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 4, 5})
    void userGetAnswersTheMembersStatus(int status) {
        wechat.weComMember(CORP_ID, "wangwu", "王五", List.of(3), status, null, null);

        assertThat(userGet(token(CORP_ID, SECRET), "wangwu").path("status").asInt()).isEqualTo(status);
    }

    @Test
    void aMembersStatusCanChange() {
        String token = token(CORP_ID, SECRET);

        wechat.weComMemberStatus(CORP_ID, "zhangsan", WeChatSimulator.WECOM_STATUS_LEFT);

        JsonNode member = userGet(token, "zhangsan");
        assertThat(member.path("status").asInt()).isEqualTo(5);
        assertThat(member.path("name").asText()).isEqualTo("张三");
        assertThatThrownBy(() -> wechat.weComMemberStatus(CORP_ID, "zhangsan", 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> wechat.weComMemberStatus(CORP_ID, "nobody", 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void userGetAnswers60111ForAnUnknownUseridAnd41009WithoutOne() {
        String token = token(CORP_ID, SECRET);

        JsonNode unknown = userGet(token, "nobody");
        assertThat(errcode(unknown)).isEqualTo(60111);
        assertThat(unknown.path("errmsg").asText()).matches("userid not found" + ERRMSG_TAIL + "60111");
        assertThat(errcode(userGet(token, ""))).isEqualTo(41009);
    }

    @Test
    void aMemberOutsideTheAppsVisibleRangeIs60011ForThatAppOnly() {
        wechat.weComVisible(CORP_ID, AGENT_ID, "zhangsan", false);

        JsonNode hidden = userGet(token(CORP_ID, SECRET), "zhangsan");
        assertThat(errcode(hidden)).isEqualTo(60011);
        assertThat(hidden.path("errmsg").asText())
                .matches("no privilege to access/modify contact/party/agent " + ERRMSG_TAIL + "60011");
        assertThat(userGet(token(CORP_ID, OTHER_SECRET), "zhangsan").path("userid").asText()).isEqualTo("zhangsan");

        wechat.weComVisible(CORP_ID, AGENT_ID, "zhangsan", true);
        assertThat(userGet(token(CORP_ID, SECRET), "zhangsan").path("userid").asText()).isEqualTo("zhangsan");
    }

    // ---- faults and counters ----

    @Test
    void failNextAnswersWeComStyleErrorsAndLeavesTheCodeUsable() {
        String token = token(CORP_ID, SECRET);
        String code = wechat.newWeComCode(CORP_ID, AGENT_ID, "zhangsan");
        wechat.failNext(WeChatSimulator.WECOM_JSCODE2SESSION, 1, -1);
        wechat.failNext(WeChatSimulator.WECOM_GETTOKEN, 1, 45009);

        JsonNode busy = exchange(token, code);
        assertThat(errcode(busy)).isEqualTo(-1);
        assertThat(busy.path("errmsg").asText()).matches("system busy" + ERRMSG_TAIL + "-1");
        assertThat(exchange(token, code).path("userid").asText()).isEqualTo("zhangsan");
        assertThat(errcode(gettoken(Map.of("corpid", CORP_ID, "corpsecret", SECRET)))).isEqualTo(45009);
        assertThat(token(CORP_ID, SECRET)).isEqualTo(token);
    }

    @Test
    void latencyDelaysAWeComPath() {
        String token = token(CORP_ID, SECRET);
        wechat.setLatency(WeChatSimulator.WECOM_USER_GET, Duration.ofMillis(300));

        long start = System.nanoTime();
        assertThat(userGet(token, "zhangsan").path("userid").asText()).isEqualTo("zhangsan");

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }

    @Test
    void countsCallsPerWeComPath() {
        String token = token(CORP_ID, SECRET);
        exchange(token, wechat.newWeComCode(CORP_ID, AGENT_ID, "zhangsan"));
        userGet(token, "zhangsan");
        userGet(token, "nobody");

        assertThat(wechat.calls(WeChatSimulator.WECOM_GETTOKEN)).isEqualTo(1);
        assertThat(wechat.calls(WeChatSimulator.WECOM_JSCODE2SESSION)).isEqualTo(1);
        assertThat(wechat.calls(WeChatSimulator.WECOM_USER_GET)).isEqualTo(2);
        assertThat(wechat.calls(WeChatSimulator.TOKEN)).isZero();
        wechat.resetCounters();
        assertThat(wechat.calls(WeChatSimulator.WECOM_USER_GET)).isZero();
    }

    // ---- control API ----

    @Test
    void registerCorpChecksItsArguments() {
        assertThatThrownBy(() -> wechat.registerCorp("wwABCDEF0123456789", 1000002, "secret"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> wechat.registerCorp("ww0123", 1000002, "secret")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> wechat.registerCorp(CORP_ID, 0, "secret")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> wechat.registerCorp(CORP_ID, 1000007, " ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> wechat.registerCorp(CORP_ID, 1000007, SECRET)).as("another app's secret")
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> wechat.registerCorp(WeChatSimulator.DEMO_APP_ID, 1000002, "secret"))
                .as("a WeChat app's AppID").isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void controlsWantARegisteredCorpAndApp() {
        assertThatThrownBy(() -> wechat.weComMember("ww0000000000000000", "x", "X", List.of(1), 1, null, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> wechat.weComMember(CORP_ID, "x", "X", List.of(1), 3, null, null))
                .as("status 3 does not exist").isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> wechat.weComVisible(CORP_ID, 1000099, "zhangsan", false))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> wechat.weComLegacyApp(CORP_ID, 1000099, true)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> wechat.weComBrowserUser("ww0000000000000000", "zhangsan"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aSecondRegistrationOfAnAppChangesItsSecret() {
        wechat.registerCorp(CORP_ID, AGENT_ID, "a-new-secret-0123456789abcdef0123456789ab");

        assertThat(errcode(gettoken(Map.of("corpid", CORP_ID, "corpsecret", SECRET)))).isEqualTo(40001);
        assertThat(userGet(token(CORP_ID, "a-new-secret-0123456789abcdef0123456789ab"), "zhangsan").path("userid").asText())
                .isEqualTo("zhangsan");
    }

    // ---- demo corp and /sim/wx.qy.login ----

    @Test
    void theDemoCorpIsRegisteredFromTheStartWithItsMembers() {
        assertThat(WeChatSimulator.DEMO_CORP_ID).matches("ww[0-9a-f]{16}");
        assertThat(WeChatSimulator.DEMO_CORP_SECRET).matches("[A-Za-z0-9_-]{43}");
        String token = token(WeChatSimulator.DEMO_CORP_ID, WeChatSimulator.DEMO_CORP_SECRET);

        JsonNode employee = userGet(token, WeChatSimulator.DEMO_WECOM_USER);
        assertThat(employee.path("name").asText()).isEqualTo("张三");
        assertThat(employee.path("status").asInt()).isEqualTo(WeChatSimulator.WECOM_STATUS_ACTIVE);
        assertThat(employee.has("mobile")).as("the demo app is a new one").isFalse();
        assertThat(userGet(token, WeChatSimulator.DEMO_WECOM_LEFT_USER).path("status").asInt())
                .isEqualTo(WeChatSimulator.WECOM_STATUS_LEFT);
        assertThat(userGet(token, WeChatSimulator.DEMO_WECOM_DISABLED_USER).path("status").asInt())
                .isEqualTo(WeChatSimulator.WECOM_STATUS_DISABLED);
    }

    @Test
    void demoWxQyLoginGivesAFreshCodeOfTheDemoCorpsApp() {
        wechat.enableDemoEndpoints(WeChatSimulator.DEMO_APP_ID);
        String token = token(WeChatSimulator.DEMO_CORP_ID, WeChatSimulator.DEMO_CORP_SECRET);

        HttpResponse<String> first = http.get(WeChatSimulator.DEMO_WECOM_LOGIN, Map.of("user", WeChatSimulator.DEMO_WECOM_USER));
        String second = http.get(WeChatSimulator.DEMO_WECOM_LOGIN, Map.of("user", WeChatSimulator.DEMO_WECOM_USER)).body();

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.body()).isNotEqualTo(second);
        JsonNode session = exchange(token, first.body());
        assertThat(session.path("corpid").asText()).isEqualTo(WeChatSimulator.DEMO_CORP_ID);
        assertThat(session.path("userid").asText()).isEqualTo(WeChatSimulator.DEMO_WECOM_USER);
        assertThat(exchange(token, second).path("userid").asText()).isEqualTo(WeChatSimulator.DEMO_WECOM_USER);
    }

    @Test
    void demoWxQyLoginCanNameAnotherCorpAndApp() {
        wechat.enableDemoEndpoints(WeChatSimulator.DEMO_APP_ID);
        Map<String, String> params = new LinkedHashMap<>();
        params.put("user", "zhangsan");
        params.put("corpid", CORP_ID);
        params.put("agentid", String.valueOf(OTHER_AGENT_ID));

        String code = http.get(WeChatSimulator.DEMO_WECOM_LOGIN, params).body();

        assertThat(exchange(token(CORP_ID, OTHER_SECRET), code).path("userid").asText()).isEqualTo("zhangsan");
        params.put("agentid", "1000099");
        assertThat(http.get(WeChatSimulator.DEMO_WECOM_LOGIN, params).statusCode()).isEqualTo(400);
        params.put("agentid", "not-a-number");
        assertThat(http.get(WeChatSimulator.DEMO_WECOM_LOGIN, params).statusCode()).isEqualTo(400);
        assertThat(http.get(WeChatSimulator.DEMO_WECOM_LOGIN, Map.of()).statusCode()).as("no user").isEqualTo(400);
    }

    @Test
    void demoWxQyLoginIsOffByDefault() {
        HttpResponse<String> off = http.get(WeChatSimulator.DEMO_WECOM_LOGIN, Map.of("user", WeChatSimulator.DEMO_WECOM_USER));

        assertThat(off.statusCode()).isEqualTo(404);
    }

    // ---- helpers ----

    private String token(String corpId, String secret) {
        JsonNode answer = gettoken(Map.of("corpid", corpId, "corpsecret", secret));
        assertThat(answer.path("errcode").asInt()).as("gettoken: %s", answer).isZero();
        return answer.path("access_token").asText();
    }

    private JsonNode gettoken(Map<String, String> params) {
        return json(http.get(WeChatSimulator.WECOM_GETTOKEN, params));
    }

    private HttpResponse<String> jscode2session(String token, String code, String grantType) {
        return http.get(WeChatSimulator.WECOM_JSCODE2SESSION, Map.of("access_token", token, "js_code", code,
                "grant_type", grantType));
    }

    private JsonNode exchange(String token, String code) {
        return json(jscode2session(token, code, "authorization_code"));
    }

    private JsonNode userGet(String token, String userid) {
        return json(http.get(WeChatSimulator.WECOM_USER_GET, Map.of("access_token", token, "userid", userid)));
    }

    private static int errcode(JsonNode body) {
        return body.path("errcode").asInt();
    }
}
