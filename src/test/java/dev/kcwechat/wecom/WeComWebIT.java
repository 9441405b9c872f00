package dev.kcwechat.wecom;

import static dev.kcwechat.simulator.WeChatSimulator.DEMO_AGENT_ID;
import static dev.kcwechat.simulator.WeChatSimulator.DEMO_CORP_ID;
import static dev.kcwechat.simulator.WeChatSimulator.DEMO_CORP_SECRET;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kcwechat.simulator.WeChatSimulator;
import dev.kcwechat.testing.Browser;
import dev.kcwechat.testing.Http;
import dev.kcwechat.testing.Jwt;
import dev.kcwechat.testing.RequiresChromium;
import dev.kcwechat.testing.RequiresKeycloak;
import dev.kcwechat.testing.TestEnvironment;
import dev.kcwechat.testing.TestRealm;
import dev.kcwechat.testing.UserProfiles;
import dev.kcwechat.testing.WeChatRealmExtension;
import jakarta.ws.rs.core.Response;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.keycloak.representations.idm.EventRepresentation;
import org.keycloak.representations.idm.IdentityProviderRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
import org.openqa.selenium.By;

/**
 * WeCom's browser login ({@code wecom}) in headless Chromium on the real Keycloak and the
 * simulator: an employee is one user across the WeCom mini-program and the web (SSO page in an
 * ordinary browser, silent OAuth inside WeCom); a member who left is refused and offboarded; a
 * non-member is refused. Screenshots: {@code target/screenshots/wecom-*.png}.
 */
@RequiresChromium
@RequiresKeycloak(atLeast = "26.5", because = "the browser logins' broker callback")
class WeComWebIT {

    private static final String MINI_PROGRAM = "wecom";
    private static final String WEB = "wecom-web";
    private static final String PRIVATE = "wecom-private";
    private static final String OA_WEB = "oa-web";
    private static final String REDIRECT_URI = "http://127.0.0.1:9/callback";
    private static final String CALLBACK_TOKEN = "WebCallbackToken";
    private static final String CALLBACK_AES_KEY = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C";

    @RegisterExtension
    static final WeChatRealmExtension realm = WeChatRealmExtension.named("wecomweb").with(r -> {
        r.addWebClient(OA_WEB, REDIRECT_URI);
    });

    private final WeChatSimulator wechat = realm.wechat();

    @BeforeAll
    static void weComProviders() {
        UserProfiles.namesOptional(realm);
        provider(MINI_PROGRAM, "wecom-mini-program", Map.of("allowedClients", TestRealm.PUBLIC_CLIENT));
        // the directory callback on the web provider: WeCom tells it who leaves
        TestEnvironment.vaultSecret(realm.name(), "idp." + WEB + ".callback-token", CALLBACK_TOKEN);
        TestEnvironment.vaultSecret(realm.name(), "idp." + WEB + ".callback-aes-key", CALLBACK_AES_KEY);
        provider(WEB, "wecom", Map.of("authorizationBaseUrl", realm.wechat().baseUrl(), "ssoBaseUrl", realm.wechat().baseUrl(),
                "callbackToken", "${vault.idp." + WEB + ".callback-token}", "callbackAesKey", "${vault.idp." + WEB + ".callback-aes-key}"));
        realm.wechat().weComCallbackTarget(DEMO_CORP_ID, DEMO_AGENT_ID,
                realm.server().baseUrl() + "/realms/" + realm.name() + "/wechat/wecom/" + WEB + "/callback", CALLBACK_TOKEN, CALLBACK_AES_KEY);
        provider(PRIVATE, "wecom", Map.of("authorizationBaseUrl", realm.wechat().baseUrl(), "ssoBaseUrl", realm.wechat().baseUrl(),
                "scope", "snsapi_privateinfo"));
    }

    @Test
    void withPrivateInfoTheMembersConsentedEmailIsTheUsers() {
        wechat.weComMember(DEMO_CORP_ID, "web-emp-4", "蒋四", List.of(1), WeChatSimulator.WECOM_STATUS_ACTIVE, "13800000004",
                "jiang.si@example.com");
        wechat.weComBrowserUser(DEMO_CORP_ID, "web-emp-4");

        try (Browser browser = Browser.start(Browser.Options.defaults().userAgent(WeChatSimulator.WECOM_BROWSER_USER_AGENT))) {
            browser.open(authorizationUrl());
            browser.click(By.id("social-" + PRIVATE));
            browser.waitUntil("WeCom's consent page", () -> browser.has(By.id("wecom-confirm")));
            browser.screenshot("wecom-privateinfo-consent");
            browser.click(By.id("wecom-confirm"));
            browser.waitUntil("the redirect to the OA app", () -> browser.currentUrl().startsWith(REDIRECT_URI));
            String sub = subOfCode(Http.query(browser.currentUrl()).get("code"));

            UserRepresentation user = realm.resource().users().get(sub).toRepresentation();   // after the member's first login
            assertThat(user.getEmail()).isEqualTo("jiang.si@example.com");
            assertThat(user.firstAttribute("wecom_corpid")).isEqualTo(DEMO_CORP_ID);
            assertThat(user.firstAttribute("wecom_userid")).isEqualTo("web-emp-4");
            List<EventRepresentation> registered = realm.events("REGISTER", sub, null);
            assertThat(registered).hasSize(1);
            assertThat(registered.get(0).getDetails().get("identity_provider")).isEqualTo(PRIVATE);
        }
    }

    @Test
    void theMiniProgramsEmployeeOpensTheOaAppThroughWeComsSsoPage() {
        wechat.weComMember(DEMO_CORP_ID, "web-emp-1", "冯一", List.of(1), WeChatSimulator.WECOM_STATUS_ACTIVE, null, null);
        String miniProgramSub = miniProgramLogin("web-emp-1");
        wechat.weComBrowserUser(DEMO_CORP_ID, "web-emp-1");

        try (Browser browser = Browser.start()) {
            browser.open(authorizationUrl());
            browser.click(By.id("social-" + WEB));
            browser.waitUntil("WeCom's SSO page", () -> browser.has(By.id("wecom-confirm")));
            browser.screenshot("wecom-sso-page");
            browser.click(By.id("wecom-confirm"));
            browser.waitUntil("the redirect to the OA app", () -> browser.currentUrl().startsWith(REDIRECT_URI));

            assertThat(subOfCode(Http.query(browser.currentUrl()).get("code"))).isEqualTo(miniProgramSub);
        }
    }

    @Test
    void aMemberWhoLeavesLosesTheOaAppsBrowserSessionAndRefreshTokenAtOnce() {
        wechat.weComMember(DEMO_CORP_ID, "web-emp-leaver", "卫五", List.of(1), WeChatSimulator.WECOM_STATUS_ACTIVE, null, null);
        wechat.weComBrowserUser(DEMO_CORP_ID, "web-emp-leaver");
        try (Browser browser = Browser.start()) {
            browser.open(authorizationUrl());
            browser.click(By.id("social-" + WEB));
            browser.waitUntil("WeCom's SSO page", () -> browser.has(By.id("wecom-confirm")));
            browser.click(By.id("wecom-confirm"));
            browser.waitUntil("the redirect to the OA app", () -> browser.currentUrl().startsWith(REDIRECT_URI));
            Http.Answer tokens = tokensOfCode(Http.query(browser.currentUrl()).get("code"));
            String refreshToken = tokens.json().get("refresh_token").asText();
            browser.open(authorizationUrl());
            browser.waitUntil("single sign-on: straight back to the OA app", () -> browser.currentUrl().startsWith(REDIRECT_URI));

            assertThat(wechat.weComMemberLeaves(DEMO_CORP_ID, "web-emp-leaver")).as("the callback's answer").isEqualTo(200);

            Http.Answer refreshed = Http.postForm(realm.oauth().tokenUrl(), Map.of("grant_type", "refresh_token", "client_id", OA_WEB,
                    "refresh_token", refreshToken), null);
            assertThat(refreshed.status()).as(refreshed.toString()).isEqualTo(400);
            browser.open(authorizationUrl());
            browser.waitUntil("the login page again: the browser session is gone", () -> browser.has(By.id("social-" + WEB)));
            assertThat(browser.currentUrl()).doesNotStartWith(REDIRECT_URI);
        }
    }

    @Test
    void insideWeComTheLoginIsSilentAndTheMiniProgramFindsTheSameUser() {
        wechat.weComMember(DEMO_CORP_ID, "web-emp-2", "陈二", List.of(1), WeChatSimulator.WECOM_STATUS_ACTIVE, null, null);
        wechat.weComBrowserUser(DEMO_CORP_ID, "web-emp-2");
        String webSub;
        try (Browser browser = Browser.start(Browser.Options.defaults().userAgent(WeChatSimulator.WECOM_BROWSER_USER_AGENT))) {
            browser.open(authorizationUrl());
            browser.click(By.id("social-" + WEB));
            browser.waitUntil("the redirect to the OA app", () -> browser.currentUrl().startsWith(REDIRECT_URI));
            webSub = subOfCode(Http.query(browser.currentUrl()).get("code"));
        }

        assertThat(miniProgramLogin("web-emp-2")).isEqualTo(webSub);
    }

    @Test
    void aMemberWhoLeftIsRefusedAndOffboardedANonMemberIsRefused() {
        wechat.weComMember(DEMO_CORP_ID, "web-emp-3", "褚三", List.of(1), WeChatSimulator.WECOM_STATUS_ACTIVE, null, null);
        String sub = miniProgramLogin("web-emp-3");
        wechat.weComMemberStatus(DEMO_CORP_ID, "web-emp-3", WeChatSimulator.WECOM_STATUS_LEFT);
        wechat.weComBrowserUser(DEMO_CORP_ID, "web-emp-3");
        assertRefused("wecom-left-member");
        assertThat(realm.resource().users().get(sub).toRepresentation().isEnabled()).as("offboarded").isFalse();
        List<EventRepresentation> refused = realm.events("IDENTITY_PROVIDER_LOGIN_ERROR", sub, null);
        assertThat(refused).hasSize(1);
        assertThat(refused.get(0).getDetails()).containsEntry("offboarded", "true")
                .containsEntry("wecom_status", Integer.toString(WeChatSimulator.WECOM_STATUS_LEFT));

        int users = realm.userCount();
        wechat.weComBrowserNonMember(DEMO_CORP_ID, "oNonMember_openid_ABCDEFGHIJKLMN", null);
        assertRefused("wecom-non-member");
        assertThat(realm.userCount()).isEqualTo(users);
    }

    @Test
    void aCallbackWithoutAStateIsABadRequestAndWeComIsNotAsked() {
        int lookups = wechat.calls(WeChatSimulator.WECOM_GETUSERINFO);
        Http.Answer answer = Http.get(realm.oauth().issuer() + "/broker/" + WEB + "/endpoint?code=some-code", null);
        assertThat(answer.status()).isEqualTo(400);
        assertThat(wechat.calls(WeChatSimulator.WECOM_GETUSERINFO)).isEqualTo(lookups);
    }

    private void assertRefused(String screenshot) {
        try (Browser browser = Browser.start()) {
            browser.open(authorizationUrl());
            browser.click(By.id("social-" + WEB));
            browser.waitUntil("WeCom's SSO page", () -> browser.has(By.id("wecom-confirm")));
            browser.click(By.id("wecom-confirm"));
            browser.waitUntil("Keycloak's error page", () -> browser.currentUrl().contains("/broker/" + WEB + "/endpoint"));
            browser.screenshot(screenshot);
            assertThat(browser.currentUrl()).doesNotStartWith(REDIRECT_URI);
            assertThat(browser.pageSource()).doesNotContain("Internal Server Error");
        }
    }

    private String miniProgramLogin(String userid) {
        Http.Answer answer = realm.oauth().codeLogin(TestRealm.PUBLIC_CLIENT, wechat.newWeComCode(DEMO_CORP_ID, DEMO_AGENT_ID, userid),
                Map.of("idp", MINI_PROGRAM));
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        return new Jwt(answer.json().get("access_token").asText()).claims().get("sub").asText();
    }

    private static String subOfCode(String code) {
        return new Jwt(tokensOfCode(code).json().get("id_token").asText()).claims().get("sub").asText();
    }

    private static Http.Answer tokensOfCode(String code) {
        Http.Answer tokens = Http.postForm(realm.oauth().tokenUrl(), Map.of("grant_type", "authorization_code",
                "client_id", OA_WEB, "code", code, "redirect_uri", REDIRECT_URI), null);
        assertThat(tokens.status()).as(tokens.toString()).isEqualTo(200);
        return tokens;
    }

    private static void provider(String alias, String providerId, Map<String, String> extra) {
        IdentityProviderRepresentation idp = new IdentityProviderRepresentation();
        idp.setAlias(alias);
        idp.setProviderId(providerId);
        idp.setEnabled(true);
        idp.setConfig(new HashMap<>(Map.of("clientId", DEMO_CORP_ID, "clientSecret", DEMO_CORP_SECRET,
                "agentId", Integer.toString(DEMO_AGENT_ID), "apiBaseUrl", realm.wechat().baseUrl(), "syncMode", "IMPORT")));
        idp.getConfig().putAll(extra);
        try (Response created = realm.resource().identityProviders().create(idp)) {
            assertThat(created.getStatus()).as(() -> created.readEntity(String.class)).isEqualTo(201);
        }
    }

    private static String authorizationUrl() {
        return realm.oauth().issuer() + "/protocol/openid-connect/auth?" + Http.formEncode(new LinkedHashMap<>(Map.of(
                "response_type", "code", "client_id", OA_WEB, "redirect_uri", REDIRECT_URI, "scope", "openid", "state", "s")));
    }
}
