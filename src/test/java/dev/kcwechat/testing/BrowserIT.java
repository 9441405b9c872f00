package dev.kcwechat.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;

/**
 * The browser harness against the real Keycloak: a person signs in through Keycloak's login form
 * to a web app (authorization code flow), a wrong password is shown on the form, and the browser's
 * language and user agent reach the pages and the servers.
 * Screenshots: {@code target/screenshots/browser-it-*.png}.
 */
@RequiresChromium
class BrowserIT {

    private static final String WEB_CLIENT = "web-app";
    private static final String USERNAME = "browser-user";
    private static final String PASSWORD = "browser-password-1";
    private static final int WEB_APP_PORT = KeycloakServer.freePort();
    private static final String REDIRECT_URI = "http://127.0.0.1:" + WEB_APP_PORT + "/callback";

    /** A web app's client (standard flow, public) and a realm whose pages speak English and Chinese. */
    @RegisterExtension
    static final WeChatRealmExtension realm = WeChatRealmExtension.named("browserit").with(r -> {
        r.addWebClient(WEB_CLIENT, REDIRECT_URI);
        r.client(WEB_CLIENT).setDirectAccessGrantsEnabled(false);
        r.representation().setInternationalizationEnabled(true);
        r.representation().setDefaultLocale("en");
        r.representation().setSupportedLocales(Set.of("en", "zh-CN"));
    });

    /** The web app: its redirect URI answers with a page saying the browser got there. */
    private static HttpServer webApp;
    /** The headers of the web app's last request. */
    private static volatile Headers webAppRequest;

    @BeforeAll
    static void startWebAppAndCreateUser() throws IOException {
        webApp = HttpServer.create(new InetSocketAddress("127.0.0.1", WEB_APP_PORT), 0);
        webApp.createContext("/callback", exchange -> {
            webAppRequest = exchange.getRequestHeaders();
            byte[] page = "<!doctype html><title>web-app</title><h1 id=\"back\">Back at the web app</h1>"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
        });
        webApp.start();

        TestUsers.create(realm.resource(), TestUsers.withPassword(USERNAME, PASSWORD, USERNAME + "@example.com", "Browser", "User"));
    }

    @AfterAll
    static void stopWebApp() {
        if (webApp != null) {
            webApp.stop(0);
        }
    }

    @Test
    void aPasswordUserSignsInThroughKeycloaksLoginFormAndTheWebAppGetsACodeForTheirTokens() {
        String state = UUID.randomUUID().toString();
        String nonce = UUID.randomUUID().toString();
        try (Browser browser = Browser.start()) {
            browser.open(authorizationUrl(state, nonce));
            assertThat(browser.text(By.id("kc-login"))).isEqualTo("Sign In");
            browser.screenshot("browser-it-login-form");

            browser.type(By.id("username"), USERNAME).type(By.id("password"), PASSWORD).click(By.id("kc-login"));
            browser.waitUntil("the redirect to the web app", () -> browser.currentUrl().startsWith(REDIRECT_URI));
            browser.screenshot("browser-it-signed-in");

            assertThat(browser.text(By.id("back"))).isEqualTo("Back at the web app");
            Map<String, String> query = Http.query(browser.currentUrl());
            assertThat(query).containsEntry("state", state).containsKey("code").doesNotContainKey("error");
            Http.Answer tokens = Http.postForm(realm.oauth().tokenUrl(), Map.of("grant_type", "authorization_code",
                    "client_id", WEB_CLIENT, "code", query.get("code"), "redirect_uri", REDIRECT_URI), null);
            assertThat(tokens.status()).as(tokens.toString()).isEqualTo(200);
            JsonNode idToken = new Jwt(tokens.json().get("id_token").asText()).claims();
            assertThat(idToken.get("preferred_username").asText()).isEqualTo(USERNAME);
            assertThat(idToken.get("nonce").asText()).isEqualTo(nonce);
        }
    }

    @Test
    void aWrongPasswordKeepsThePersonOnTheLoginFormWithAnError() {
        try (Browser browser = Browser.start()) {
            browser.open(authorizationUrl("s", "n"));
            browser.type(By.id("username"), USERNAME).type(By.id("password"), "not-the-password").click(By.id("kc-login"));
            browser.waitUntil("an error on the login form", () -> browser.has(By.id("input-error-username")));
            browser.screenshot("browser-it-wrong-password");

            assertThat(browser.text(By.id("input-error-username"))).isEqualTo("Invalid username or password.");
            assertThat(browser.currentUrl()).doesNotStartWith(REDIRECT_URI);
        }
    }

    @Test
    void theLanguageAndUserAgentAskedForReachThePage() {
        Browser.Options wechatInChinese = Browser.Options.defaults().language("zh-CN").userAgent(Browser.WECHAT_USER_AGENT);
        try (Browser browser = Browser.start(wechatInChinese)) {
            browser.open(authorizationUrl("s", "n"));
            browser.screenshot("browser-it-login-form-zh-CN");

            assertThat(browser.find(By.tagName("html")).getAttribute("lang")).isEqualTo("zh-CN");
            assertThat(browser.text(By.id("kc-login"))).isEqualTo("登录");
            assertThat((String) browser.script("return navigator.userAgent")).contains("MicroMessenger/");

            browser.open(REDIRECT_URI);
            assertThat(webAppRequest.getFirst("User-Agent")).isEqualTo(Browser.WECHAT_USER_AGENT);
            assertThat(webAppRequest.getFirst("Accept-Language")).startsWith("zh-CN");
        }
    }

    private static String authorizationUrl(String state, String nonce) {
        return realm.oauth().issuer() + "/protocol/openid-connect/auth?" + Http.formEncode(new LinkedHashMap<>(Map.of(
                "response_type", "code", "client_id", WEB_CLIENT, "redirect_uri", REDIRECT_URI,
                "scope", "openid", "state", state, "nonce", nonce)));
    }
}
