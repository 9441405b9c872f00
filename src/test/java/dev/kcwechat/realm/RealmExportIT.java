package dev.kcwechat.realm;

import static dev.kcwechat.testing.OAuthErrors.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcwechat.simulator.WeChatSimulator;
import dev.kcwechat.testing.Browser;
import dev.kcwechat.testing.GuardianSetup;
import dev.kcwechat.testing.Http;
import dev.kcwechat.testing.Jwt;
import dev.kcwechat.testing.KeycloakAdmin;
import dev.kcwechat.testing.OAuth;
import dev.kcwechat.testing.PolicyTime;
import dev.kcwechat.testing.RequiresChromium;
import dev.kcwechat.testing.RequiresKeycloak;
import dev.kcwechat.testing.TestEnvironment;
import dev.kcwechat.users.WeChatUsernames;
import jakarta.ws.rs.WebApplicationException;
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
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.AuthenticationExecutionInfoRepresentation;
import org.keycloak.representations.idm.ClientPolicyRepresentation;
import org.keycloak.representations.idm.AuthenticationFlowRepresentation;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.FederatedIdentityRepresentation;
import org.keycloak.representations.idm.IdentityProviderRepresentation;
import org.keycloak.representations.idm.RealmEventsConfigRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
import org.keycloak.representations.userprofile.config.UPAttribute;
import org.keycloak.representations.userprofile.config.UPConfig;
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
    private static RealmResource demo;
    private static WeChatSimulator wechat;
    private static OAuth oauth;

    @BeforeAll
    static void setUp() {
        TestEnvironment env = TestEnvironment.get();
        admin = env.admin();
        demo = admin.realm(REALM);
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
        assertThatThrownBy(() -> setBirthdate(userId, "1958/04/03")).as("not YYYY-MM-DD").isInstanceOfSatisfying(
                WebApplicationException.class, refused -> assertThat(refused.getResponse().getStatus()).isEqualTo(400));
        setBirthdate(userId, "1958-04-03");

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
    void theGuardianPolicyIsTheRealmsClientPolicyWithTheContractsDefaultsAndEveryWeChatProvidersPostLoginFlow() {
        List<AuthenticationExecutionInfoRepresentation> executions = demo.flows().getExecutions(GUARDIAN_FLOW);

        for (String alias : List.of("wechat", "wechat-website", "wechat-official-account")) {
            IdentityProviderRepresentation idp = demo.identityProviders().get(alias).toRepresentation();
            assertThat(idp.getPostBrokerLoginFlowAlias()).as(alias).isEqualTo(GUARDIAN_FLOW);
        }
        assertThat(executions).hasSize(1);
        assertThat(executions.get(0).getProviderId()).isEqualTo("wechat-guardian-policy");
        assertThat(executions.get(0).getRequirement()).isEqualTo("REQUIRED");
        assertThat(executions.get(0).getAuthenticationConfig()).as("the step has no settings of its own").isNull();
        assertThat(new GuardianSetup(() -> demo).policyConfig()).isEqualTo(Map.of(
                "curfew", "22:00-06:00", "timeZone", "Asia/Shanghai", "dailyMinutes", "60,60,120", "consentUnder14", "true",
                "unknownAge", "allow", "consentRetentionDays", "1095", "guardianVerification", "trusted-adult"));
        ClientPolicyRepresentation policy = demo.clientPoliciesPoliciesResource().getPolicies(false).getPolicies().get(0);
        assertThat(policy.isEnabled()).isTrue();
        assertThat(policy.getConditions().get(0).getConditionProviderId()).as("every token of every client").isEqualTo("any-client");
        assertThat(policy.getProfiles()).containsExactly(GuardianSetup.PROFILE);
    }

    /**
     * A realm import that lists flows gets no built-in ones of its own: the export carries them, as a
     * new realm has them, bound alike but for the browser flow (a copy with the web-view ticket).
     */
    @Test
    void theRealmHasTheBuiltInFlowsOfANewRealmBoundAlike() {
        String reference = "flows-reference";
        RealmRepresentation newRealm = new RealmRepresentation();
        newRealm.setRealm(reference);
        newRealm.setEnabled(true);
        admin.createRealm(newRealm);
        RealmResource referenceRealm = admin.realm(reference);
        try {
            RealmRepresentation fresh = referenceRealm.toRepresentation();
            RealmRepresentation imported = demo.toRepresentation();
            Map<String, Function<RealmRepresentation, String>> bindings = Map.of(
                    "registrationFlow", RealmRepresentation::getRegistrationFlow,
                    "directGrantFlow", RealmRepresentation::getDirectGrantFlow,
                    "resetCredentialsFlow", RealmRepresentation::getResetCredentialsFlow,
                    "clientAuthenticationFlow", RealmRepresentation::getClientAuthenticationFlow,
                    "dockerAuthenticationFlow", RealmRepresentation::getDockerAuthenticationFlow,
                    "firstBrokerLoginFlow", RealmRepresentation::getFirstBrokerLoginFlow);
            bindings.forEach((binding, flow) -> assertThat(flow.apply(imported)).as(binding).isEqualTo(flow.apply(fresh)));
            assertThat(imported.getBrowserFlow()).as("a copy of the built-in browser flow").isEqualTo(TICKET_FLOW);
            List<String> freshFlows = aliases(referenceRealm.flows().getFlows());
            List<String> demoFlows = aliases(demo.flows().getFlows());
            assertThat(demoFlows).containsExactlyInAnyOrderElementsOf(concat(freshFlows, GUARDIAN_FLOW, TICKET_FLOW));
            for (String flow : freshFlows) {
                assertThat(steps(demo.flows().getExecutions(flow))).as(flow).isEqualTo(steps(referenceRealm.flows().getExecutions(flow)));
            }
        } finally {
            referenceRealm.remove();
        }
    }

    @Test
    void theDemoChildIsAskedForAGuardiansConsent() {
        policyClock(NOON_IN_SHANGHAI);
        String childId = demoChild().getId();

        Http.Answer refused = login(CHILD);

        assertError(refused, 403, "consent_required");
        assertThat(refused.json().get("guardian_policy").asText()).isEqualTo("consent_required");
        String request = refused.json().get("guardian_consent_request").asText();
        assertThat(refused.json().get("guardian_consent_uri").asText()).isEqualTo(oauth.issuer() + "/wechat/guardian/consent/" + request);
        assertThat(demo.getEvents(List.of("LOGIN_ERROR"), null, childId, null, null, null, null, null))
                .as("the pre-created child account, found through its WeChat link")
                .anySatisfy(e -> assertThat(e.getDetails().get("guardian_policy")).isEqualTo("consent_required"));
    }

    /** What the demo prints at night: the child's curl meets the curfew, and with the curfew saved as off it asks for consent. */
    @Test
    void atNightTheDemoChildMeetsTheCurfewUntilAnAdminTurnsItOff() {
        GuardianSetup demoPolicy = new GuardianSetup(() -> demo);
        Map<String, String> imported = demoPolicy.policyConfig();
        policyClock(LocalDate.now(SHANGHAI).atTime(23, 0).atZone(SHANGHAI).toInstant().toString());

        Http.Answer night = login(CHILD);

        assertError(night, 403, "access_denied");
        assertThat(night.json().get("guardian_policy").asText()).isEqualTo("curfew");
        Map<String, String> curfewOff = new HashMap<>(imported);
        curfewOff.put("curfew", "off");
        try {
            demoPolicy.savePolicyConfig(curfewOff);

            Http.Answer answer = login(CHILD);

            assertError(answer, 403, "consent_required");
            assertThat(answer.json().get("guardian_policy").asText()).isEqualTo("consent_required");
        } finally {
            demoPolicy.savePolicyConfig(imported);
        }
    }

    @Test
    void theDemoChildAndGuardianAccounts() {
        UserRepresentation child = demoChild();
        List<FederatedIdentityRepresentation> links = demo.users().get(child.getId()).getFederatedIdentity();
        UserRepresentation guardian = demo.users().search(GUARDIAN, true).get(0);

        assertThat(child.firstAttribute("birthdate")).isEqualTo(CHILD_BIRTHDATE);
        assertThat(links).hasSize(1);
        assertThat(links.get(0).getIdentityProvider()).isEqualTo("wechat");
        assertThat(links.get(0).getUserId()).isEqualTo(CHILD_UNIONID);
        assertThat(guardian.isEnabled()).isTrue();
        assertThat(guardian.isEmailVerified()).isTrue();
        assertThat(guardian.getRequiredActions()).isEmpty();
        assertThat(guardian.firstAttribute("birthdate")).isEqualTo("1985-03-15");
    }

    @Test
    @RequiresChromium
    void theDemoGuardianApprovesOnTheConsentPageAndTheChildSignsIn() {
        policyClock(NOON_IN_SHANGHAI);
        String childId = demoChild().getId();
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
            // the extension's admin endpoint: the admin client has no resource for it
            for (JsonNode consent : admin.get("/" + REALM + "/wechat/consents?user=" + childId).json()) {
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
        Map<String, String> config = demo.identityProviders().get("wechat").toRepresentation().getConfig();

        assertThat(config.get("clientId")).isEqualTo(WeChatSimulator.DEMO_APP_ID);
        assertThat(config.get("apiBaseUrl")).isEqualTo(wechat.baseUrl());
        assertThat(config.get("allowedClients")).isEqualTo("mini-program");
    }

    /** The WeChat family: the website (QR code) and the official account, each a "WeChat" with its app on the simulator. */
    @Test
    void theWebsiteAndTheOfficialAccountPointAtTheSimulatorAndImportNewPeople() {
        Map<String, String> appIds = Map.of(WEBSITE, WeChatSimulator.DEMO_WEBSITE_APP_ID, OFFICIAL_ACCOUNT, WeChatSimulator.DEMO_OA_APP_ID);
        for (Map.Entry<String, String> app : appIds.entrySet()) {
            IdentityProviderRepresentation idp = demo.identityProviders().get(app.getKey()).toRepresentation();

            assertThat(idp.getProviderId()).isEqualTo(app.getKey());
            assertThat(idp.getDisplayName()).isEqualTo("WeChat");
            assertThat(idp.isEnabled()).isTrue();
            assertThat(idp.isHideOnLogin()).isFalse();
            assertThat(idp.getFirstBrokerLoginFlowAlias()).isEqualTo("first broker login");
            Map<String, String> config = idp.getConfig();
            assertThat(config.get("clientId")).isEqualTo(app.getValue());
            assertThat(config.get("apiBaseUrl")).isEqualTo(wechat.baseUrl());
            assertThat(config.get("authorizationBaseUrl")).isEqualTo(wechat.baseUrl());
            assertThat(config.get("syncMode")).isEqualTo("IMPORT");
        }
        assertThat(demo.identityProviders().get(OFFICIAL_ACCOUNT).toRepresentation().getConfig().get("scope"))
                .as("WeChat sends the unionid only then").isEqualTo("snsapi_userinfo");
    }

    /** The WeCom pair (on here: the tests set WECOM_ENABLED) on the simulator's demo corp, each with its own clients. */
    @Test
    void theWeComPairPointsAtTheDemoCorpWithItsOwnMiniProgramClientAndOaWeb() {
        for (String alias : List.of(WECOM_MINI_PROGRAM, WECOM)) {
            IdentityProviderRepresentation idp = demo.identityProviders().get(alias).toRepresentation();

            assertThat(idp.getProviderId()).isEqualTo(alias);
            assertThat(idp.isEnabled()).as("WECOM_ENABLED").isTrue();
            Map<String, String> config = idp.getConfig();
            assertThat(config.get("clientId")).isEqualTo(WeChatSimulator.DEMO_CORP_ID);
            assertThat(config.get("agentId")).isEqualTo(String.valueOf(WeChatSimulator.DEMO_AGENT_ID));
            assertThat(config.get("apiBaseUrl")).isEqualTo(wechat.baseUrl());
            assertThat(config.get("syncMode")).isEqualTo("IMPORT");
        }
        IdentityProviderRepresentation web = demo.identityProviders().get(WECOM).toRepresentation();
        assertThat(web.getDisplayName()).isEqualTo("WeCom");
        assertThat(web.getConfig().get("authorizationBaseUrl")).isEqualTo(wechat.baseUrl());
        assertThat(web.getConfig().get("ssoBaseUrl")).isEqualTo(wechat.baseUrl());
        assertThat(demo.identityProviders().get(WECOM_MINI_PROGRAM).toRepresentation().getConfig().get("allowedClients"))
                .as("not mini-program: its curls need no idp").isEqualTo(WECOM_APP);

        ClientRepresentation app = client(WECOM_APP);
        assertThat(app.isPublicClient()).isTrue();
        assertThat(app.isStandardFlowEnabled()).isFalse();
        ClientRepresentation oaWeb = client(OA_WEB);
        String secret = demo.clients().get(oaWeb.getId()).getSecret().getValue();
        assertThat(oaWeb.isPublicClient()).isFalse();
        assertThat(secret).as("OA_WEB_SECRET").isEqualTo(TestEnvironment.OA_WEB_SECRET);
        assertThat(oaWeb.isStandardFlowEnabled()).isTrue();
        assertThat(oaWeb.getRedirectUris()).as("WEB_APP_PORT").containsExactlyInAnyOrder(
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
    @RequiresKeycloak(atLeast = "26.5", because = "the browser logins' broker callback")
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
        RealmEventsConfigRepresentation events = demo.getRealmEventsConfig();
        UPConfig profile = demo.users().userProfile().getConfiguration();

        assertThat(events.isEventsEnabled()).isTrue();
        assertThat(events.getEventsExpiration()).isEqualTo(3 * 365 * 24 * 3600L);
        assertThat(events.getEnabledEventTypes())
                .contains("LOGIN", "LOGIN_ERROR", "REFRESH_TOKEN_ERROR", "GRANT_CONSENT", "GRANT_CONSENT_ERROR", "REVOKE_GRANT")
                .as("what Keycloak saves by default, as before")
                .contains("REGISTER", "FEDERATED_IDENTITY_LINK", "UPDATE_PROFILE", "CODE_TO_TOKEN", "LOGOUT");
        assertThat(profile.getAttributes()).extracting(UPAttribute::getName)
                .contains("wechat_unionid", "phoneNumber", "phoneNumberVerified", "birthdate");
        assertThat(profile.getUnmanagedAttributePolicy()).isEqualTo(UPConfig.UnmanagedAttributePolicy.ADMIN_VIEW);
    }

    @Test
    void theMiniProgramClientIsPublicWithTheWeChatScope() {
        ClientRepresentation client = client("mini-program");

        assertThat(client.isPublicClient()).isTrue();
        assertThat(client.getDefaultClientScopes()).contains("wechat", "phone");
        assertThat(client.isDirectAccessGrantsEnabled()).isFalse();
    }

    @Test
    @RequiresChromium
    @RequiresKeycloak(atLeast = "26.5", because = "the browser logins' broker callback")
    void aNewPersonSignsInOnTheWebsiteThroughTheSimulatedQrPageWithoutAForm() {
        String sub = websiteLogin("qr-newcomer", "realm-export-qr-new-person");

        List<FederatedIdentityRepresentation> links = demo.users().get(sub).getFederatedIdentity();
        assertThat(links).hasSize(1);
        assertThat(links.get(0).getIdentityProvider()).isEqualTo(WEBSITE);
        assertThat(demo.users().get(sub).toRepresentation().getUsername()).startsWith("wechat-");
    }

    /** The name typed on the QR page is the simulator's user of that name, whose unionid the mini-program's wx.login gives too. */
    @Test
    @RequiresChromium
    @RequiresKeycloak(atLeast = "26.5", because = "the browser logins' broker callback")
    void aNameTypedOnTheQrPageIsThatNamesMiniProgramUser() {
        String miniProgramSub = sub(login("qr-carol").json());

        String websiteSub = websiteLogin("qr-carol", "realm-export-qr-same-person");

        assertThat(websiteSub).as("one person, one sub").isEqualTo(miniProgramSub);
        List<String> links = new ArrayList<>();
        demo.users().get(websiteSub).getFederatedIdentity().forEach(link -> links.add(link.getIdentityProvider()));
        assertThat(links).containsExactlyInAnyOrder("wechat", WEBSITE);
    }

    @Test
    void theWebAppIsAConfidentialClientOfTheStandardFlowOnTheWeChatLoginTheme() {
        ClientRepresentation client = client(WEB_APP);
        String secret = demo.clients().get(client.getId()).getSecret().getValue();

        assertThat(client.isPublicClient()).isFalse();
        assertThat(client.getClientAuthenticatorType()).isEqualTo("client-secret");
        assertThat(secret).as("WEB_APP_SECRET").isEqualTo(TestEnvironment.WEB_APP_SECRET);
        assertThat(client.isStandardFlowEnabled()).isTrue();
        assertThat(client.isImplicitFlowEnabled()).isFalse();
        assertThat(client.isDirectAccessGrantsEnabled()).isFalse();
        assertThat(client.getRedirectUris()).as("WEB_APP_PORT").containsExactlyInAnyOrder(
                "http://127.0.0.1:" + TestEnvironment.WEB_APP_PORT + "/*", "http://localhost:" + TestEnvironment.WEB_APP_PORT + "/*");
        assertThat(client.getDefaultClientScopes()).contains("wechat");
        assertThat(demo.toRepresentation().getLoginTheme()).isEqualTo("keycloak-wechat");
    }

    @Test
    void theBrowserFlowIsKeycloaksWithTheWebViewTicketBeforeTheRedirectorAndTheFormsAndIsBound() {
        List<Map<String, String>> copy = shapes(demo.flows().getExecutions(TICKET_FLOW));
        List<Map<String, String>> builtIn = shapes(demo.flows().getExecutions("browser"));

        assertThat(demo.toRepresentation().getBrowserFlow()).isEqualTo(TICKET_FLOW);
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

    private static UserRepresentation demoChild() {
        List<UserRepresentation> found = demo.users().search(WeChatUsernames.forIdentity(CHILD_UNIONID), true);
        assertThat(found).as("the demo child account").hasSize(1);
        return found.get(0);
    }

    private static ClientRepresentation client(String clientId) {
        return demo.clients().findByClientId(clientId).get(0);
    }

    private static void setBirthdate(String userId, String birthdate) {
        UserRepresentation user = demo.users().get(userId).toRepresentation();
        user.singleAttribute("birthdate", birthdate);
        demo.users().get(userId).update(user);
    }

    /** The guardian policy's clock in the demo realm (the test server honours it); empty: the real time. */
    private static void policyClock(String instant) {
        RealmRepresentation realm = new RealmRepresentation();
        realm.setAttributes(Map.of("kcwechat.testClock", instant));
        demo.update(realm);
    }

    private static List<String> aliases(List<AuthenticationFlowRepresentation> flows) {
        return flows.stream().map(AuthenticationFlowRepresentation::getAlias).toList();
    }

    /** A flow's executions as the flow editor lists them: nesting, order, what and how required. */
    private static List<Map<String, String>> steps(List<AuthenticationExecutionInfoRepresentation> executions) {
        List<Map<String, String>> steps = new ArrayList<>();
        for (AuthenticationExecutionInfoRepresentation execution : executions) {
            Map<String, String> step = new LinkedHashMap<>();
            step.put("level", String.valueOf(execution.getLevel()));
            step.put("index", String.valueOf(execution.getIndex()));
            step.put("displayName", String.valueOf(execution.getDisplayName()));
            step.put("providerId", String.valueOf(execution.getProviderId()));
            step.put("requirement", String.valueOf(execution.getRequirement()));
            step.put("authenticationFlow", String.valueOf(execution.getAuthenticationFlow()));
            step.put("configurable", String.valueOf(execution.getConfigurable()));
            steps.add(step);
        }
        return steps;
    }

    /** A flow's executions as the flow editor shows them, but for index and the names of subflows (a copy renames them). */
    private static List<Map<String, String>> shapes(List<AuthenticationExecutionInfoRepresentation> executions) {
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
