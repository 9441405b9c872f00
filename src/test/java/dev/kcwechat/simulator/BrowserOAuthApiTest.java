package dev.kcwechat.simulator;

import static dev.kcwechat.simulator.WeChatSimulator.DEMO_APP_ID;
import static dev.kcwechat.simulator.WeChatSimulator.DEMO_APP_SECRET;
import static dev.kcwechat.simulator.WeChatSimulator.DEMO_OA_APP_ID;
import static dev.kcwechat.simulator.WeChatSimulator.DEMO_OA_APP_SECRET;
import static dev.kcwechat.simulator.WeChatSimulator.DEMO_WEBSITE_APP_ID;
import static dev.kcwechat.simulator.WeChatSimulator.DEMO_WEBSITE_APP_SECRET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The browser endpoints of the simulator: website QR login, official-account OAuth, code exchange, profile. */
class BrowserOAuthApiTest {

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String WEB_APP_ID = "wx5e6f708192a3b4c5";
    private static final String WEB_APP_SECRET = "5e6f708192a3b4c55e6f708192a3b4c5";
    private static final String OTHER_APP_ID = "wxfedcba9876543210";
    private static final String OTHER_APP_SECRET = "fedcba9876543210fedcba9876543210";
    private static final String OPENID = "oGZUI0egBJY1zhBYw2KhdUfwVJJE";
    private static final String UNIONID = "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o";
    private static final String REDIRECT_URI = "http://localhost:8080/realms/demo/broker/wechat-web/endpoint";
    private static final String STATE = "Zm9v.bar-baz_1~2";

    private WeChatSimulator wechat;

    @BeforeEach
    void startSimulator() {
        wechat = WeChatSimulator.start(0).registerApp(WEB_APP_ID, WEB_APP_SECRET).browserUser(WEB_APP_ID, OPENID, UNIONID);
    }

    @AfterEach
    void stopSimulator() {
        wechat.close();
    }

    // ---- website QR login: /connect/qrconnect ----

    @Test
    void qrconnectShowsAConfirmPageNamingTheAppAndTheUser() {
        HttpResponse<String> page = qrconnect(WEB_APP_ID, REDIRECT_URI, STATE);

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(page.headers().firstValue("Location")).isEmpty();
        assertThat(page.body())
                .contains("id=\"wechat-authorize\" data-appid=\"" + WEB_APP_ID + "\" data-scope=\"snsapi_login\"")
                .contains("id=\"wechat-app\"")
                .contains("id=\"wechat-who\" data-openid=\"" + OPENID + "\" data-unionid=\"" + UNIONID + "\"")
                .contains("<form id=\"wechat-confirm-form\" method=\"post\" action=\"/connect/confirm\">")
                .contains("<input type=\"text\" id=\"wechat-user\" name=\"user\"")
                .contains("<button type=\"submit\" id=\"wechat-confirm\" name=\"action\" value=\"confirm\">")
                .contains("<button type=\"submit\" id=\"wechat-cancel\" name=\"action\" value=\"cancel\">");
    }

    @Test
    void confirmRedirectsToTheRedirectUriWithACodeAndTheStateEchoedExactly() {
        String state = "a b/ç&x=1+2%";

        HttpResponse<String> redirect = confirm(uuidOf(qrconnect(WEB_APP_ID, REDIRECT_URI, state)), Map.of());

        assertThat(redirect.statusCode()).isEqualTo(302);
        String location = redirect.headers().firstValue("Location").orElseThrow();
        assertThat(location).startsWith(REDIRECT_URI + "?code=");
        Map<String, String> params = queryOf(location);
        assertThat(params.keySet()).containsExactly("code", "state");
        assertThat(params.get("code")).matches("[A-Za-z0-9]{32}");
        assertThat(params.get("state")).isEqualTo(state);
    }

    @Test
    void stateIsOmittedWhenTheRequestHasNone() {
        String location = confirmedLocation(qrconnect(WEB_APP_ID, REDIRECT_URI, null));

        assertThat(queryOf(location).keySet()).containsExactly("code");
    }

    @Test
    void confirmByGetWorksToo() {
        String uuid = uuidOf(qrconnect(WEB_APP_ID, REDIRECT_URI, STATE));

        HttpResponse<String> redirect = get(WeChatSimulator.BROWSER_CONFIRM, Map.of("uuid", uuid, "action", "confirm"), null);

        assertThat(redirect.statusCode()).isEqualTo(302);
        assertThat(queryOf(redirect.headers().firstValue("Location").orElseThrow()).get("state")).isEqualTo(STATE);
    }

    @Test
    void codeAndStateGoBeforeTheFragmentAndAfterTheRedirectUrisOwnQuery() {
        String location = confirmedLocation(qrconnect(WEB_APP_ID, "http://127.0.0.1:8080/cb?x=1#top", STATE));

        assertThat(location).matches("http://127\\.0\\.0\\.1:8080/cb\\?x=1&code=[A-Za-z0-9]{32}&state=Zm9v\\.bar-baz_1~2#top");
    }

    @Test
    void cancelRedirectsWithTheStateButNoCode() {
        HttpResponse<String> redirect = confirm(uuidOf(qrconnect(WEB_APP_ID, REDIRECT_URI, STATE)), Map.of("action", "cancel"));

        assertThat(redirect.statusCode()).isEqualTo(302);
        assertThat(redirect.headers().firstValue("Location")).hasValue(REDIRECT_URI + "?state=" + STATE);
    }

    @Test
    void aConfirmPageConfirmsOnceAndForFiveMinutes() {
        String used = uuidOf(qrconnect(WEB_APP_ID, REDIRECT_URI, STATE));
        String late = uuidOf(qrconnect(WEB_APP_ID, REDIRECT_URI, STATE));
        assertThat(confirm(used, Map.of()).statusCode()).isEqualTo(302);

        assertErrorPage(confirm(used, Map.of()), "expired");
        wechat.advanceClock(WeChatSimulator.CODE_VALIDITY);
        assertErrorPage(confirm(late, Map.of()), "expired");
        assertErrorPage(confirm("unknown", Map.of()), "expired");
    }

    @Test
    void autoConfirmRedirectsAtOnce() {
        wechat.browserAutoConfirm(WEB_APP_ID, true);

        HttpResponse<String> redirect = qrconnect(WEB_APP_ID, REDIRECT_URI, STATE);

        assertThat(redirect.statusCode()).isEqualTo(302);
        String code = queryOf(redirect.headers().firstValue("Location").orElseThrow()).get("code");
        assertThat(exchange(WEB_APP_ID, WEB_APP_SECRET, code).path("openid").asText()).isEqualTo(OPENID);
        wechat.browserAutoConfirm(WEB_APP_ID, false);
        assertThat(qrconnect(WEB_APP_ID, REDIRECT_URI, STATE).statusCode()).isEqualTo(200);
    }

    // ---- error pages ----

    @Test
    void unknownAppidShowsAnErrorPage() {
        assertErrorPage(qrconnect("wx1111111111111111", REDIRECT_URI, STATE), "appid");
        assertErrorPage(get(WeChatSimulator.QRCONNECT, Map.of("redirect_uri", REDIRECT_URI, "response_type", "code",
                "scope", "snsapi_login"), null), "appid");
    }

    @ParameterizedTest
    @ValueSource(strings = {"snsapi_base", "snsapi_userinfo", "", "snsapi_login,snsapi_base"})
    void qrconnectRefusesAnyScopeButSnsapiLogin(String scope) {
        HttpResponse<String> page = get(WeChatSimulator.QRCONNECT, authParams(WEB_APP_ID, REDIRECT_URI, scope, STATE), null);

        assertErrorPage(page, "scope");
        assertThat(page.body()).contains("Scope 参数错误或没有 Scope 权限");
    }

    @Test
    void responseTypeMustBeCode() {
        Map<String, String> params = new LinkedHashMap<>(authParams(WEB_APP_ID, REDIRECT_URI, "snsapi_login", STATE));
        params.put("response_type", "token");

        assertErrorPage(get(WeChatSimulator.QRCONNECT, params, null), "response_type");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://example.com/cb", "https://evil.example/localhost", "localhost:8080/cb",
            "ftp://localhost/cb", "/relative/cb", "http://localhost.example.com/cb", "not a uri"})
    void redirectUriOffTheDefaultLoopbackDomainShowsAnErrorPage(String redirectUri) {
        HttpResponse<String> page = qrconnect(WEB_APP_ID, redirectUri, STATE);

        assertErrorPage(page, "redirect_uri");
        assertThat(page.body()).contains("redirect_uri 参数错误");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://localhost/cb", "http://127.0.0.1:8080/cb", "https://127.0.0.2/cb", "http://[::1]:8080/cb"})
    void anyLoopbackHostIsAllowedByDefault(String redirectUri) {
        assertThat(confirmedLocation(qrconnect(WEB_APP_ID, redirectUri, STATE))).startsWith(redirectUri + "?code=");
    }

    @Test
    void redirectUriMustBeOnTheRegisteredDomain() {
        wechat.registerWebApp(WEB_APP_ID, WEB_APP_SECRET, "www.example.com");

        assertThat(confirmedLocation(qrconnect(WEB_APP_ID, "https://www.example.com/cb", STATE)))
                .startsWith("https://www.example.com/cb?code=");
        assertThat(confirmedLocation(qrconnect(WEB_APP_ID, "https://WWW.Example.com:8443/cb", STATE)))
                .startsWith("https://WWW.Example.com:8443/cb?code=");
        assertErrorPage(qrconnect(WEB_APP_ID, "https://sso.www.example.com/cb", STATE), "redirect_uri");
        assertErrorPage(qrconnect(WEB_APP_ID, "https://example.com/cb", STATE), "redirect_uri");
        assertErrorPage(qrconnect(WEB_APP_ID, REDIRECT_URI, STATE), "redirect_uri");
    }

    @Test
    void aRegisteredDomainWithAPortWantsThatPort() {
        wechat.registerWebApp(WEB_APP_ID, WEB_APP_SECRET, "sso.example.com:8443");

        assertThat(qrconnect(WEB_APP_ID, "https://sso.example.com:8443/cb", STATE).statusCode()).isEqualTo(200);
        assertErrorPage(qrconnect(WEB_APP_ID, "https://sso.example.com/cb", STATE), "redirect_uri");
        assertThatThrownBy(() -> wechat.registerWebApp(WEB_APP_ID, WEB_APP_SECRET, "sso.example.com/cb"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // ---- official accounts: /connect/oauth2/authorize ----

    @Test
    void authorizeOutsideWeChatAsksToOpenTheLinkInWeChat() {
        HttpResponse<String> page = authorize(WEB_APP_ID, "snsapi_base", STATE, "Mozilla/5.0 (X11; Linux x86_64) Chrome/126.0");

        assertErrorPage(page, "not_in_wechat");
        assertThat(page.body()).contains("请在微信客户端打开链接");
        assertErrorPage(authorize(WEB_APP_ID, "snsapi_userinfo", STATE, null), "not_in_wechat");
        assertThat(wechat.calls(WeChatSimulator.OAUTH2_AUTHORIZE)).isEqualTo(2);
    }

    @Test
    void snsapiBaseRedirectsAtOnceWithoutAPage() {
        HttpResponse<String> redirect = authorize(WEB_APP_ID, "snsapi_base", STATE, WeChatSimulator.WECHAT_BROWSER_USER_AGENT);

        assertThat(redirect.statusCode()).isEqualTo(302);
        Map<String, String> params = queryOf(redirect.headers().firstValue("Location").orElseThrow());
        assertThat(params.get("state")).isEqualTo(STATE);
        JsonNode token = exchange(WEB_APP_ID, WEB_APP_SECRET, params.get("code"));
        assertThat(token.path("openid").asText()).isEqualTo(OPENID);
        assertThat(token.path("scope").asText()).isEqualTo("snsapi_base");
        assertThat(token.has("unionid")).as("WeChat gives the unionid with snsapi_userinfo only").isFalse();
    }

    @Test
    void snsapiUserinfoAsksTheUserFirst() {
        HttpResponse<String> page = authorize(WEB_APP_ID, "snsapi_userinfo", STATE, WeChatSimulator.WECHAT_BROWSER_USER_AGENT);

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("data-scope=\"snsapi_userinfo\"").contains("id=\"wechat-confirm\"");
        String location = confirmedLocation(page);
        assertThat(queryOf(location).get("state")).isEqualTo(STATE);
        JsonNode token = exchange(WEB_APP_ID, WEB_APP_SECRET, queryOf(location).get("code"));
        assertThat(token.path("scope").asText()).isEqualTo("snsapi_userinfo");
        assertThat(token.path("unionid").asText()).isEqualTo(UNIONID);
    }

    @ParameterizedTest
    @ValueSource(strings = {"snsapi_login", "snsapi_privateinfo", ""})
    void authorizeRefusesOtherScopes(String scope) {
        assertErrorPage(authorize(WEB_APP_ID, scope, STATE, WeChatSimulator.WECHAT_BROWSER_USER_AGENT), "scope");
    }

    @Test
    void authorizeShowsTheSameErrorPages() {
        String agent = WeChatSimulator.WECHAT_BROWSER_USER_AGENT;
        assertErrorPage(get(WeChatSimulator.OAUTH2_AUTHORIZE,
                authParams("wx1111111111111111", REDIRECT_URI, "snsapi_base", STATE), agent), "appid");
        assertErrorPage(get(WeChatSimulator.OAUTH2_AUTHORIZE,
                authParams(WEB_APP_ID, "http://example.com/cb", "snsapi_base", STATE), agent), "redirect_uri");
    }

    // ---- who signs in ----

    @Test
    void theScriptedUserStaysUntilChangedAndAnUnscriptedAppKeepsItsRandomUser() {
        assertThat(signIn(WEB_APP_ID, WEB_APP_SECRET, Map.of()).path("openid").asText()).isEqualTo(OPENID);
        assertThat(signIn(WEB_APP_ID, WEB_APP_SECRET, Map.of()).path("openid").asText()).isEqualTo(OPENID);

        wechat.browserUser(WEB_APP_ID, "oHqWm3lKpR8sTb2vXy5zNcJdEfGh", null);
        JsonNode changed = signIn(WEB_APP_ID, WEB_APP_SECRET, Map.of());
        assertThat(changed.path("openid").asText()).isEqualTo("oHqWm3lKpR8sTb2vXy5zNcJdEfGh");
        assertThat(changed.has("unionid")).as("not bound to an Open Platform account").isFalse();

        wechat.registerApp(OTHER_APP_ID, OTHER_APP_SECRET);
        JsonNode first = signIn(OTHER_APP_ID, OTHER_APP_SECRET, Map.of());
        JsonNode second = signIn(OTHER_APP_ID, OTHER_APP_SECRET, Map.of());
        assertThat(first.path("openid").asText()).hasSize(28).startsWith("o").isEqualTo(second.path("openid").asText());
        assertThat(first.path("unionid").asText()).hasSize(28).isEqualTo(second.path("unionid").asText());
    }

    @Test
    void theUserThePageNamedSignsInEvenIfTheScriptChangedSince() {
        HttpResponse<String> page = qrconnect(WEB_APP_ID, REDIRECT_URI, STATE);
        wechat.browserUser(WEB_APP_ID, "oHqWm3lKpR8sTb2vXy5zNcJdEfGh", null);

        JsonNode token = exchange(WEB_APP_ID, WEB_APP_SECRET, queryOf(confirmedLocation(page)).get("code"));

        assertThat(token.path("openid").asText()).isEqualTo(OPENID);
        assertThat(signIn(WEB_APP_ID, WEB_APP_SECRET, Map.of()).path("openid").asText()).isEqualTo("oHqWm3lKpR8sTb2vXy5zNcJdEfGh");
    }

    @Test
    void aTypedNameGetsTheUnionidTheDemoMiniProgramGivesThatName() {
        wechat.enableDemoEndpoints(DEMO_APP_ID);
        String miniProgramCode = get(WeChatSimulator.DEMO_LOGIN, Map.of("user", "xiaoming"), null).body();
        JsonNode miniProgram = parse(get(WeChatSimulator.JSCODE2SESSION, Map.of("appid", DEMO_APP_ID,
                "secret", DEMO_APP_SECRET, "js_code", miniProgramCode, "grant_type", "authorization_code"), null));

        JsonNode website = signIn(DEMO_WEBSITE_APP_ID, DEMO_WEBSITE_APP_SECRET, Map.of("user", "xiaoming"));
        JsonNode websiteAgain = signIn(DEMO_WEBSITE_APP_ID, DEMO_WEBSITE_APP_SECRET, Map.of("user", " xiaoming "));
        JsonNode officialAccount = exchange(DEMO_OA_APP_ID, DEMO_OA_APP_SECRET, queryOf(confirmedLocation(
                authorize(DEMO_OA_APP_ID, "snsapi_userinfo", STATE, WeChatSimulator.WECHAT_BROWSER_USER_AGENT),
                Map.of("user", "xiaoming"))).get("code"));
        JsonNode someoneElse = signIn(DEMO_WEBSITE_APP_ID, DEMO_WEBSITE_APP_SECRET, Map.of("user", "xiaohong"));

        String unionid = miniProgram.path("unionid").asText();
        assertThat(unionid).isNotEmpty();
        assertThat(website.path("unionid").asText()).isEqualTo(unionid);
        assertThat(officialAccount.path("unionid").asText()).isEqualTo(unionid);
        assertThat(website.path("openid").asText()).isEqualTo(websiteAgain.path("openid").asText())
                .isNotEqualTo(miniProgram.path("openid").asText())
                .isNotEqualTo(officialAccount.path("openid").asText());
        assertThat(someoneElse.path("unionid").asText()).isNotEqualTo(unionid);
    }

    @Test
    void theDemoWebAppsAreRegisteredFromTheStart() {
        assertThat(DEMO_WEBSITE_APP_ID).matches("wx[0-9a-f]{16}").isNotEqualTo(DEMO_OA_APP_ID).isNotEqualTo(DEMO_APP_ID);
        assertThat(DEMO_OA_APP_ID).matches("wx[0-9a-f]{16}");
        assertThat(DEMO_WEBSITE_APP_SECRET).matches("[0-9a-f]{32}");
        assertThat(DEMO_OA_APP_SECRET).matches("[0-9a-f]{32}");

        HttpResponse<String> page = qrconnect(DEMO_WEBSITE_APP_ID, REDIRECT_URI, STATE);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("演示网站");
        JsonNode byDefault = signIn(DEMO_WEBSITE_APP_ID, DEMO_WEBSITE_APP_SECRET, Map.of());
        JsonNode alice = signIn(DEMO_WEBSITE_APP_ID, DEMO_WEBSITE_APP_SECRET, Map.of("user", WeChatSimulator.DEMO_BROWSER_USER));
        assertThat(byDefault.path("openid").asText()).isEqualTo(alice.path("openid").asText());
        assertThat(byDefault.path("unionid").asText()).isEqualTo(alice.path("unionid").asText());
        assertThat(errcode(exchange(DEMO_OA_APP_ID, DEMO_WEBSITE_APP_SECRET, "anything"))).isEqualTo(40125);
    }

    @Test
    void snapshotUsersAreMarked() {
        assertThat(signIn(WEB_APP_ID, WEB_APP_SECRET, Map.of()).has("is_snapshotuser")).isFalse();

        wechat.browserSnapshotUser(WEB_APP_ID, true);
        JsonNode snapshot = exchange(WEB_APP_ID, WEB_APP_SECRET, queryOf(authorize(WEB_APP_ID, "snsapi_base", STATE,
                WeChatSimulator.WECHAT_BROWSER_USER_AGENT).headers().firstValue("Location").orElseThrow()).get("code"));
        assertThat(snapshot.path("is_snapshotuser").isInt()).isTrue();
        assertThat(snapshot.path("is_snapshotuser").asInt()).isEqualTo(1);

        wechat.browserSnapshotUser(WEB_APP_ID, false);
        assertThat(signIn(WEB_APP_ID, WEB_APP_SECRET, Map.of()).has("is_snapshotuser")).isFalse();
    }

    // ---- /sns/oauth2/access_token ----

    @Test
    void exchangesTheCodeForAWebAccessTokenAsJsonLabelledTextPlain() {
        HttpResponse<String> response = sns(WeChatSimulator.SNS_OAUTH2_ACCESS_TOKEN, Map.of("appid", WEB_APP_ID,
                "secret", WEB_APP_SECRET, "code", signInCode(WEB_APP_ID, Map.of()), "grant_type", "authorization_code"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain");
        JsonNode body = parse(response);
        assertThat(body.path("access_token").asText()).isNotEmpty();
        assertThat(body.path("expires_in").asInt()).isEqualTo(7200);
        assertThat(body.path("refresh_token").asText()).isNotEmpty().isNotEqualTo(body.path("access_token").asText());
        assertThat(body.path("openid").asText()).isEqualTo(OPENID);
        assertThat(body.path("scope").asText()).isEqualTo("snsapi_login");
        assertThat(body.path("unionid").asText()).isEqualTo(UNIONID);
        assertThat(body.has("errcode")).isFalse();
        assertThat(body.has("is_snapshotuser")).isFalse();
    }

    @Test
    void unionidIsAbsentWhenTheUserHasNone() {
        wechat.browserUser(WEB_APP_ID, OPENID, null);

        JsonNode body = signIn(WEB_APP_ID, WEB_APP_SECRET, Map.of());

        assertThat(body.path("openid").asText()).isEqualTo(OPENID);
        assertThat(body.has("unionid")).isFalse();
    }

    @Test
    void codeIsSingleUse() {
        String code = signInCode(WEB_APP_ID, Map.of());
        assertThat(exchange(WEB_APP_ID, WEB_APP_SECRET, code).has("access_token")).isTrue();

        JsonNode second = exchange(WEB_APP_ID, WEB_APP_SECRET, code);

        assertThat(errcode(second)).isEqualTo(40163);
        assertThat(second.path("errmsg").asText()).matches("code been used rid: [0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}");
    }

    @Test
    void codeExpiresAfterFiveMinutesOfSimulatedTime() {
        String stillValid = signInCode(WEB_APP_ID, Map.of());
        String expired = signInCode(WEB_APP_ID, Map.of());

        wechat.advanceClock(Duration.ofMinutes(4).plusSeconds(59));
        assertThat(exchange(WEB_APP_ID, WEB_APP_SECRET, stillValid).has("access_token")).isTrue();
        wechat.advanceClock(Duration.ofSeconds(1));
        assertThat(errcode(exchange(WEB_APP_ID, WEB_APP_SECRET, expired))).isEqualTo(40029);
    }

    @Test
    void codeBelongsToTheAppThatIssuedIt() {
        wechat.registerApp(OTHER_APP_ID, OTHER_APP_SECRET);
        String code = signInCode(WEB_APP_ID, Map.of());

        assertThat(errcode(exchange(OTHER_APP_ID, OTHER_APP_SECRET, code))).isEqualTo(40029);
        assertThat(errcode(exchange(WEB_APP_ID, WEB_APP_SECRET, "0a3Xyz0000000000000000000000000b"))).isEqualTo(40029);
        assertThat(exchange(WEB_APP_ID, WEB_APP_SECRET, code).has("access_token")).as("still unused").isTrue();
    }

    @Test
    void rejectsBadCredentialsMissingCodeAndOtherGrantTypes() {
        String code = signInCode(WEB_APP_ID, Map.of());

        assertThat(errcode(exchange(WEB_APP_ID, "ffffffffffffffffffffffffffffffff", code))).isEqualTo(40125);
        assertThat(errcode(exchange("wx1111111111111111", WEB_APP_SECRET, code))).isEqualTo(40013);
        assertThat(errcode(exchange(WEB_APP_ID, WEB_APP_SECRET, ""))).isEqualTo(41008);
        assertThat(errcode(parse(sns(WeChatSimulator.SNS_OAUTH2_ACCESS_TOKEN, Map.of("appid", WEB_APP_ID,
                "secret", WEB_APP_SECRET, "code", code, "grant_type", "client_credential"))))).isEqualTo(40002);
        assertThat(exchange(WEB_APP_ID, WEB_APP_SECRET, code).has("access_token")).as("failed attempts leave the code usable")
                .isTrue();
    }

    @Test
    void failNextAnswersScriptedErrorsAndLeavesTheCodeUsable() {
        String code = signInCode(WEB_APP_ID, Map.of());
        wechat.failNext(WeChatSimulator.SNS_OAUTH2_ACCESS_TOKEN, 1, -1);
        wechat.failNext(WeChatSimulator.SNS_USERINFO, 1, 40029);

        assertThat(errcode(exchange(WEB_APP_ID, WEB_APP_SECRET, code))).isEqualTo(-1);
        JsonNode token = exchange(WEB_APP_ID, WEB_APP_SECRET, code);
        assertThat(token.has("access_token")).isTrue();
        assertThat(errcode(userinfo(token.path("access_token").asText(), OPENID))).isEqualTo(40029);
        assertThat(userinfo(token.path("access_token").asText(), OPENID).path("openid").asText()).isEqualTo(OPENID);
    }

    // ---- /sns/userinfo ----

    @Test
    void userinfoAnswersWeChatsPlaceholders() {
        String token = signIn(WEB_APP_ID, WEB_APP_SECRET, Map.of()).path("access_token").asText();

        HttpResponse<String> response = sns(WeChatSimulator.SNS_USERINFO, Map.of("access_token", token, "openid", OPENID));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain");
        JsonNode body = parse(response);
        assertThat(body.path("openid").asText()).isEqualTo(OPENID);
        assertThat(body.path("nickname").asText()).isEqualTo("微信用户").isEqualTo(WeChatSimulator.PLACEHOLDER_NICKNAME);
        assertThat(body.path("sex").isInt()).isTrue();
        assertThat(body.path("sex").asInt()).isZero();
        assertThat(body.path("province").asText()).isEmpty();
        assertThat(body.path("city").asText()).isEmpty();
        assertThat(body.path("country").asText()).isEmpty();
        assertThat(body.path("headimgurl").asText()).startsWith("https://").isEqualTo(WeChatSimulator.PLACEHOLDER_HEADIMGURL);
        assertThat(body.path("privilege").isArray()).isTrue();
        assertThat(body.path("privilege")).isEmpty();
        assertThat(body.path("unionid").asText()).isEqualTo(UNIONID);
        assertThat(body.has("errcode")).isFalse();
    }

    @Test
    void userinfoOmitsTheUnionidWhenTheUserHasNone() {
        wechat.browserUser(WEB_APP_ID, OPENID, null);
        String token = signIn(WEB_APP_ID, WEB_APP_SECRET, Map.of()).path("access_token").asText();

        assertThat(userinfo(token, OPENID).has("unionid")).isFalse();
    }

    @Test
    void userinfoChecksTheWebAccessTokenAndTheOpenid() {
        String token = signIn(WEB_APP_ID, WEB_APP_SECRET, Map.of()).path("access_token").asText();

        assertThat(errcode(userinfo("", OPENID))).isEqualTo(41001);
        assertThat(errcode(userinfo("90_unknown", OPENID))).isEqualTo(40001);
        assertThat(errcode(userinfo(token, "oHqWm3lKpR8sTb2vXy5zNcJdEfGh"))).isEqualTo(40003);
        assertThat(errcode(userinfo(token, ""))).isEqualTo(41009);
        assertThat(errcode(userinfo(serverAccessToken(), OPENID))).as("a server access_token is no web access token")
                .isEqualTo(40001);
    }

    @Test
    void webAccessTokensExpireAfterTwoHoursOfSimulatedTime() {
        String token = signIn(WEB_APP_ID, WEB_APP_SECRET, Map.of()).path("access_token").asText();

        wechat.advanceClock(Duration.ofHours(2).minusSeconds(1));
        assertThat(userinfo(token, OPENID).path("openid").asText()).isEqualTo(OPENID);
        wechat.advanceClock(Duration.ofSeconds(1));
        assertThat(errcode(userinfo(token, OPENID))).isEqualTo(42001);
    }

    @Test
    void snsapiBaseTokensGetNoProfile() {
        String code = queryOf(authorize(WEB_APP_ID, "snsapi_base", STATE, WeChatSimulator.WECHAT_BROWSER_USER_AGENT)
                .headers().firstValue("Location").orElseThrow()).get("code");
        String token = exchange(WEB_APP_ID, WEB_APP_SECRET, code).path("access_token").asText();

        assertThat(errcode(userinfo(token, OPENID))).isEqualTo(48001);
    }

    // ---- counters ----

    @Test
    void countsCallsPerPath() {
        signIn(WEB_APP_ID, WEB_APP_SECRET, Map.of());
        qrconnect("wx1111111111111111", REDIRECT_URI, STATE);

        assertThat(wechat.calls(WeChatSimulator.QRCONNECT)).isEqualTo(2);
        assertThat(wechat.calls(WeChatSimulator.BROWSER_CONFIRM)).isEqualTo(1);
        assertThat(wechat.calls(WeChatSimulator.SNS_OAUTH2_ACCESS_TOKEN)).isEqualTo(1);
        assertThat(wechat.calls(WeChatSimulator.SNS_USERINFO)).isZero();
        wechat.resetCounters();
        assertThat(wechat.calls(WeChatSimulator.QRCONNECT)).isZero();
    }

    // ---- helpers ----

    private void assertErrorPage(HttpResponse<String> page, String reason) {
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(page.headers().firstValue("Location")).isEmpty();
        assertThat(page.body()).contains("id=\"wechat-error\" data-reason=\"" + reason + "\"")
                .doesNotContain("wechat-confirm");
    }

    /** Website QR login, confirmed on the page (with the given form fields), then the code exchange. */
    private JsonNode signIn(String appId, String secret, Map<String, String> form) {
        return exchange(appId, secret, signInCode(appId, form));
    }

    private String signInCode(String appId, Map<String, String> form) {
        return queryOf(confirmedLocation(qrconnect(appId, REDIRECT_URI, STATE), form)).get("code");
    }

    private String confirmedLocation(HttpResponse<String> page) {
        return confirmedLocation(page, Map.of());
    }

    private String confirmedLocation(HttpResponse<String> page, Map<String, String> form) {
        HttpResponse<String> redirect = confirm(uuidOf(page), form);
        assertThat(redirect.statusCode()).isEqualTo(302);
        return redirect.headers().firstValue("Location").orElseThrow();
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
        return send(HttpRequest.newBuilder(URI.create(wechat.baseUrl() + WeChatSimulator.BROWSER_CONFIRM))
                .timeout(Duration.ofSeconds(5))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(query(fields)))
                .build());
    }

    private HttpResponse<String> qrconnect(String appId, String redirectUri, String state) {
        return get(WeChatSimulator.QRCONNECT, authParams(appId, redirectUri, "snsapi_login", state), null);
    }

    private HttpResponse<String> authorize(String appId, String scope, String state, String userAgent) {
        return get(WeChatSimulator.OAUTH2_AUTHORIZE, authParams(appId, REDIRECT_URI, scope, state), userAgent);
    }

    private static Map<String, String> authParams(String appId, String redirectUri, String scope, String state) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("appid", appId);
        params.put("redirect_uri", redirectUri);
        params.put("response_type", "code");
        params.put("scope", scope);
        if (state != null) {
            params.put("state", state);
        }
        return params;
    }

    private JsonNode exchange(String appId, String secret, String code) {
        return parse(sns(WeChatSimulator.SNS_OAUTH2_ACCESS_TOKEN, Map.of("appid", appId, "secret", secret, "code", code,
                "grant_type", "authorization_code")));
    }

    private JsonNode userinfo(String accessToken, String openid) {
        return parse(sns(WeChatSimulator.SNS_USERINFO, Map.of("access_token", accessToken, "openid", openid)));
    }

    private String serverAccessToken() {
        return parse(sns(WeChatSimulator.TOKEN, Map.of("grant_type", "client_credential", "appid", WEB_APP_ID,
                "secret", WEB_APP_SECRET))).path("access_token").asText();
    }

    private HttpResponse<String> sns(String path, Map<String, String> params) {
        return get(path, params, null);
    }

    private HttpResponse<String> get(String path, Map<String, String> params, String userAgent) {
        String query = query(params);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(wechat.baseUrl() + path + (query.isEmpty() ? "" : "?" + query)))
                .timeout(Duration.ofSeconds(5))
                .GET();
        if (userAgent != null) {
            request.header("User-Agent", userAgent);
        }
        return send(request.build());
    }

    private static String query(Map<String, String> params) {
        return params.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
    }

    /** The decoded query parameters of a URL, in order. */
    private static Map<String, String> queryOf(String url) {
        String query = URI.create(url).getRawQuery();
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : query.split("&")) {
            String[] nameAndValue = pair.split("=", 2);
            params.put(URLDecoder.decode(nameAndValue[0], StandardCharsets.UTF_8),
                    nameAndValue.length > 1 ? URLDecoder.decode(nameAndValue[1], StandardCharsets.UTF_8) : "");
        }
        return params;
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
