package dev.kcwechat.wechatweb;

import static dev.kcwechat.simulator.WeChatSimulator.DEMO_APP_ID;
import static dev.kcwechat.testing.OAuthErrors.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcwechat.testing.Browser;
import dev.kcwechat.testing.Http;
import dev.kcwechat.testing.Jwt;
import dev.kcwechat.testing.RequiresChromium;
import dev.kcwechat.testing.UserProfiles;
import dev.kcwechat.testing.WeChatRealmExtension;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.keycloak.admin.client.resource.AuthenticationManagementResource;
import org.keycloak.representations.idm.AuthenticationExecutionInfoRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
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

    @RegisterExtension
    static final WeChatRealmExtension realm = WeChatRealmExtension.named("webticket").with(r -> {
        r.addWebClient(WEB_APP, REDIRECT_URI).addWebClient(OTHER_APP, REDIRECT_URI);
        r.representation().setEventsEnabled(true);
        r.representation().setEnabledEventTypes(List.of("TOKEN_EXCHANGE", "LOGIN"));
    });

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
    }

    @Test
    void aTicketSignsTheMiniProgramsUserInToTheWebAppWithoutAForm() {
        JsonNode miniProgram = miniProgramLogin("oWebViewUser_openid_ABCDEFGHIJKL");
        String ticket = ticket(miniProgram, WEB_APP);

        try (Browser browser = Browser.start(Browser.Options.defaults().userAgent(Browser.WECHAT_USER_AGENT))) {
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

        try (Browser first = Browser.start()) {
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
    void aTicketExpiresAfterAMinute() throws InterruptedException {
        String ticket = ticket(miniProgramLogin("oWebViewExpired_openid_ABCDEFGHIJ"), WEB_APP);

        Thread.sleep(62_000);

        assertLoginPage(WEB_APP, ticket, "web-ticket-expired");
    }

    @Test
    void theTicketApiNamesItsErrors() {
        JsonNode miniProgram = miniProgramLogin("oWebViewApiErrors_openid_ABCDEFGH");
        String bearer = miniProgram.get("access_token").asText();

        assertError(Http.postJson(realm.oauth().wechat("web-ticket"), Map.of("client_id", "no-such-app"), bearer), 400, "invalid_request");
        assertError(Http.postJson(realm.oauth().wechat("web-ticket"), Map.of(), bearer), 400, "invalid_request");
        assertError(Http.postJson(realm.oauth().wechat("web-ticket"), Map.of("client_id", WEB_APP), null), 401, "invalid_token");
        Http.Answer issued = Http.postJson(realm.oauth().wechat("web-ticket"), Map.of("client_id", WEB_APP), bearer);
        assertThat(issued.json().get("expires_in").asInt()).isEqualTo(60);
        assertThat(issued.raw().headers().firstValue("Cache-Control")).contains("no-store");
    }

    private static void assertLoginPage(String clientId, String ticket, String screenshot) {
        try (Browser browser = Browser.start()) {
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

    private static String authorizationUrl(String clientId, String ticket) {
        return realm.oauth().issuer() + "/protocol/openid-connect/auth?" + Http.formEncode(new LinkedHashMap<>(Map.of(
                "response_type", "code", "client_id", clientId, "redirect_uri", REDIRECT_URI, "scope", "openid",
                "state", "s", "wechat_ticket", ticket)));
    }
}
