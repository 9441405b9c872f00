package dev.kcwechat.wechatweb;

import static dev.kcwechat.simulator.WeChatSimulator.DEMO_APP_ID;
import static dev.kcwechat.simulator.WeChatSimulator.DEMO_OA_APP_ID;
import static dev.kcwechat.simulator.WeChatSimulator.DEMO_OA_APP_SECRET;
import static dev.kcwechat.simulator.WeChatSimulator.DEMO_WEBSITE_APP_ID;
import static dev.kcwechat.simulator.WeChatSimulator.DEMO_WEBSITE_APP_SECRET;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcwechat.simulator.WeChatSimulator;
import dev.kcwechat.testing.Browser;
import dev.kcwechat.testing.Http;
import dev.kcwechat.testing.Jwt;
import dev.kcwechat.testing.RequiresChromium;
import dev.kcwechat.testing.RequiresKeycloak;
import dev.kcwechat.testing.UserProfiles;
import dev.kcwechat.testing.WeChatRealmExtension;
import jakarta.ws.rs.core.Response;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.keycloak.representations.idm.EventRepresentation;
import org.keycloak.representations.idm.FederatedIdentityRepresentation;
import org.keycloak.representations.idm.IdentityProviderRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
import org.openqa.selenium.By;

/**
 * The WeChat family in headless Chromium on the real Keycloak and the simulator's browser pages:
 * website QR login and official-account login are standard broker logins keyed by unionid, and
 * one person is one Keycloak user (one {@code sub}) through the mini-program, the website and the
 * official account. Screenshots: {@code target/screenshots/family-*.png}.
 */
@RequiresChromium
@RequiresKeycloak(atLeast = "26.5", because = "the browser logins' broker callback")
class WeChatFamilyIT {

    private static final String WEB_APP = "web-app";
    private static final String REDIRECT_URI = "http://127.0.0.1:9/callback";
    private static final String WEBSITE = "wechat-website";
    private static final String OFFICIAL_ACCOUNT = "wechat-oa";

    @RegisterExtension
    static final WeChatRealmExtension realm = WeChatRealmExtension.named("family").with(r -> {
        r.addWebClient(WEB_APP, REDIRECT_URI);
        r.client(WEB_APP).setDefaultClientScopes(List.of("wechat", "basic", "profile"));
        r.representation().setLoginTheme("keycloak-wechat");
    });

    private final WeChatSimulator wechat = realm.wechat();

    @BeforeAll
    static void browserProviders() {
        UserProfiles.namesOptional(realm);
        provider(WEBSITE, "wechat-website", DEMO_WEBSITE_APP_ID, DEMO_WEBSITE_APP_SECRET, Map.of());
        provider(OFFICIAL_ACCOUNT, "wechat-official-account", DEMO_OA_APP_ID, DEMO_OA_APP_SECRET, Map.of("scope", "snsapi_userinfo"));
    }

    @BeforeEach
    void noFaults() {
        wechat.clearFaults();
        wechat.browserSnapshotUser(DEMO_WEBSITE_APP_ID, false);
    }

    @Test
    void aNewPersonSignsInByScanningTheQrCode() {
        wechat.browserUser(DEMO_WEBSITE_APP_ID, "oWebNewUser_openid_ABCDEFGHIJKLMN", "uWebNewUser_unionid_ABCDEFGHIJKL");

        String sub = websiteLogin("family-qr-new-user");

        assertThat(lastIdToken.get("wechat_unionid").asText()).as("the unionid the website's link is keyed by")
                .isEqualTo("uWebNewUser_unionid_ABCDEFGHIJKL");
        List<FederatedIdentityRepresentation> links = realm.resource().users().get(sub).getFederatedIdentity();
        assertThat(links).hasSize(1);
        assertThat(links.get(0).getIdentityProvider()).isEqualTo(WEBSITE);
        assertThat(links.get(0).getUserId()).isEqualTo("uWebNewUser_unionid_ABCDEFGHIJKL");
        UserRepresentation user = realm.resource().users().get(sub).toRepresentation();
        assertThat(user.firstAttribute("wechat_unionid")).isEqualTo("uWebNewUser_unionid_ABCDEFGHIJKL");
        assertThat(user.firstAttribute("wechat_openid_" + DEMO_WEBSITE_APP_ID)).isEqualTo("oWebNewUser_openid_ABCDEFGHIJKLMN");
        List<EventRepresentation> registered = realm.events("REGISTER", sub, null);
        assertThat(registered).hasSize(1);
        assertThat(registered.get(0).getDetails().get("identity_provider")).isEqualTo(WEBSITE);
    }

    @Test
    void theMiniProgramsUserIsTheWebsitesUser() {
        String miniProgramSub = miniProgramLogin("oFamilyMp_openid_ABCDEFGHIJKLMNO", "uFamilyOne_unionid_ABCDEFGHIJKL");
        wechat.browserUser(DEMO_WEBSITE_APP_ID, "oFamilyWeb_openid_ABCDEFGHIJKLMN", "uFamilyOne_unionid_ABCDEFGHIJKL");

        String websiteSub = websiteLogin("family-qr-same-person");

        assertThat(websiteSub).as("one person, one sub").isEqualTo(miniProgramSub);
        assertThat(aliasesOf(websiteSub)).containsExactlyInAnyOrder("wechat", WEBSITE);
    }

    @Test
    void theWebsitesUserIsTheMiniProgramsUser() {
        wechat.browserUser(DEMO_WEBSITE_APP_ID, "oFamilyWebFirst_openid_ABCDEFGHIJ", "uFamilyTwo_unionid_ABCDEFGHIJKL");
        String websiteSub = websiteLogin("family-qr-first");

        String miniProgramSub = miniProgramLogin("oFamilyMpSecond_openid_ABCDEFGHIJ", "uFamilyTwo_unionid_ABCDEFGHIJKL");

        assertThat(miniProgramSub).isEqualTo(websiteSub);
    }

    @Test
    void insideWeChatTheOfficialAccountSignsTheSamePersonIn() {
        String miniProgramSub = miniProgramLogin("oFamilyOaMp_openid_ABCDEFGHIJKLM", "uFamilyThree_unionid_ABCDEFGHIJ");
        wechat.browserUser(DEMO_OA_APP_ID, "oFamilyOa_openid_ABCDEFGHIJKLMNOP", "uFamilyThree_unionid_ABCDEFGHIJ");

        try (Browser browser = Browser.start(Browser.Options.defaults().userAgent(Browser.WECHAT_USER_AGENT))) {
            browser.open(authorizationUrl());
            browser.waitUntil("the official account's WeChat button", () -> browser.find(By.id("social-" + OFFICIAL_ACCOUNT)).isDisplayed());
            assertThat(browser.find(By.id("social-" + WEBSITE)).isDisplayed()).as("no QR code inside WeChat").isFalse();
            browser.click(By.id("social-" + OFFICIAL_ACCOUNT));
            browser.waitUntil("WeChat's authorization page", () -> browser.has(By.id("wechat-confirm")));
            browser.screenshot("family-oa-confirm");
            browser.click(By.id("wechat-confirm"));
            browser.waitUntil("the redirect to the web app", () -> browser.currentUrl().startsWith(REDIRECT_URI));

            assertThat(subOfCode(Http.query(browser.currentUrl()).get("code"))).isEqualTo(miniProgramSub);
        }
    }

    @Test
    void aNewPersonsFirstLoginThroughTheOfficialAccountHasTheFamilysAttributesAndARegisterOfIt() {
        wechat.browserUser(DEMO_OA_APP_ID, "oOaNewUser_openid_ABCDEFGHIJKLMNO", "uOaNewUser_unionid_ABCDEFGHIJKLM");

        String sub;
        try (Browser browser = Browser.start(Browser.Options.defaults().userAgent(Browser.WECHAT_USER_AGENT))) {
            browser.open(authorizationUrl());
            browser.waitUntil("the official account's WeChat button", () -> browser.find(By.id("social-" + OFFICIAL_ACCOUNT)).isDisplayed());
            browser.click(By.id("social-" + OFFICIAL_ACCOUNT));
            browser.waitUntil("WeChat's authorization page", () -> browser.has(By.id("wechat-confirm")));
            browser.click(By.id("wechat-confirm"));
            browser.waitUntil("the redirect to the web app", () -> browser.currentUrl().startsWith(REDIRECT_URI));
            sub = subOfCode(Http.query(browser.currentUrl()).get("code"));
        }

        UserRepresentation user = realm.resource().users().get(sub).toRepresentation();
        assertThat(user.firstAttribute("wechat_unionid")).isEqualTo("uOaNewUser_unionid_ABCDEFGHIJKLM");
        assertThat(user.firstAttribute("wechat_openid_" + DEMO_OA_APP_ID)).isEqualTo("oOaNewUser_openid_ABCDEFGHIJKLMNO");
        List<EventRepresentation> registered = realm.events("REGISTER", sub, null);
        assertThat(registered).hasSize(1);
        assertThat(registered.get(0).getDetails().get("identity_provider")).isEqualTo(OFFICIAL_ACCOUNT);
    }

    @Test
    void aCallbackWithoutAStateIsABadRequestAndWeChatIsNotAsked() {
        int exchanges = wechat.calls(WeChatSimulator.SNS_OAUTH2_ACCESS_TOKEN);
        for (String alias : List.of(WEBSITE, OFFICIAL_ACCOUNT)) {
            Http.Answer answer = Http.get(realm.oauth().issuer() + "/broker/" + alias + "/endpoint?code=some-code", null);
            assertThat(answer.status()).as(alias).isEqualTo(400);
        }
        assertThat(wechat.calls(WeChatSimulator.SNS_OAUTH2_ACCESS_TOKEN)).isEqualTo(exchanges);
    }

    @Test
    void aTamperedStateIsRefusedBeforeWeChatIsAsked() {
        int users = realm.userCount();
        int exchanges = wechat.calls(WeChatSimulator.SNS_OAUTH2_ACCESS_TOKEN);
        try (Browser browser = Browser.start()) {
            browser.open(authorizationUrl());
            browser.click(By.id("social-" + WEBSITE));
            browser.waitUntil("WeChat's QR page", () -> browser.has(By.id("wechat-confirm")));
            String state = Http.query(browser.currentUrl()).get("state");

            String tampered = (state.charAt(0) == 'A' ? "B" : "A") + state.substring(1);
            browser.open(realm.oauth().issuer() + "/broker/" + WEBSITE + "/endpoint?code=some-code&state="
                    + URLEncoder.encode(tampered, StandardCharsets.UTF_8));
            browser.screenshot("family-state-tampered");

            assertThat(browser.currentUrl()).doesNotStartWith(REDIRECT_URI);
            assertThat(browser.pageSource()).doesNotContain("code=");
        }
        assertThat(wechat.calls(WeChatSimulator.SNS_OAUTH2_ACCESS_TOKEN)).isEqualTo(exchanges);
        assertThat(realm.userCount()).isEqualTo(users);
    }

    @Test
    void aSnapshotUserAndWeChatFailuresAreKeycloaksErrorPage() {
        int users = realm.userCount();
        wechat.browserUser(DEMO_WEBSITE_APP_ID, "oSnapshot_openid_ABCDEFGHIJKLMNOP", "uSnapshot_unionid_ABCDEFGHIJKLM");
        wechat.browserSnapshotUser(DEMO_WEBSITE_APP_ID, true);
        assertWebsiteLoginFails("family-snapshot-user");

        wechat.browserSnapshotUser(DEMO_WEBSITE_APP_ID, false);
        wechat.failNext(WeChatSimulator.SNS_OAUTH2_ACCESS_TOKEN, 1, -1);
        assertWebsiteLoginFails("family-wechat-busy");

        assertThat(realm.userCount()).isEqualTo(users);
    }

    private void assertWebsiteLoginFails(String screenshot) {
        try (Browser browser = Browser.start()) {
            browser.open(authorizationUrl());
            browser.click(By.id("social-" + WEBSITE));
            browser.waitUntil("WeChat's QR page", () -> browser.has(By.id("wechat-confirm")));
            browser.click(By.id("wechat-confirm"));
            browser.waitUntil("Keycloak's error page", () -> browser.currentUrl().contains("/broker/" + WEBSITE + "/endpoint"));
            browser.screenshot(screenshot);

            assertThat(browser.pageSource()).doesNotContain("Internal Server Error").doesNotContain("Exception");
            assertThat(browser.has(By.id("kc-page-title")) || browser.pageSource().contains("We are sorry")).isTrue();
        }
    }

    /** Through Keycloak's login page and the simulated QR page; returns the signed-in user's sub. */
    private String websiteLogin(String screenshot) {
        try (Browser browser = Browser.start()) {
            browser.open(authorizationUrl());
            browser.click(By.id("social-" + WEBSITE));
            browser.waitUntil("WeChat's QR page", () -> browser.has(By.id("wechat-confirm")));
            browser.screenshot(screenshot + "-wechat");
            browser.click(By.id("wechat-confirm"));
            browser.waitUntil("the redirect to the web app", () -> browser.currentUrl().startsWith(REDIRECT_URI));
            return subOfCode(Http.query(browser.currentUrl()).get("code"));
        }
    }

    private String miniProgramLogin(String openid, String unionid) {
        Http.Answer answer = realm.oauth().codeLogin(wechat.newCode(DEMO_APP_ID, openid, unionid));
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        return new Jwt(answer.json().get("access_token").asText()).claims().get("sub").asText();
    }

    /** The claims of the last ID token a web-app code was traded for. */
    private JsonNode lastIdToken;

    private String subOfCode(String code) {
        Http.Answer tokens = Http.postForm(realm.oauth().tokenUrl(), Map.of("grant_type", "authorization_code",
                "client_id", WEB_APP, "code", code, "redirect_uri", REDIRECT_URI), null);
        assertThat(tokens.status()).as(tokens.toString()).isEqualTo(200);
        lastIdToken = new Jwt(tokens.json().get("id_token").asText()).claims();
        return lastIdToken.get("sub").asText();
    }

    private static List<String> aliasesOf(String userId) {
        List<String> aliases = new ArrayList<>();
        realm.resource().users().get(userId).getFederatedIdentity().forEach(link -> aliases.add(link.getIdentityProvider()));
        return aliases;
    }

    private static void provider(String alias, String providerId, String appId, String secret, Map<String, String> extra) {
        IdentityProviderRepresentation idp = new IdentityProviderRepresentation();
        idp.setAlias(alias);
        idp.setProviderId(providerId);
        idp.setEnabled(true);
        idp.setDisplayName("WeChat");
        idp.setConfig(new HashMap<>(Map.of("clientId", appId, "clientSecret", secret, "apiBaseUrl", realm.wechat().baseUrl(),
                "authorizationBaseUrl", realm.wechat().baseUrl(), "syncMode", "IMPORT")));
        idp.getConfig().putAll(extra);
        try (Response created = realm.resource().identityProviders().create(idp)) {
            assertThat(created.getStatus()).as(() -> created.readEntity(String.class)).isEqualTo(201);
        }
    }

    private static String authorizationUrl() {
        return realm.oauth().issuer() + "/protocol/openid-connect/auth?" + Http.formEncode(new LinkedHashMap<>(Map.of(
                "response_type", "code", "client_id", WEB_APP, "redirect_uri", REDIRECT_URI, "scope", "openid", "state", "s")));
    }
}
