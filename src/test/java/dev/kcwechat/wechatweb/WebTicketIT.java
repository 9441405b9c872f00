package dev.kcwechat.wechatweb;

import static dev.kcwechat.simulator.WeChatSimulator.DEMO_APP_ID;
import static dev.kcwechat.testing.OAuthErrors.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcwechat.testing.Browser;
import dev.kcwechat.testing.GuardianSetup;
import dev.kcwechat.testing.Http;
import dev.kcwechat.testing.Jwt;
import dev.kcwechat.testing.RequiresChromium;
import dev.kcwechat.testing.TestEnvironment;
import dev.kcwechat.testing.TestUsers;
import dev.kcwechat.testing.UserProfiles;
import dev.kcwechat.testing.WeChatRealmExtension;
import jakarta.ws.rs.core.Response;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.keycloak.admin.client.resource.AuthenticationManagementResource;
import org.keycloak.representations.idm.AuthenticationExecutionInfoRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
import org.openqa.selenium.By;

/**
 * Mini-program web-view SSO in headless Chromium on the real Keycloak: a ticket from
 * {@code POST /wechat/web-ticket} signs the mini-program's user in to a web app without a form,
 * once, within a minute, for that client only, while the mini-program's session lasts; anything
 * else falls back to the login page. Screenshots: {@code target/screenshots/web-ticket-*.png}.
 */
@RequiresChromium
class WebTicketIT {

    private static final String WEB_APP = "web-app";
    private static final String OTHER_APP = "other-web-app";
    private static final String REDIRECT_URI = "http://127.0.0.1:9/callback";

    private static final String PARENTS_APP = "parents-app";
    private static final String PARENTS_APP_SECRET = "parents-app-secret";
    private static final String PASSWORD = "Guardian-Passw0rd";
    /** A Saturday in Shanghai. */
    private static final LocalDate DAY = LocalDate.of(2026, 11, 21);

    private static final String UNLISTED_APP = "unlisted-web-app";
    /** WeChat's mini-program web-view, the only browser a ticket signs in by default. */
    private static final Browser.Options WEB_VIEW = Browser.Options.defaults().userAgent(Browser.MINI_PROGRAM_WEB_VIEW_USER_AGENT);

    @RegisterExtension
    static final WeChatRealmExtension realm = WeChatRealmExtension.named("webticket").with(r -> {
        r.addWebClient(WEB_APP, REDIRECT_URI).addWebClient(OTHER_APP, REDIRECT_URI).addWebClient(UNLISTED_APP, REDIRECT_URI);
        r.set("webTicketClients", WEB_APP + "," + OTHER_APP);
        r.addClient(PARENTS_APP, PARENTS_APP_SECRET);
        r.client(PARENTS_APP).setDirectAccessGrantsEnabled(true);
        r.representation().setEventsEnabled(true);
        r.representation().setEnabledEventTypes(List.of("TOKEN_EXCHANGE", "LOGIN"));
    });

    private static final GuardianSetup guardian = new GuardianSetup(realm);

    /** The realm's browser flow: Keycloak's, with wechat-ticket as an alternative before the login form. */
    @BeforeAll
    static void browserFlowWithTickets() {
        UserProfiles.namesOptional(realm);
        AuthenticationManagementResource flows = realm.resource().flows();
        try (Response copied = flows.copy("browser", Map.of("newName", "browser-wechat"))) {
            assertThat(copied.getStatus()).isEqualTo(201);
        }
        flows.addExecution("browser-wechat", Map.of("provider", "wechat-ticket"));
        String ticketExecution = null;
        for (AuthenticationExecutionInfoRepresentation execution : flows.getExecutions("browser-wechat")) {
            if ("wechat-ticket".equals(execution.getProviderId())) {
                execution.setRequirement("ALTERNATIVE");
                flows.updateExecutions("browser-wechat", execution);
                ticketExecution = execution.getId();
            }
        }
        for (int i = 0; i < 3; i++) {   // before the identity-provider redirector and the forms
            flows.raisePriority(ticketExecution);
        }
        RealmRepresentation browserFlow = new RealmRepresentation();
        browserFlow.setBrowserFlow("browser-wechat");
        realm.resource().update(browserFlow);
        // the realm's guardian policy on every token; users without a birthdate count as adults here
        guardian.policy(Map.of("curfew", "22:00-06:00", "dailyMinutes", "off", "consentUnder14", "true", "unknownAge", "allow",
                "guardianClients", PARENTS_APP));
        UserRepresentation parent = TestUsers.withPassword("parent", PASSWORD, "parent@example.com", "Li", "Mei");
        parent.singleAttribute("birthdate", "1980-01-01");
        TestUsers.create(realm.resource(), parent);
    }

    @AfterEach
    void runClock() {
        guardian.clock((LocalDateTime) null);
    }

    @Test
    void aMinorGetsNoTicketInsideTheCurfewAndATicketSessionsRefreshEndsThere() {
        String openid = "oWebViewTeen_openid_ABCDEFGHIJKL";
        guardian.birthdate(sub(miniProgramLogin(openid)), "2011-03-03");   // 14_to_15: no consent needed
        guardian.clock(DAY.atTime(21, 0));
        JsonNode miniProgram = miniProgramLogin(openid);
        String ticket = ticket(miniProgram, WEB_APP);
        String webRefresh;
        try (Browser browser = Browser.start(WEB_VIEW)) {
            webRefresh = webAppTokens(browser, WEB_APP, ticket).get("refresh_token").asText();
        }

        guardian.clock(DAY.atTime(22, 30));

        Http.Answer refused = Http.postJson(realm.oauth().wechat("web-ticket"), Map.of("client_id", WEB_APP),
                miniProgram.get("access_token").asText());
        assertError(refused, 403, "access_denied");
        assertThat(refused.json().get("guardian_policy").asText()).isEqualTo("curfew");
        assertError(realm.oauth().refresh(WEB_APP, webRefresh), 400, "invalid_grant");
    }

    @Test
    void aChildSignedInToOneWebAppGetsNoTokenForAnotherWithoutItsConsent() {
        guardian.clock(DAY.atTime(12, 0));   // outside the curfew, whatever the machine's clock says
        String openid = "oWebViewChild_openid_ABCDEFGHIJK";
        guardian.birthdate(sub(miniProgramLogin(openid)), "2016-06-01");   // under 14: consent per client
        String parent = parentToken();
        approve(parent, realm.oauth().codeLogin(realm.wechat().newCode(DEMO_APP_ID, openid, "u" + openid)));
        JsonNode miniProgram = miniProgramLogin(openid);
        approve(parent, Http.postJson(realm.oauth().wechat("web-ticket"), Map.of("client_id", WEB_APP),
                miniProgram.get("access_token").asText()));   // no ticket before the web app has its consent
        String ticket = ticket(miniProgram, WEB_APP);

        try (Browser browser = Browser.start(WEB_VIEW)) {
            webAppTokens(browser, WEB_APP, ticket);
            browser.open(authorizationUrl(OTHER_APP, null));   // the SSO cookie signs the child in at once
            browser.waitUntil("the redirect to the other web app", () -> browser.currentUrl().startsWith(REDIRECT_URI));
            Http.Answer refused = codeExchange(OTHER_APP, Http.query(browser.currentUrl()).get("code"));

            assertError(refused, 403, "consent_required");
            assertThat(refused.json().get("guardian_consent_uri").asText()).startsWith(realm.oauth().issuer() + "/wechat/guardian/consent/");
        }
    }

    /** Follows a ticket into the web app and trades the code: the web app's tokens. */
    private static JsonNode webAppTokens(Browser browser, String clientId, String ticket) {
        browser.open(authorizationUrl(clientId, ticket));
        browser.waitUntil("the redirect to the web app", () -> browser.currentUrl().startsWith(REDIRECT_URI));
        Http.Answer tokens = codeExchange(clientId, Http.query(browser.currentUrl()).get("code"));
        assertThat(tokens.status()).as(tokens.toString()).isEqualTo(200);
        return tokens.json();
    }

    private static Http.Answer codeExchange(String clientId, String code) {
        return Http.postForm(realm.oauth().tokenUrl(), Map.of("grant_type", "authorization_code", "client_id", clientId, "code", code,
                "redirect_uri", REDIRECT_URI), null);
    }

    private static String parentToken() {
        Http.Answer answer = Http.postForm(realm.oauth().tokenUrl(), Map.of("grant_type", "password", "client_id", PARENTS_APP,
                "client_secret", PARENTS_APP_SECRET, "username", "parent", "password", PASSWORD), null);
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        return answer.json().get("access_token").asText();
    }

    /** The parent approves the consent request of a refusal. */
    private static void approve(String parent, Http.Answer refused) {
        assertError(refused, 403, "consent_required");
        Http.Answer approved = Http.postJson(realm.oauth().wechat("guardian/consents"), Map.of("request",
                refused.json().get("guardian_consent_request").asText(), "decision", "approve", "birthdate", "2016-06-01"), parent);
        assertThat(approved.status()).as(approved.toString()).isEqualTo(200);
    }

    @Test
    void aTicketSignsTheMiniProgramsUserInToTheWebAppWithoutAForm() {
        JsonNode miniProgram = miniProgramLogin("oWebViewUser_openid_ABCDEFGHIJKL");
        String ticket = ticket(miniProgram, WEB_APP);

        try (Browser browser = Browser.start(WEB_VIEW)) {
            browser.open(authorizationUrl(WEB_APP, ticket));
            browser.waitUntil("the redirect to the web app", () -> browser.currentUrl().startsWith(REDIRECT_URI));
            browser.screenshot("web-ticket-signed-in");

            String code = Http.query(browser.currentUrl()).get("code");
            Http.Answer tokens = Http.postForm(realm.oauth().tokenUrl(), Map.of("grant_type", "authorization_code",
                    "client_id", WEB_APP, "code", code, "redirect_uri", REDIRECT_URI), null);
            assertThat(tokens.status()).as(tokens.toString()).isEqualTo(200);
            assertThat(new Jwt(tokens.json().get("id_token").asText()).claims().get("sub").asText())
                    .as("the same user as the mini-program's").isEqualTo(sub(miniProgram));
        }
    }

    @Test
    void aUsedTicketAnotherClientsTicketAndAnUnknownOneFallBackToTheLoginPage() {
        JsonNode miniProgram = miniProgramLogin("oWebViewReplay_openid_ABCDEFGHIJ");
        String ticket = ticket(miniProgram, WEB_APP);
        String forOther = ticket(miniProgram, OTHER_APP);

        try (Browser first = Browser.start(WEB_VIEW)) {
            first.open(authorizationUrl(WEB_APP, ticket));
            first.waitUntil("the redirect to the web app", () -> first.currentUrl().startsWith(REDIRECT_URI));
        }
        assertLoginPage(WEB_APP, ticket, "web-ticket-replayed");
        assertLoginPage(WEB_APP, forOther, "web-ticket-other-client");
        assertLoginPage(WEB_APP, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "web-ticket-unknown");
    }

    @Test
    void aTicketOfASessionThatEndedFallsBackToTheLoginPage() {
        JsonNode miniProgram = miniProgramLogin("oWebViewLoggedOut_openid_ABCDEFGH");
        String ticket = ticket(miniProgram, WEB_APP);
        realm.resource().users().get(sub(miniProgram)).logout();

        assertLoginPage(WEB_APP, ticket, "web-ticket-session-ended");
    }

    @Test
    void aTicketExpiresAfterItsLifespan() throws InterruptedException {
        String ticket = ticket(miniProgramLogin("oWebViewExpired_openid_ABCDEFGHIJ"), WEB_APP);

        Thread.sleep((TestEnvironment.WEB_TICKET_LIFESPAN + 2) * 1000L);

        assertLoginPage(WEB_APP, ticket, "web-ticket-expired");
    }

    @Test
    void ticketsAreOnlyForTheWebAppsTheProviderListsNeverForKeycloaksConsoles() {
        String bearer = miniProgramLogin("oWebViewUnlisted_openid_ABCDEFGHI").get("access_token").asText();

        for (String clientId : List.of(UNLISTED_APP, "account-console", "security-admin-console", "account")) {
            assertError(Http.postJson(realm.oauth().wechat("web-ticket"), Map.of("client_id", clientId), bearer), 400, "invalid_request");
        }
    }

    @Test
    void aTicketSignsInOnlyInTheMiniProgramsWebView() {
        String ticket = ticket(miniProgramLogin("oWebViewDesktop_openid_ABCDEFGHIJ"), WEB_APP);

        assertLoginPage(WEB_APP, ticket, "web-ticket-desktop-browser", Browser.Options.defaults());
    }

    @Test
    void aTicketNeverReplacesAnotherUsersSessionInTheBrowser() {
        JsonNode first = miniProgramLogin("oWebViewFirstUser_openid_ABCDEFGH");
        JsonNode second = miniProgramLogin("oWebViewSecondUser_openid_ABCDEFG");

        try (Browser browser = Browser.start(WEB_VIEW)) {
            webAppTokens(browser, WEB_APP, ticket(first, WEB_APP));
            JsonNode tokens = webAppTokens(browser, WEB_APP, ticket(second, WEB_APP));   // someone else's ticket, a link sent to them

            assertThat(new Jwt(tokens.get("id_token").asText()).claims().get("sub").asText())
                    .as("still the browser's own user").isEqualTo(sub(first)).isNotEqualTo(sub(second));
        }
    }

    @Test
    void theTicketApiNamesItsErrors() {
        JsonNode miniProgram = miniProgramLogin("oWebViewApiErrors_openid_ABCDEFGH");
        String bearer = miniProgram.get("access_token").asText();

        assertError(Http.postJson(realm.oauth().wechat("web-ticket"), Map.of("client_id", "no-such-app"), bearer), 400, "invalid_request");
        assertError(Http.postJson(realm.oauth().wechat("web-ticket"), Map.of(), bearer), 400, "invalid_request");
        assertError(Http.postJson(realm.oauth().wechat("web-ticket"), Map.of("client_id", WEB_APP), null), 401, "invalid_token");
        Http.Answer issued = Http.postJson(realm.oauth().wechat("web-ticket"), Map.of("client_id", WEB_APP), bearer);
        assertThat(issued.json().get("expires_in").asInt()).as("the server's web-ticket-lifespan").isEqualTo(TestEnvironment.WEB_TICKET_LIFESPAN);
        assertThat(issued.raw().headers().firstValue("Cache-Control")).contains("no-store");
    }

    private static void assertLoginPage(String clientId, String ticket, String screenshot) {
        assertLoginPage(clientId, ticket, screenshot, WEB_VIEW);
    }

    private static void assertLoginPage(String clientId, String ticket, String screenshot, Browser.Options options) {
        try (Browser browser = Browser.start(options)) {
            browser.open(authorizationUrl(clientId, ticket));
            browser.waitUntil("Keycloak's login form", () -> browser.has(By.id("username")));
            browser.screenshot(screenshot);
            assertThat(browser.currentUrl()).doesNotStartWith(REDIRECT_URI);
        }
    }

    private static JsonNode miniProgramLogin(String openid) {
        Http.Answer answer = realm.oauth().codeLogin(realm.wechat().newCode(DEMO_APP_ID, openid, "u" + openid));
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        return answer.json();
    }

    private static String ticket(JsonNode miniProgram, String clientId) {
        Http.Answer answer = Http.postJson(realm.oauth().wechat("web-ticket"), Map.of("client_id", clientId),
                miniProgram.get("access_token").asText());
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        return answer.json().get("ticket").asText();
    }

    private static String sub(JsonNode tokens) {
        return new Jwt(tokens.get("access_token").asText()).claims().get("sub").asText();
    }

    /** The web app's authorization request, with a web-view ticket unless {@code ticket} is null. */
    private static String authorizationUrl(String clientId, String ticket) {
        Map<String, String> parameters = new LinkedHashMap<>(Map.of("response_type", "code", "client_id", clientId,
                "redirect_uri", REDIRECT_URI, "scope", "openid", "state", "s"));
        if (ticket != null) {
            parameters.put("wechat_ticket", ticket);
        }
        return realm.oauth().issuer() + "/protocol/openid-connect/auth?" + Http.formEncode(parameters);
    }
}
