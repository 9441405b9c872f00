package dev.kcwechat.realm;

import static dev.kcwechat.testing.OAuthErrors.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kcwechat.users.WeChatUsernames;
import dev.kcwechat.simulator.WeChatSimulator;
import dev.kcwechat.testing.Browser;
import dev.kcwechat.testing.GuardianSetup;
import dev.kcwechat.testing.Http;
import dev.kcwechat.testing.Jwt;
import dev.kcwechat.testing.KeycloakAdmin;
import dev.kcwechat.testing.OAuth;
import dev.kcwechat.testing.PolicyTime;
import dev.kcwechat.testing.RequiresChromium;
import dev.kcwechat.testing.TestEnvironment;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * {@code realm-export/} as {@code kc.sh start-dev --import-realm} loads it (the shared test server
 * imports it at start, its placeholders resolved from the environment), used the way the README's
 * demo curls use it: an adult's login, the demo child's login that asks for a guardian's consent,
 * and the demo guardian's approval on the consent page; and as its web-app is used in headless
 * Chromium: the website's simulated QR page signs a new person in, or the mini-program's user of
 * the name typed there, and a mini-program's web-view ticket signs its user in without a form; and
 * its WeCom pair on the simulator's demo corp: zhangsan's wx.qy.login code, lisi (left) refused,
 * and zhangsan into oa-web through the simulated SSO page.
 * Screenshots: {@code target/screenshots/realm-export-*.png}.
 */
@Tag(PolicyTime.TAG)
class RealmExportIT {

    private static final String REALM = "wechat-demo";
    private static final String GUARDIAN_FLOW = "wechat guardian post-login";
    private static final String WEBSITE = "wechat-website";
    private static final String OFFICIAL_ACCOUNT = "wechat-official-account";
    private static final String WEB_APP = "web-app";
    private static final String WECOM_MINI_PROGRAM = "wecom-mini-program";
    private static final String WECOM = "wecom";
    private static final String WECOM_APP = "wecom-mini-program-app";
    private static final String OA_WEB = "oa-web";
    private static final String TICKET_FLOW = "wechat browser";
    private static final String REDIRECT_URI = "http://127.0.0.1:" + TestEnvironment.WEB_APP_PORT + "/callback";
    /** The simulator user the realm's demo child account is linked to, by this simulator's stable unionid of that user. */
    private static final String CHILD = "xiaoming";
    private static final String CHILD_UNIONID = "oUUj9sLeBKXPJNUoJt-UOqcjUxyY";
    private static final String CHILD_BIRTHDATE = "2016-06-01";
    private static final String GUARDIAN = "guardian";
    private static final String GUARDIAN_PASSWORD = "guardian-demo";
    /** The guardian policy's clock for the child's logins: noon in Shanghai, outside the demo's curfew (22:00-06:00). */
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final String NOON_IN_SHANGHAI = LocalDate.now(SHANGHAI).atTime(12, 0).atZone(SHANGHAI).toInstant().toString();
    private static KeycloakAdmin admin;
    private static WeChatSimulator wechat;
    private static OAuth oauth;

    @BeforeAll
    static void setUp() {
        TestEnvironment env = TestEnvironment.get();
        admin = env.admin();
        wechat = env.demoSimulator();
        oauth = env.oauth(REALM);
    }

    @Test
    void theDemoCurlTradesASimulatorCodeForTokens() {
        String code = Http.get(wechat.baseUrl() + "/sim/wx.login?user=alice", null).body().trim();

        Http.Answer answer = Http.postForm(oauth.tokenUrl(), Map.of("grant_type", OAuth.GRANT_TYPE,
                "client_id", "mini-program", "code", code, "scope", "openid"), null);

        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        JsonNode claims = new Jwt(answer.json().get("access_token").asText()).claims();
        assertThat(claims.hasNonNull("wechat_unionid")).isTrue();
        assertThat(claims.hasNonNull("wechat_openid")).isTrue();
        assertThat(claims.get("age_bracket").asText()).as("no birthdate").isEqualTo("unknown");
        assertThat(claims.get("guardian_mode").asBoolean()).as("the demo's policy lets an unknown age in as an adult").isFalse();
        assertThat(answer.json().hasNonNull("id_token")).isTrue();
    }

    @Test
    void anAdultsTokensAndUserinfoCarryTheAgeBracketAndABadBirthdateIsRefused() {
        String userId = new Jwt(login("grandma").json().get("access_token").asText()).claims().get("sub").asText();
        assertThat(setBirthdate(userId, "1958/04/03").status()).as("not YYYY-MM-DD").isEqualTo(400);
        Http.Answer saved = setBirthdate(userId, "1958-04-03");
        assertThat(saved.status()).as(saved.toString()).isEqualTo(204);

        Http.Answer answer = login("grandma");

        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        JsonNode access = new Jwt(answer.json().get("access_token").asText()).claims();
        JsonNode id = new Jwt(answer.json().get("id_token").asText()).claims();
        JsonNode userinfo = oauth.userinfo(answer.json().get("access_token").asText()).json();
        for (JsonNode claims : List.of(access, id, userinfo)) {
            assertThat(claims.get("age_bracket").asText()).isEqualTo("adult");
            assertThat(claims.get("guardian_mode").asBoolean()).isFalse();
        }
    }

    @Test
    void theGuardianPolicyIsEveryWeChatProvidersPostLoginFlowWithTheContractsDefaultsAndUnknownAgeAllowed() {
        JsonNode executions = admin.getJson("/" + REALM + "/authentication/flows/" + GUARDIAN_FLOW.replace(" ", "%20") + "/executions");

        for (String alias : List.of("wechat", "wechat-website", "wechat-official-account")) {
            JsonNode idp = admin.getJson("/" + REALM + "/identity-provider/instances/" + alias);
            assertThat(idp.get("postBrokerLoginFlowAlias").asText()).as(alias).isEqualTo(GUARDIAN_FLOW);
        }
        assertThat(executions).hasSize(1);
        assertThat(executions.get(0).get("providerId").asText()).isEqualTo("wechat-guardian-policy");
        assertThat(executions.get(0).get("requirement").asText()).isEqualTo("REQUIRED");
        JsonNode config = admin.getJson("/" + REALM + "/authentication/config/" + executions.get(0).get("authenticationConfig").asText());
        assertThat(Http.JSON.convertValue(config.get("config"), Map.class)).isEqualTo(Map.of(
                "curfew", "22:00-06:00", "timeZone", "Asia/Shanghai", "dailyMinutes", "60,60,120",
                "consentUnder14", "true", "unknownAge", "allow", "consentRetentionDays", "1095"));
    }

    /**
     * A realm import that lists flows gets no built-in ones of its own: the export carries them, as a
     * new realm has them, bound alike but for the browser flow (a copy with the web-view ticket).
     */
    @Test
    void theRealmHasTheBuiltInFlowsOfANewRealmBoundAlike() {
        String reference = "flows-reference";
        admin.createRealm(Http.JSON.createObjectNode().put("realm", reference).put("enabled", true));
        try {
            JsonNode fresh = admin.getJson("/" + reference);
            JsonNode demo = admin.getJson("/" + REALM);
            for (String binding : List.of("registrationFlow", "directGrantFlow", "resetCredentialsFlow",
                    "clientAuthenticationFlow", "dockerAuthenticationFlow", "firstBrokerLoginFlow")) {
                assertThat(demo.path(binding).asText()).as(binding).isEqualTo(fresh.path(binding).asText());
            }
            assertThat(demo.path("browserFlow").asText()).as("a copy of the built-in browser flow").isEqualTo(TICKET_FLOW);
            List<String> freshFlows = aliases(admin.getJson("/" + reference + "/authentication/flows"));
            List<String> demoFlows = aliases(admin.getJson("/" + REALM + "/authentication/flows"));
            assertThat(demoFlows).containsExactlyInAnyOrderElementsOf(concat(freshFlows, GUARDIAN_FLOW, TICKET_FLOW));
            for (String flow : freshFlows) {
                String path = "/authentication/flows/" + flow.replace(" ", "%20") + "/executions";
                assertThat(steps(admin.getJson("/" + REALM + path))).as(flow).isEqualTo(steps(admin.getJson("/" + reference + path)));
            }
        } finally {
            admin.delete("/" + reference);
        }
    }

    @Test
    void theDemoChildIsAskedForAGuardiansConsent() {
        policyClock(NOON_IN_SHANGHAI);
        String childId = demoChild().get("id").asText();

        Http.Answer refused = login(CHILD);

        assertError(refused, 403, "consent_required");
        assertThat(refused.json().get("guardian_policy").asText()).isEqualTo("consent_required");
        String request = refused.json().get("guardian_consent_request").asText();
        assertThat(refused.json().get("guardian_consent_uri").asText()).isEqualTo(oauth.issuer() + "/wechat/guardian/consent/" + request);
        assertThat(admin.getJson("/" + REALM + "/events?type=LOGIN_ERROR&user=" + childId))
                .as("the pre-created child account, found through its WeChat link")
                .anySatisfy(e -> assertThat(e.path("details").path("guardian_policy").asText()).isEqualTo("consent_required"));
    }

    /** What the demo prints at night: the child's curl meets the curfew, and with the curfew saved as off it asks for consent. */
    @Test
    void atNightTheDemoChildMeetsTheCurfewUntilAnAdminTurnsItOff() {
        GuardianSetup demoPolicy = new GuardianSetup(() -> admin, REALM);
        Map<String, String> imported = demoPolicy.policyConfig(GUARDIAN_FLOW);
        policyClock(LocalDate.now(SHANGHAI).atTime(23, 0).atZone(SHANGHAI).toInstant().toString());

        Http.Answer night = login(CHILD);

        assertError(night, 403, "access_denied");
        assertThat(night.json().get("guardian_policy").asText()).isEqualTo("curfew");
        Map<String, String> curfewOff = new HashMap<>(imported);
        curfewOff.put("curfew", "off");
        try {
            demoPolicy.savePolicyConfig(GUARDIAN_FLOW, curfewOff);

            Http.Answer answer = login(CHILD);

            assertError(answer, 403, "consent_required");
            assertThat(answer.json().get("guardian_policy").asText()).isEqualTo("consent_required");
        } finally {
            demoPolicy.savePolicyConfig(GUARDIAN_FLOW, imported);
        }
    }

    @Test
    void theDemoChildAndGuardianAccounts() {
        JsonNode child = demoChild();
        JsonNode links = admin.getJson("/" + REALM + "/users/" + child.get("id").asText() + "/federated-identity");
        JsonNode guardian = admin.getJson("/" + REALM + "/users?exact=true&username=" + GUARDIAN).get(0);

        assertThat(child.path("attributes").path("birthdate").get(0).asText()).isEqualTo(CHILD_BIRTHDATE);
        assertThat(links).hasSize(1);
        assertThat(links.get(0).get("identityProvider").asText()).isEqualTo("wechat");
        assertThat(links.get(0).get("userId").asText()).isEqualTo(CHILD_UNIONID);
        assertThat(guardian.get("enabled").asBoolean()).isTrue();
        assertThat(guardian.get("emailVerified").asBoolean()).isTrue();
        assertThat(guardian.path("requiredActions")).isEmpty();
        assertThat(guardian.path("attributes").path("birthdate").get(0).asText()).isEqualTo("1985-03-15");
    }

    @Test
    @RequiresChromium
    void theDemoGuardianApprovesOnTheConsentPageAndTheChildSignsIn() {
        policyClock(NOON_IN_SHANGHAI);
        String childId = demoChild().get("id").asText();
        String consentUri = login(CHILD).json().get("guardian_consent_uri").asText();
        try {
            try (Browser browser = Browser.start()) {
                browser.open(consentUri);
                browser.type(By.id("username"), GUARDIAN).type(By.id("password"), GUARDIAN_PASSWORD).click(By.id("kc-login"));
                browser.waitUntil("the consent page", () -> browser.has(By.id("approve")));
                browser.screenshot("realm-export-guardian-consent");
                assertThat(browser.find(By.id("birthdate")).getAttribute("value")).isEqualTo(CHILD_BIRTHDATE);
                browser.click(By.id("approve"));
                browser.waitUntil("the decision", () -> browser.has(By.id("decision-result")));
                browser.screenshot("realm-export-guardian-approved");
            }

            Http.Answer child = login(CHILD);

            assertThat(child.status()).as(child.toString()).isEqualTo(200);
            JsonNode claims = new Jwt(child.json().get("access_token").asText()).claims();
            assertThat(claims.get("sub").asText()).isEqualTo(childId);
            assertThat(claims.get("age_bracket").asText()).isEqualTo("under_14");
            assertThat(claims.get("guardian_mode").asBoolean()).isTrue();
        } finally {
            for (JsonNode consent : admin.getJson("/" + REALM + "/wechat/consents?user=" + childId)) {
                if (consent.path("revokedAt").isNull()) {
                    admin.delete("/" + REALM + "/wechat/consents/" + consent.get("id").asText());
                }
            }
        }
    }

    @AfterEach
    void realClock() {
        policyClock("");
    }

    @Test
    void aPhoneCodeGivesTheVerifiedPhoneNumberClaims() {
        String code = Http.get(wechat.baseUrl() + "/sim/wx.login?user=bob", null).body().trim();
        String phoneCode = Http.get(wechat.baseUrl() + "/sim/phone?number=13800138000", null).body().trim();

        Http.Answer answer = Http.postForm(oauth.tokenUrl(), Map.of("grant_type", OAuth.GRANT_TYPE,
                "client_id", "mini-program", "code", code, "phone_code", phoneCode), null);

        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        JsonNode claims = new Jwt(answer.json().get("access_token").asText()).claims();
        assertThat(claims.get("phone_number").asText()).isEqualTo("+8613800138000");
        assertThat(claims.get("phone_number_verified").asBoolean()).isTrue();
    }

    @Test
    void placeholdersAreResolvedFromTheEnvironment() {
        JsonNode config = admin.getJson("/" + REALM + "/identity-provider/instances/wechat").get("config");

        assertThat(config.get("clientId").asText()).isEqualTo(WeChatSimulator.DEMO_APP_ID);
        assertThat(config.get("apiBaseUrl").asText()).isEqualTo(wechat.baseUrl());
        assertThat(config.get("allowedClients").asText()).isEqualTo("mini-program");
    }

    /** The WeChat family: the website (QR code) and the official account, each a "WeChat" with its app on the simulator. */
    @Test
    void theWebsiteAndTheOfficialAccountPointAtTheSimulatorAndImportNewPeople() {
        Map<String, String> appIds = Map.of(WEBSITE, WeChatSimulator.DEMO_WEBSITE_APP_ID, OFFICIAL_ACCOUNT, WeChatSimulator.DEMO_OA_APP_ID);
        for (Map.Entry<String, String> app : appIds.entrySet()) {
            JsonNode idp = admin.getJson("/" + REALM + "/identity-provider/instances/" + app.getKey());

            assertThat(idp.get("providerId").asText()).isEqualTo(app.getKey());
            assertThat(idp.get("displayName").asText()).isEqualTo("WeChat");
            assertThat(idp.get("enabled").asBoolean()).isTrue();
            assertThat(idp.path("hideOnLogin").asBoolean()).isFalse();
            assertThat(idp.get("firstBrokerLoginFlowAlias").asText()).isEqualTo("first broker login");
            JsonNode config = idp.get("config");
            assertThat(config.get("clientId").asText()).isEqualTo(app.getValue());
            assertThat(config.get("apiBaseUrl").asText()).isEqualTo(wechat.baseUrl());
            assertThat(config.get("authorizationBaseUrl").asText()).isEqualTo(wechat.baseUrl());
            assertThat(config.get("syncMode").asText()).isEqualTo("IMPORT");
        }
        assertThat(admin.getJson("/" + REALM + "/identity-provider/instances/" + OFFICIAL_ACCOUNT).get("config").get("scope").asText())
                .as("WeChat sends the unionid only then").isEqualTo("snsapi_userinfo");
    }

    /** The WeCom pair (on here: the tests set WECOM_ENABLED) on the simulator's demo corp, each with its own clients. */
    @Test
    void theWeComPairPointsAtTheDemoCorpWithItsOwnMiniProgramClientAndOaWeb() {
        for (String alias : List.of(WECOM_MINI_PROGRAM, WECOM)) {
            JsonNode idp = admin.getJson("/" + REALM + "/identity-provider/instances/" + alias);

            assertThat(idp.get("providerId").asText()).isEqualTo(alias);
            assertThat(idp.get("enabled").asBoolean()).as("WECOM_ENABLED").isTrue();
            JsonNode config = idp.get("config");
            assertThat(config.get("clientId").asText()).isEqualTo(WeChatSimulator.DEMO_CORP_ID);
            assertThat(config.get("agentId").asText()).isEqualTo(String.valueOf(WeChatSimulator.DEMO_AGENT_ID));
            assertThat(config.get("apiBaseUrl").asText()).isEqualTo(wechat.baseUrl());
            assertThat(config.get("syncMode").asText()).isEqualTo("IMPORT");
        }
        JsonNode web = admin.getJson("/" + REALM + "/identity-provider/instances/" + WECOM);
        assertThat(web.get("displayName").asText()).isEqualTo("WeCom");
        assertThat(web.get("config").get("authorizationBaseUrl").asText()).isEqualTo(wechat.baseUrl());
        assertThat(web.get("config").get("ssoBaseUrl").asText()).isEqualTo(wechat.baseUrl());
        assertThat(admin.getJson("/" + REALM + "/identity-provider/instances/" + WECOM_MINI_PROGRAM).get("config")
                .get("allowedClients").asText()).as("not mini-program: its curls need no idp").isEqualTo(WECOM_APP);

        JsonNode app = admin.getJson("/" + REALM + "/clients?clientId=" + WECOM_APP).get(0);
        assertThat(app.get("publicClient").asBoolean()).isTrue();
        assertThat(app.get("standardFlowEnabled").asBoolean()).isFalse();
        JsonNode oaWeb = admin.getJson("/" + REALM + "/clients?clientId=" + OA_WEB).get(0);
        String secret = admin.getJson("/" + REALM + "/clients/" + oaWeb.get("id").asText() + "/client-secret").get("value").asText();
        assertThat(oaWeb.get("publicClient").asBoolean()).isFalse();
        assertThat(secret).as("OA_WEB_SECRET").isEqualTo(TestEnvironment.OA_WEB_SECRET);
        assertThat(oaWeb.get("standardFlowEnabled").asBoolean()).isTrue();
        assertThat(oaWeb.get("redirectUris")).extracting(JsonNode::asText).as("WEB_APP_PORT").containsExactlyInAnyOrder(
                "http://127.0.0.1:" + TestEnvironment.WEB_APP_PORT + "/*", "http://localhost:" + TestEnvironment.WEB_APP_PORT + "/*");
    }

    @Test
    void theDemoCorpsZhangsanSignsInFromTheWeComMiniProgramAndLisiWhoLeftIsRefused() {
        Http.Answer zhangsan = weComLogin(WeChatSimulator.DEMO_WECOM_USER);

        assertThat(zhangsan.status()).as(zhangsan.toString()).isEqualTo(200);
        JsonNode claims = new Jwt(zhangsan.json().get("access_token").asText()).claims();
        assertThat(claims.get("wecom_corpid").asText()).isEqualTo(WeChatSimulator.DEMO_CORP_ID);
        assertThat(claims.get("wecom_userid").asText()).isEqualTo(WeChatSimulator.DEMO_WECOM_USER);
        assertError(weComLogin(WeChatSimulator.DEMO_WECOM_LEFT_USER), 403, "access_denied");
    }

    /** oa-web's sign-in: "WeCom" on the login page, the simulated SSO page confirms the demo corp's zhangsan, no password. */
    @Test
    @RequiresChromium
    void theSimulatedSsoPageSignsZhangsanIntoOaWebAsTheMiniProgramsUser() {
        String miniProgramSub = sub(weComLogin(WeChatSimulator.DEMO_WECOM_USER).json());

        try (Browser browser = Browser.start()) {
            browser.open(oauth.issuer() + "/protocol/openid-connect/auth?" + Http.formEncode(new LinkedHashMap<>(Map.of(
                    "response_type", "code", "client_id", OA_WEB, "redirect_uri", REDIRECT_URI, "scope", "openid"))));
            browser.waitUntil("the WeCom sign-in", () -> browser.find(By.id("social-" + WECOM)).isDisplayed());
            browser.click(By.id("social-" + WECOM));
            browser.waitUntil("WeCom's SSO page", () -> browser.has(By.id("wecom-confirm")));
            browser.type(By.id("wecom-user"), WeChatSimulator.DEMO_WECOM_USER);
            browser.screenshot("realm-export-wecom-sso");
            browser.click(By.id("wecom-confirm"));
            browser.waitUntil("the redirect to oa-web, no form on the way", () -> browser.currentUrl().startsWith(REDIRECT_URI));

            Http.Answer tokens = Http.postForm(oauth.tokenUrl(), Map.of("grant_type", "authorization_code", "client_id", OA_WEB,
                    "client_secret", TestEnvironment.OA_WEB_SECRET, "code", query(browser.currentUrl()).get("code"),
                    "redirect_uri", REDIRECT_URI), null);
            assertThat(tokens.status()).as(tokens.toString()).isEqualTo(200);
            assertThat(new Jwt(tokens.json().get("id_token").asText()).claims().get("sub").asText()).isEqualTo(miniProgramSub);
        }
    }

    @Test
    void eventsAreStoredThreeYearsWithTheGuardiansAndTheUserProfileDeclaresTheWeChatAttributesAndTheBirthdate() {
        JsonNode events = admin.getJson("/" + REALM + "/events/config");
        JsonNode profile = admin.getJson("/" + REALM + "/users/profile");

        assertThat(events.get("eventsEnabled").asBoolean()).isTrue();
        assertThat(events.get("eventsExpiration").asLong()).isEqualTo(3 * 365 * 24 * 3600L);
        assertThat(events.get("enabledEventTypes")).extracting(JsonNode::asText)
                .contains("LOGIN", "LOGIN_ERROR", "REFRESH_TOKEN_ERROR", "GRANT_CONSENT", "GRANT_CONSENT_ERROR", "REVOKE_GRANT")
                .as("what Keycloak saves by default, as before")
                .contains("REGISTER", "FEDERATED_IDENTITY_LINK", "UPDATE_PROFILE", "CODE_TO_TOKEN", "LOGOUT");
        assertThat(profile.get("attributes")).extracting(a -> a.get("name").asText())
                .contains("wechat_unionid", "phoneNumber", "phoneNumberVerified", "birthdate");
        assertThat(profile.get("unmanagedAttributePolicy").asText()).isEqualTo("ADMIN_VIEW");
    }

    @Test
    void theMiniProgramClientIsPublicWithTheWeChatScope() {
        JsonNode client = admin.getJson("/" + REALM + "/clients?clientId=mini-program").get(0);

        assertThat(client.get("publicClient").asBoolean()).isTrue();
        assertThat(client.get("defaultClientScopes")).extracting(JsonNode::asText).contains("wechat", "phone");
        assertThat(client.get("directAccessGrantsEnabled").asBoolean()).isFalse();
    }

    @Test
    @RequiresChromium
    void aNewPersonSignsInOnTheWebsiteThroughTheSimulatedQrPageWithoutAForm() {
        String sub = websiteLogin("qr-newcomer", "realm-export-qr-new-person");

        JsonNode links = admin.getJson("/" + REALM + "/users/" + sub + "/federated-identity");
        assertThat(links).hasSize(1);
        assertThat(links.get(0).get("identityProvider").asText()).isEqualTo(WEBSITE);
        assertThat(admin.getJson("/" + REALM + "/users/" + sub).get("username").asText()).startsWith("wechat-");
    }

    /** The name typed on the QR page is the simulator's user of that name, whose unionid the mini-program's wx.login gives too. */
    @Test
    @RequiresChromium
    void aNameTypedOnTheQrPageIsThatNamesMiniProgramUser() {
        String miniProgramSub = sub(login("qr-carol").json());

        String websiteSub = websiteLogin("qr-carol", "realm-export-qr-same-person");

        assertThat(websiteSub).as("one person, one sub").isEqualTo(miniProgramSub);
        List<String> links = new ArrayList<>();
        admin.getJson("/" + REALM + "/users/" + websiteSub + "/federated-identity")
                .forEach(link -> links.add(link.get("identityProvider").asText()));
        assertThat(links).containsExactlyInAnyOrder("wechat", WEBSITE);
    }

    @Test
    void theWebAppIsAConfidentialClientOfTheStandardFlowOnTheWeChatLoginTheme() {
        JsonNode client = admin.getJson("/" + REALM + "/clients?clientId=" + WEB_APP).get(0);
        String secret = admin.getJson("/" + REALM + "/clients/" + client.get("id").asText() + "/client-secret").get("value").asText();

        assertThat(client.get("publicClient").asBoolean()).isFalse();
        assertThat(client.get("clientAuthenticatorType").asText()).isEqualTo("client-secret");
        assertThat(secret).as("WEB_APP_SECRET").isEqualTo(TestEnvironment.WEB_APP_SECRET);
        assertThat(client.get("standardFlowEnabled").asBoolean()).isTrue();
        assertThat(client.get("implicitFlowEnabled").asBoolean()).isFalse();
        assertThat(client.get("directAccessGrantsEnabled").asBoolean()).isFalse();
        assertThat(client.get("redirectUris")).extracting(JsonNode::asText).as("WEB_APP_PORT").containsExactlyInAnyOrder(
                "http://127.0.0.1:" + TestEnvironment.WEB_APP_PORT + "/*", "http://localhost:" + TestEnvironment.WEB_APP_PORT + "/*");
        assertThat(client.get("defaultClientScopes")).extracting(JsonNode::asText).contains("wechat");
        assertThat(admin.getJson("/" + REALM).get("loginTheme").asText()).isEqualTo("keycloak-wechat");
    }

    @Test
    void theBrowserFlowIsKeycloaksWithTheWebViewTicketBeforeTheRedirectorAndTheFormsAndIsBound() {
        List<Map<String, String>> copy = shapes(admin.getJson("/" + REALM + "/authentication/flows/"
                + TICKET_FLOW.replace(" ", "%20") + "/executions"));
        List<Map<String, String>> builtIn = shapes(admin.getJson("/" + REALM + "/authentication/flows/browser/executions"));

        assertThat(admin.getJson("/" + REALM).get("browserFlow").asText()).isEqualTo(TICKET_FLOW);
        List<String> topLevel = copy.stream().filter(step -> step.get("level").equals("0")).map(RealmExportIT::what).toList();
        assertThat(topLevel).containsExactly("auth-cookie", "auth-spnego", "wechat-ticket", "identity-provider-redirector",
                "flow", "flow");
        Map<String, String> ticket = copy.stream().filter(step -> step.get("providerId").equals("wechat-ticket")).findFirst().orElseThrow();
        assertThat(ticket.get("requirement")).isEqualTo("ALTERNATIVE");
        List<Map<String, String>> withoutTicket = new ArrayList<>(copy);
        withoutTicket.remove(ticket);
        assertThat(withoutTicket).as("otherwise Keycloak's browser flow").isEqualTo(builtIn);
    }

    @Test
    @RequiresChromium
    void aWebViewTicketSignsTheMiniProgramsUserInToTheWebAppWithoutTheLoginForm() {
        JsonNode miniProgram = login("webview-dave").json();
        Http.Answer issued = Http.postJson(oauth.wechat("web-ticket"), Map.of("client_id", WEB_APP),
                miniProgram.get("access_token").asText());
        assertThat(issued.status()).as(issued.toString()).isEqualTo(200);

        try (Browser browser = Browser.start(Browser.Options.defaults().userAgent(Browser.WECHAT_USER_AGENT))) {
            browser.open(authorizationUrl() + "&wechat_ticket=" + URLEncoder.encode(issued.json().get("ticket").asText(), StandardCharsets.UTF_8));
            browser.waitUntil("the redirect to the web app", () -> browser.currentUrl().startsWith(REDIRECT_URI));

            assertThat(subOfCode(query(browser.currentUrl()).get("code"))).isEqualTo(sub(miniProgram));
        }
    }

    /**
     * The web app's sign-in through Keycloak's login page (one "Sign in with WeChat", the website's
     * outside WeChat) and the simulated QR page, signing in the simulator's user of that name; the sub.
     */
    private static String websiteLogin(String name, String screenshot) {
        try (Browser browser = Browser.start()) {
            browser.open(authorizationUrl());
            browser.waitUntil("the WeChat sign-in", () -> browser.find(By.id("social-" + WEBSITE)).isDisplayed());
            assertThat(browser.find(By.id("social-" + WEBSITE)).getAttribute("data-wechat")).as("the keycloak-wechat theme")
                    .isEqualTo(WEBSITE);
            browser.screenshot(screenshot + "-login-page");
            browser.click(By.id("social-" + WEBSITE));
            browser.waitUntil("the simulated QR page", () -> browser.has(By.id("wechat-confirm")));
            browser.type(By.id("wechat-user"), name);
            browser.screenshot(screenshot + "-wechat");
            browser.click(By.id("wechat-confirm"));
            browser.waitUntil("the redirect to the web app, no form on the way", () -> browser.currentUrl().startsWith(REDIRECT_URI));
            return subOfCode(query(browser.currentUrl()).get("code"));
        }
    }

    /** The web app's code exchange, with its client secret; the id_token's sub. */
    private static String subOfCode(String code) {
        Http.Answer tokens = Http.postForm(oauth.tokenUrl(), Map.of("grant_type", "authorization_code", "client_id", WEB_APP,
                "client_secret", TestEnvironment.WEB_APP_SECRET, "code", code, "redirect_uri", REDIRECT_URI), null);
        assertThat(tokens.status()).as(tokens.toString()).isEqualTo(200);
        return new Jwt(tokens.json().get("id_token").asText()).claims().get("sub").asText();
    }

    private static String authorizationUrl() {
        return oauth.issuer() + "/protocol/openid-connect/auth?" + Http.formEncode(new LinkedHashMap<>(Map.of(
                "response_type", "code", "client_id", WEB_APP, "redirect_uri", REDIRECT_URI, "scope", "openid")));
    }

    private static String sub(JsonNode tokens) {
        return new Jwt(tokens.get("access_token").asText()).claims().get("sub").asText();
    }

    private static Map<String, String> query(String url) {
        Map<String, String> query = new LinkedHashMap<>();
        String raw = URI.create(url).getRawQuery();
        for (String pair : raw == null ? new String[0] : raw.split("&")) {
            String[] kv = pair.split("=", 2);
            query.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
        }
        return query;
    }

    private Http.Answer login(String simulatorUser) {
        String code = Http.get(wechat.baseUrl() + "/sim/wx.login?user=" + simulatorUser, null).body().trim();
        return oauth.codeLogin("mini-program", code, Map.of("scope", "openid"));
    }

    private Http.Answer weComLogin(String userid) {
        String code = Http.get(wechat.baseUrl() + "/sim/wx.qy.login?user=" + userid, null).body().trim();
        return oauth.codeLogin(WECOM_APP, code, Map.of("scope", "openid"));
    }

    private static JsonNode demoChild() {
        JsonNode found = admin.getJson("/" + REALM + "/users?exact=true&username=" + WeChatUsernames.forIdentity(CHILD_UNIONID));
        assertThat(found).as("the demo child account").hasSize(1);
        return found.get(0);
    }

    private static Http.Answer setBirthdate(String userId, String birthdate) {
        ObjectNode user = (ObjectNode) admin.getJson("/" + REALM + "/users/" + userId);
        user.with("attributes").putArray("birthdate").add(birthdate);
        return admin.put("/" + REALM + "/users/" + userId, user);
    }

    /** The guardian policy's clock in the demo realm (the test server honours it); empty: the real time. */
    private static void policyClock(String instant) {
        ObjectNode realm = Http.JSON.createObjectNode();
        realm.putObject("attributes").put("kcwechat.testClock", instant);
        assertThat(admin.put("/" + REALM, realm).status()).isEqualTo(204);
    }

    private static List<String> aliases(JsonNode flows) {
        List<String> aliases = new ArrayList<>();
        flows.forEach(flow -> aliases.add(flow.get("alias").asText()));
        return aliases;
    }

    /** A flow's executions as the flow editor lists them: nesting, order, what and how required. */
    private static List<Map<String, String>> steps(JsonNode executions) {
        List<Map<String, String>> steps = new ArrayList<>();
        for (JsonNode execution : executions) {
            Map<String, String> step = new LinkedHashMap<>();
            for (String field : List.of("level", "index", "displayName", "providerId", "requirement", "authenticationFlow",
                    "configurable")) {
                step.put(field, execution.path(field).asText());
            }
            steps.add(step);
        }
        return steps;
    }

    /** A flow's executions as the flow editor shows them, but for index and the names of subflows (a copy renames them). */
    private static List<Map<String, String>> shapes(JsonNode executions) {
        List<Map<String, String>> shapes = new ArrayList<>();
        for (Map<String, String> step : steps(executions)) {
            Map<String, String> shape = new LinkedHashMap<>(step);
            shape.remove("index");
            if ("true".equals(step.get("authenticationFlow"))) {
                shape.remove("displayName");
            }
            shapes.add(shape);
        }
        return shapes;
    }

    private static String what(Map<String, String> step) {
        return "true".equals(step.get("authenticationFlow")) ? "flow" : step.get("providerId");
    }

    private static List<String> concat(List<String> list, String... more) {
        List<String> all = new ArrayList<>(list);
        all.addAll(List.of(more));
        return all;
    }
}
