package dev.kcwechat.simulator;

import static dev.kcwechat.simulator.SimulatorClient.json;
import static dev.kcwechat.simulator.SimulatorClient.location;
import static dev.kcwechat.simulator.SimulatorClient.query;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** WeCom in the browser: OAuth inside WeCom, the SSO login page, getuserinfo and getuserdetail. */
class WeComBrowserApiTest {

    private static final String CORP_ID = "ww1a2b3c4d5e6f7a8b";
    private static final int AGENT_ID = 1000005;
    private static final String SECRET = "s3cr3t-of-the-app-1000005-0123456789abcdef";
    private static final int OTHER_AGENT_ID = 1000006;
    private static final String OTHER_SECRET = "s3cr3t-of-the-app-1000006-0123456789abcdef";
    private static final String OTHER_CORP_ID = "ww9f8e7d6c5b4a3f2e";
    private static final String OTHER_CORP_SECRET = "s3cr3t-of-the-other-corp-0123456789abcdefg";
    private static final String REDIRECT_URI = "http://localhost:8080/realms/demo/broker/wecom/endpoint";
    private static final String STATE = "Zm9v.bar-baz_1~2";
    private static final String IN_WECOM = WeChatSimulator.WECOM_BROWSER_USER_AGENT;
    private static final String DESKTOP = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36";

    private WeChatSimulator wechat;
    private SimulatorClient http;

    @BeforeEach
    void startSimulator() {
        wechat = WeChatSimulator.start(0)
                .registerCorp(CORP_ID, AGENT_ID, SECRET)
                .registerCorp(CORP_ID, OTHER_AGENT_ID, OTHER_SECRET)
                .registerCorp(OTHER_CORP_ID, AGENT_ID, OTHER_CORP_SECRET)
                .weComMember(CORP_ID, "zhangsan", "张三", List.of(1, 2), WeChatSimulator.WECOM_STATUS_ACTIVE,
                        "13800000001", "zhangsan@example.com")
                .weComMember(CORP_ID, "lisi", "李四", List.of(2), WeChatSimulator.WECOM_STATUS_LEFT, "13800000002", null)
                .weComBrowserUser(CORP_ID, "zhangsan");
        http = new SimulatorClient(wechat);
    }

    @AfterEach
    void stopSimulator() {
        wechat.close();
    }

    // ---- inside WeCom: /connect/oauth2/authorize with appid=<corpid> ----

    @Test
    void snsapiBaseRedirectsAtOnceAndGetuserinfoAnswersTheUserid() {
        String location = location(authorize(oauthParams("snsapi_base", AGENT_ID), IN_WECOM));

        assertThat(location).startsWith(REDIRECT_URI + "?code=");
        Map<String, String> params = query(location);
        assertThat(params.keySet()).containsExactly("code", "state");
        assertThat(params.get("state")).isEqualTo(STATE);
        HttpResponse<String> response = http.get(WeChatSimulator.WECOM_GETUSERINFO,
                Map.of("access_token", token(SECRET), "code", params.get("code")));
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json; charset=UTF-8");
        JsonNode body = json(response);
        assertThat(body.path("errcode").asInt()).isZero();
        assertThat(body.path("errmsg").asText()).isEqualTo("ok");
        assertThat(body.path("userid").asText()).isEqualTo("zhangsan");
        assertThat(body.has("user_ticket")).as("only snsapi_privateinfo gives a user_ticket").isFalse();
        assertThat(body.has("openid")).isFalse();
    }

    @Test
    void snsapiBaseWorksWithoutAnAgentidForAnyAppOfTheCorp() {
        Map<String, String> params = oauthParams("snsapi_base", null);

        String code = query(location(authorize(params, IN_WECOM))).get("code");

        assertThat(getuserinfo(token(OTHER_SECRET), code).path("userid").asText()).isEqualTo("zhangsan");
    }

    @Test
    void outsideWeComTheAuthorizePageAsksToOpenItInWeCom() {
        HttpResponse<String> page = authorize(oauthParams("snsapi_base", AGENT_ID), DESKTOP);

        assertErrorPage(page, "not_in_wecom");
        assertThat(page.body()).contains("请在企业微信客户端打开链接");
        assertErrorPage(authorize(oauthParams("snsapi_privateinfo", AGENT_ID), WeChatSimulator.WECHAT_BROWSER_USER_AGENT),
                "not_in_wecom");
        assertErrorPage(authorize(oauthParams("snsapi_base", AGENT_ID), null), "not_in_wecom");
        assertThat(wechat.calls(WeChatSimulator.OAUTH2_AUTHORIZE)).isEqualTo(3);
    }

    @Test
    void aWeChatAppidOnTheSamePathIsStillWeChats() {
        Map<String, String> params = oauthParams("snsapi_base", null);
        params.put("appid", WeChatSimulator.DEMO_OA_APP_ID);

        String location = location(authorize(params, WeChatSimulator.WECHAT_BROWSER_USER_AGENT));

        JsonNode token = json(http.get(WeChatSimulator.SNS_OAUTH2_ACCESS_TOKEN, Map.of("appid", WeChatSimulator.DEMO_OA_APP_ID,
                "secret", WeChatSimulator.DEMO_OA_APP_SECRET, "code", query(location).get("code"),
                "grant_type", "authorization_code")));
        assertThat(token.path("openid").asText()).startsWith("o");
        params.put("appid", "ww0000000000000000");
        assertThat(authorize(params, IN_WECOM).body()).as("not a corp: WeChat's unknown appid")
                .contains("id=\"wechat-error\" data-reason=\"appid\"");
    }

    @Test
    void snsapiPrivateinfoAsksForConsentThenGivesAUserTicket() {
        HttpResponse<String> page = authorize(oauthParams("snsapi_privateinfo", AGENT_ID), IN_WECOM);

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(page.body())
                .contains("id=\"wecom-authorize\" data-corpid=\"" + CORP_ID + "\" data-agentid=\"" + AGENT_ID
                        + "\" data-page=\"oauth2\" data-scope=\"snsapi_privateinfo\"")
                .contains("id=\"wecom-app\"")
                .contains("id=\"wecom-who\" data-userid=\"zhangsan\"")
                .contains("<form id=\"wecom-confirm-form\" method=\"post\" action=\"/wwlogin/confirm\">")
                .contains("<input type=\"text\" id=\"wecom-user\" name=\"user\"")
                .contains("<button type=\"submit\" id=\"wecom-confirm\" name=\"action\" value=\"confirm\">")
                .contains("<button type=\"submit\" id=\"wecom-cancel\" name=\"action\" value=\"cancel\">");
        Map<String, String> params = query(confirmedLocation(page, Map.of()));
        assertThat(params.get("state")).isEqualTo(STATE);

        String token = token(SECRET);
        JsonNode info = getuserinfo(token, params.get("code"));
        assertThat(info.path("userid").asText()).isEqualTo("zhangsan");
        String ticket = info.path("user_ticket").asText();
        assertThat(ticket).hasSizeGreaterThan(20);

        HttpResponse<String> response = getuserdetail(token, "{\"user_ticket\":\"" + ticket + "\"}");
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json; charset=UTF-8");
        JsonNode detail = json(response);
        assertThat(detail.path("errcode").asInt()).isZero();
        assertThat(detail.path("userid").asText()).isEqualTo("zhangsan");
        assertThat(detail.path("mobile").asText()).isEqualTo("13800000001");
        assertThat(detail.path("email").asText()).isEqualTo("zhangsan@example.com");
        assertThat(detail.path("gender").asText()).isEqualTo("0");
        assertThat(detail.path("avatar").asText()).startsWith("https://");
        assertThat(detail.path("qr_code").asText()).startsWith("https://");
        assertThat(detail.path("biz_mail").isTextual()).isTrue();
        assertThat(detail.path("address").isTextual()).isTrue();
    }

    @Test
    void aUserTicketLastsThirtyMinutesAndBelongsToItsApp() {
        String ticket = getuserinfo(token(SECRET), privateinfoCode(Map.of())).path("user_ticket").asText();
        String body = "{\"user_ticket\":\"" + ticket + "\"}";

        assertThat(errcode(getuserdetail(token(OTHER_SECRET), body))).as("another app's token").isEqualTo(40029);
        assertThat(errcode(getuserdetail(token(OTHER_CORP_SECRET), body))).as("another corp's token").isEqualTo(40029);
        wechat.advanceClock(WeChatSimulator.WECOM_USER_TICKET_LIFETIME.minusSeconds(1));
        assertThat(json(getuserdetail(token(SECRET), body)).path("userid").asText()).isEqualTo("zhangsan");
        assertThat(json(getuserdetail(token(SECRET), body)).path("userid").asText()).as("usable more than once")
                .isEqualTo("zhangsan");
        wechat.advanceClock(Duration.ofSeconds(1));
        assertThat(errcode(getuserdetail(token(SECRET), body))).isEqualTo(40029);
    }

    @Test
    void getuserdetailWantsAUserTicketAndAToken() {
        String token = token(SECRET);

        assertThat(errcode(getuserdetail(token, "{}"))).isEqualTo(40058);
        assertThat(errcode(getuserdetail(token, "not json"))).isEqualTo(40058);
        assertThat(errcode(getuserdetail(token, "{\"user_ticket\":\"unknown\"}"))).isEqualTo(40029);
        assertThat(errcode(getuserdetail("", "{\"user_ticket\":\"unknown\"}"))).isEqualTo(41001);
        assertThat(errcode(getuserdetail("unknown", "{\"user_ticket\":\"unknown\"}"))).isEqualTo(40014);
    }

    @Test
    void aMemberOutsideTheAppsVisibleRangeGetsAUseridButNoUserTicket() {
        wechat.weComVisible(CORP_ID, AGENT_ID, "zhangsan", false);
        String token = token(SECRET);

        JsonNode info = getuserinfo(token, privateinfoCode(Map.of()));

        assertThat(info.path("userid").asText()).isEqualTo("zhangsan");
        assertThat(info.has("user_ticket")).isFalse();
        assertThat(errcode(userGet(token, "zhangsan"))).isEqualTo(60011);
    }

    @Test
    void aMemberWhoLeftStillGetsACodeAndUserGetTellsTheirStatus() {
        wechat.weComBrowserUser(CORP_ID, "lisi");
        String token = token(SECRET);

        JsonNode info = getuserinfo(token, query(location(authorize(oauthParams("snsapi_base", AGENT_ID), IN_WECOM))).get("code"));

        assertThat(info.path("userid").asText()).isEqualTo("lisi");
        assertThat(userGet(token, "lisi").path("status").asInt()).isEqualTo(WeChatSimulator.WECOM_STATUS_LEFT);
    }

    @Test
    void aNonMemberGetsAnOpenidInsteadOfAUserid() {
        wechat.weComBrowserNonMember(CORP_ID, "oAbCdEfGhIjKlMnOpQrStUvWxYz0", "wmAbCdEfGhIjKlMnOpQrStUvWxYz0123");

        JsonNode info = getuserinfo(token(SECRET), query(location(authorize(oauthParams("snsapi_base", AGENT_ID), IN_WECOM)))
                .get("code"));

        assertThat(info.path("errcode").asInt()).isZero();
        assertThat(info.path("openid").asText()).isEqualTo("oAbCdEfGhIjKlMnOpQrStUvWxYz0");
        assertThat(info.path("external_userid").asText()).isEqualTo("wmAbCdEfGhIjKlMnOpQrStUvWxYz0123");
        assertThat(info.has("userid")).isFalse();
        assertThat(info.has("user_ticket")).isFalse();

        wechat.weComBrowserNonMember(CORP_ID, "oAbCdEfGhIjKlMnOpQrStUvWxYz0", null);
        JsonNode noCustomer = getuserinfo(token(SECRET), privateinfoCode(Map.of()));
        assertThat(noCustomer.path("openid").asText()).isEqualTo("oAbCdEfGhIjKlMnOpQrStUvWxYz0");
        assertThat(noCustomer.has("external_userid")).isFalse();
        assertThat(noCustomer.has("user_ticket")).as("non-members have no ticket, even with consent").isFalse();
    }

    @Test
    void anUnscriptedCorpSignsInANonMemberItKeeps() {
        String first = getuserinfo(token(OTHER_CORP_SECRET), ssoCode(OTHER_CORP_ID, Map.of())).path("openid").asText();
        String second = getuserinfo(token(OTHER_CORP_SECRET), ssoCode(OTHER_CORP_ID, Map.of())).path("openid").asText();

        assertThat(first).hasSize(28).startsWith("o").isEqualTo(second);
    }

    @ParameterizedTest
    @ValueSource(strings = {"snsapi_userinfo", "snsapi_login", ""})
    void authorizeRefusesOtherScopes(String scope) {
        assertErrorPage(authorize(oauthParams(scope, AGENT_ID), IN_WECOM), "scope");
    }

    @Test
    void authorizeChecksAgentidRedirectUriAndResponseType() {
        assertErrorPage(authorize(oauthParams("snsapi_privateinfo", null), IN_WECOM), "agentid");
        assertErrorPage(authorize(oauthParams("snsapi_base", 1000099), IN_WECOM), "agentid");
        Map<String, String> params = oauthParams("snsapi_base", AGENT_ID);
        params.put("agentid", "not-a-number");
        assertErrorPage(authorize(params, IN_WECOM), "agentid");
        params = oauthParams("snsapi_base", AGENT_ID);
        params.put("redirect_uri", "https://evil.example/cb");
        assertErrorPage(authorize(params, IN_WECOM), "redirect_uri");
        params = oauthParams("snsapi_base", AGENT_ID);
        params.put("response_type", "token");
        assertErrorPage(authorize(params, IN_WECOM), "response_type");
    }

    @Test
    void autoConfirmSkipsTheConsentPage() {
        wechat.weComBrowserAutoConfirm(CORP_ID, true);

        String code = query(location(authorize(oauthParams("snsapi_privateinfo", AGENT_ID), IN_WECOM))).get("code");

        assertThat(getuserinfo(token(SECRET), code).has("user_ticket")).isTrue();
        wechat.weComBrowserAutoConfirm(CORP_ID, false);
        assertThat(authorize(oauthParams("snsapi_privateinfo", AGENT_ID), IN_WECOM).statusCode()).isEqualTo(200);
    }

    // ---- ordinary browsers: /wwlogin/sso/login ----

    @Test
    void theSsoPageStandsForWeComsQrCode() {
        HttpResponse<String> page = sso(ssoParams(CORP_ID, AGENT_ID));

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(page.headers().firstValue("Location")).isEmpty();
        assertThat(page.body())
                .contains("id=\"wecom-authorize\" data-corpid=\"" + CORP_ID + "\" data-agentid=\"" + AGENT_ID + "\" data-page=\"sso\">")
                .contains("id=\"wecom-who\" data-userid=\"zhangsan\"")
                .contains("id=\"wecom-user\"")
                .contains("id=\"wecom-confirm\"")
                .contains("id=\"wecom-cancel\"");
    }

    @Test
    void confirmingTheSsoPageRedirectsWithACodeAndTheStateEchoedExactly() {
        Map<String, String> params = ssoParams(CORP_ID, AGENT_ID);
        params.put("state", "a b/ç&x=1+2%");

        String location = confirmedLocation(sso(params), Map.of());

        assertThat(location).startsWith(REDIRECT_URI + "?code=");
        Map<String, String> redirect = query(location);
        assertThat(redirect.keySet()).containsExactly("code", "state");
        assertThat(redirect.get("state")).isEqualTo("a b/ç&x=1+2%");
        JsonNode info = getuserinfo(token(SECRET), redirect.get("code"));
        assertThat(info.path("userid").asText()).isEqualTo("zhangsan");
        assertThat(info.has("user_ticket")).isFalse();
    }

    @Test
    void theSsoPageConfirmsByGetToo() {
        String uuid = uuidOf(sso(ssoParams(CORP_ID, AGENT_ID)));

        HttpResponse<String> redirect = http.get(WeChatSimulator.WECOM_CONFIRM, Map.of("uuid", uuid, "action", "confirm"));

        assertThat(query(location(redirect)).get("state")).isEqualTo(STATE);
    }

    @Test
    void cancellingRedirectsWithTheStateButNoCode() {
        HttpResponse<String> redirect = confirm(uuidOf(sso(ssoParams(CORP_ID, AGENT_ID))), Map.of("action", "cancel"));

        assertThat(location(redirect)).isEqualTo(REDIRECT_URI + "?state=" + STATE);
    }

    @Test
    void aTypedUseridSignsInThatMemberAndAnUnknownOneANonMember() {
        JsonNode typedMember = getuserinfo(token(SECRET), ssoCode(CORP_ID, Map.of("user", " lisi ")));
        JsonNode stranger = getuserinfo(token(SECRET), ssoCode(CORP_ID, Map.of("user", "xiaoming")));
        JsonNode strangerAgain = getuserinfo(token(SECRET), ssoCode(CORP_ID, Map.of("user", "xiaoming")));

        assertThat(typedMember.path("userid").asText()).isEqualTo("lisi");
        assertThat(stranger.has("userid")).isFalse();
        assertThat(stranger.path("openid").asText()).hasSize(28).isEqualTo(strangerAgain.path("openid").asText());
    }

    @Test
    void thePageSignsInTheUserItNamedEvenIfTheScriptChangedSince() {
        HttpResponse<String> page = sso(ssoParams(CORP_ID, AGENT_ID));
        wechat.weComBrowserUser(CORP_ID, "lisi");

        String code = query(confirmedLocation(page, Map.of())).get("code");

        assertThat(getuserinfo(token(SECRET), code).path("userid").asText()).isEqualTo("zhangsan");
    }

    @Test
    void aConfirmPageConfirmsOnceAndForFiveMinutes() {
        String used = uuidOf(sso(ssoParams(CORP_ID, AGENT_ID)));
        String late = uuidOf(sso(ssoParams(CORP_ID, AGENT_ID)));
        assertThat(confirm(used, Map.of()).statusCode()).isEqualTo(302);

        assertErrorPage(confirm(used, Map.of()), "expired");
        wechat.advanceClock(WeChatSimulator.CODE_VALIDITY);
        assertErrorPage(confirm(late, Map.of()), "expired");
        assertErrorPage(confirm("unknown", Map.of()), "expired");
    }

    @Test
    void theSsoPageChecksCorpLoginTypeAgentAndRedirectUri() {
        assertErrorPage(sso(ssoParams("ww0000000000000000", AGENT_ID)), "appid");
        assertErrorPage(sso(ssoParams(WeChatSimulator.DEMO_APP_ID, AGENT_ID)), "appid");
        Map<String, String> params = ssoParams(CORP_ID, AGENT_ID);
        params.put("login_type", "ServiceApp");
        assertErrorPage(sso(params), "login_type");
        params.remove("login_type");
        assertErrorPage(sso(params), "login_type");
        assertErrorPage(sso(ssoParams(CORP_ID, 1000099)), "agentid");
        params = ssoParams(CORP_ID, AGENT_ID);
        params.remove("agentid");
        assertErrorPage(sso(params), "agentid");
        params = ssoParams(CORP_ID, AGENT_ID);
        params.put("redirect_uri", "http://example.com/cb");
        assertErrorPage(sso(params), "redirect_uri");
        params.put("redirect_uri", "/relative/cb");
        assertErrorPage(sso(params), "redirect_uri");
    }

    @Test
    void theSsoPageAutoConfirmsWhenScripted() {
        wechat.weComBrowserAutoConfirm(CORP_ID, true);

        String code = query(location(sso(ssoParams(CORP_ID, AGENT_ID)))).get("code");

        assertThat(getuserinfo(token(SECRET), code).path("userid").asText()).isEqualTo("zhangsan");
    }

    // ---- trusted domains ----

    @Test
    void redirectUriMustBeOnTheAppsTrustedDomain() {
        wechat.weComTrustedDomain(CORP_ID, AGENT_ID, "sso.example.com");
        Map<String, String> params = ssoParams(CORP_ID, AGENT_ID);
        params.put("redirect_uri", "https://sso.example.com/cb");

        String location = confirmedLocation(sso(params), Map.of());

        assertThat(location).startsWith("https://sso.example.com/cb?code=");
        assertErrorPage(sso(ssoParams(CORP_ID, AGENT_ID)), "redirect_uri");
        assertThat(getuserinfo(token(SECRET), query(location).get("code")).path("userid").asText()).isEqualTo("zhangsan");
    }

    @Test
    void getuserinfoAnswers50001ForACodeSentOffTheTokensAppsTrustedDomain() {
        wechat.weComTrustedDomain(CORP_ID, OTHER_AGENT_ID, "other.example.com");
        String code = ssoCode(CORP_ID, Map.of());

        assertThat(errcode(getuserinfo(token(OTHER_SECRET), code))).isEqualTo(50001);
        assertThat(getuserinfo(token(SECRET), code).path("userid").asText()).as("still unused").isEqualTo("zhangsan");
    }

    // ---- /cgi-bin/auth/getuserinfo ----

    @Test
    void aPageCodeIsSingleUse() {
        String code = ssoCode(CORP_ID, Map.of());
        assertThat(getuserinfo(token(SECRET), code).path("userid").asText()).isEqualTo("zhangsan");

        assertThat(errcode(getuserinfo(token(SECRET), code))).isEqualTo(40029);
    }

    @Test
    void aPageCodeExpiresAfterFiveMinutesOfSimulatedTime() {
        String stillValid = ssoCode(CORP_ID, Map.of());
        String expired = ssoCode(CORP_ID, Map.of());

        wechat.advanceClock(Duration.ofMinutes(4).plusSeconds(59));
        assertThat(getuserinfo(token(SECRET), stillValid).path("userid").asText()).isEqualTo("zhangsan");
        wechat.advanceClock(Duration.ofSeconds(1));
        assertThat(errcode(getuserinfo(token(SECRET), expired))).isEqualTo(40029);
    }

    @Test
    void aPageCodeBelongsToItsCorp() {
        String code = ssoCode(CORP_ID, Map.of());

        assertThat(errcode(getuserinfo(token(OTHER_CORP_SECRET), code))).isEqualTo(40029);
        assertThat(errcode(getuserinfo(token(SECRET), "0a3Xyz0000000000000000000000000b"))).isEqualTo(40029);
        assertThat(errcode(getuserinfo(token(SECRET), ""))).isEqualTo(41008);
        assertThat(errcode(getuserinfo("", code))).isEqualTo(41001);
        assertThat(errcode(getuserinfo("unknown", code))).isEqualTo(40014);
        assertThat(getuserinfo(token(SECRET), code).path("userid").asText()).as("still unused").isEqualTo("zhangsan");
    }

    @Test
    void failNextOnGetuserinfoLeavesTheCodeUsable() {
        String code = ssoCode(CORP_ID, Map.of());
        wechat.failNext(WeChatSimulator.WECOM_GETUSERINFO, 1, -1);

        JsonNode busy = getuserinfo(token(SECRET), code);

        assertThat(errcode(busy)).isEqualTo(-1);
        assertThat(busy.path("errmsg").asText()).startsWith("system busy, hint: [");
        assertThat(getuserinfo(token(SECRET), code).path("userid").asText()).isEqualTo("zhangsan");
    }

    @Test
    void countsCallsPerPath() {
        getuserinfo(token(SECRET), ssoCode(CORP_ID, Map.of()));
        sso(ssoParams("ww0000000000000000", AGENT_ID));

        assertThat(wechat.calls(WeChatSimulator.WECOM_SSO_LOGIN)).isEqualTo(2);
        assertThat(wechat.calls(WeChatSimulator.WECOM_CONFIRM)).isEqualTo(1);
        assertThat(wechat.calls(WeChatSimulator.WECOM_GETUSERINFO)).isEqualTo(1);
        assertThat(wechat.calls(WeChatSimulator.BROWSER_CONFIRM)).isZero();
    }

    // ---- the demo corp ----

    @Test
    void theDemoCorpsPagesSignInItsEmployee() {
        String token = json(http.get(WeChatSimulator.WECOM_GETTOKEN, Map.of("corpid", WeChatSimulator.DEMO_CORP_ID,
                "corpsecret", WeChatSimulator.DEMO_CORP_SECRET))).path("access_token").asText();
        Map<String, String> params = ssoParams(WeChatSimulator.DEMO_CORP_ID, WeChatSimulator.DEMO_AGENT_ID);

        HttpResponse<String> page = sso(params);

        assertThat(page.body()).contains("演示应用");
        JsonNode info = getuserinfo(token, query(confirmedLocation(page, Map.of())).get("code"));
        assertThat(info.path("userid").asText()).isEqualTo(WeChatSimulator.DEMO_WECOM_USER);
        JsonNode left = getuserinfo(token, query(confirmedLocation(sso(params),
                Map.of("user", WeChatSimulator.DEMO_WECOM_LEFT_USER))).get("code"));
        assertThat(left.path("userid").asText()).isEqualTo(WeChatSimulator.DEMO_WECOM_LEFT_USER);
    }

    // ---- helpers ----

    private void assertErrorPage(HttpResponse<String> page, String reason) {
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(page.headers().firstValue("Location")).isEmpty();
        assertThat(page.body()).contains("id=\"wecom-error\" data-reason=\"" + reason + "\"")
                .doesNotContain("wecom-confirm");
    }

    private static Map<String, String> oauthParams(String scope, Integer agentId) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("appid", CORP_ID);
        params.put("redirect_uri", REDIRECT_URI);
        params.put("response_type", "code");
        params.put("scope", scope);
        if (agentId != null) {
            params.put("agentid", String.valueOf(agentId));
        }
        params.put("state", STATE);
        return params;
    }

    private static Map<String, String> ssoParams(String corpId, int agentId) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("login_type", "CorpApp");
        params.put("appid", corpId);
        params.put("agentid", String.valueOf(agentId));
        params.put("redirect_uri", REDIRECT_URI);
        params.put("state", STATE);
        return params;
    }

    private HttpResponse<String> authorize(Map<String, String> params, String userAgent) {
        return http.get(WeChatSimulator.OAUTH2_AUTHORIZE, params, userAgent);
    }

    private HttpResponse<String> sso(Map<String, String> params) {
        return http.get(WeChatSimulator.WECOM_SSO_LOGIN, params, DESKTOP);
    }

    /** The SSO page of that corp's app AGENT_ID, confirmed with the form fields given: the code. */
    private String ssoCode(String corpId, Map<String, String> form) {
        return query(confirmedLocation(sso(ssoParams(corpId, AGENT_ID)), form)).get("code");
    }

    private String privateinfoCode(Map<String, String> form) {
        return query(confirmedLocation(authorize(oauthParams("snsapi_privateinfo", AGENT_ID), IN_WECOM), form)).get("code");
    }

    private String confirmedLocation(HttpResponse<String> page, Map<String, String> form) {
        return location(confirm(uuidOf(page), form));
    }

    private static String uuidOf(HttpResponse<String> page) {
        assertThat(page.statusCode()).isEqualTo(200);
        Element uuid = Jsoup.parse(page.body()).selectFirst("input[name=uuid]");
        assertThat(uuid).as("a confirm page: %s", page.body()).isNotNull();
        return uuid.attr("value");
    }

    /** The confirm page's form as a browser posts it; {@code form} adds or replaces fields. */
    private HttpResponse<String> confirm(String uuid, Map<String, String> form) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("uuid", uuid);
        fields.put("user", "");
        fields.put("action", "confirm");
        fields.putAll(form);
        return http.postForm(WeChatSimulator.WECOM_CONFIRM, fields);
    }

    private String token(String secret) {
        String corpId = secret.equals(OTHER_CORP_SECRET) ? OTHER_CORP_ID : CORP_ID;
        return json(http.get(WeChatSimulator.WECOM_GETTOKEN, Map.of("corpid", corpId, "corpsecret", secret)))
                .path("access_token").asText();
    }

    private JsonNode getuserinfo(String token, String code) {
        return json(http.get(WeChatSimulator.WECOM_GETUSERINFO, Map.of("access_token", token, "code", code)));
    }

    private HttpResponse<String> getuserdetail(String token, String body) {
        return http.postJson(WeChatSimulator.WECOM_GETUSERDETAIL, Map.of("access_token", token), body);
    }

    private JsonNode userGet(String token, String userid) {
        return json(http.get(WeChatSimulator.WECOM_USER_GET, Map.of("access_token", token, "userid", userid)));
    }

    private static int errcode(JsonNode body) {
        return body.path("errcode").asInt();
    }

    private static int errcode(HttpResponse<String> response) {
        return errcode(json(response));
    }
}
