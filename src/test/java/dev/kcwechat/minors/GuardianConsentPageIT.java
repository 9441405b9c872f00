package dev.kcwechat.minors;

import static dev.kcwechat.simulator.WeChatSimulator.DEMO_APP_ID;
import static dev.kcwechat.testing.OAuthErrors.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcwechat.testing.Browser;
import dev.kcwechat.testing.GuardianSetup;
import dev.kcwechat.testing.Http;
import dev.kcwechat.testing.KeycloakServer;
import dev.kcwechat.testing.PolicyTime;
import dev.kcwechat.testing.RequiresChromium;
import dev.kcwechat.testing.TestRealm;
import dev.kcwechat.testing.TestUsers;
import dev.kcwechat.testing.WeChatRealmExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.keycloak.representations.idm.UserRepresentation;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The guardian-consent page in headless Chromium on the real Keycloak: the guardian follows the
 * child's guardian_consent_uri, signs in with their own account, sees the mini-program and what it
 * asks for, confirms the birthdate and decides; in English and in Chinese.
 * Screenshots: {@code target/screenshots/guardian-*.png}.
 */
@Tag(PolicyTime.TAG)
@RequiresChromium
class GuardianConsentPageIT {

    private static final String MINI_PROGRAM_NAME = "Panda Maths";
    private static final String PASSWORD = "Guardian-Passw0rd";

    @RegisterExtension
    static final WeChatRealmExtension realm = WeChatRealmExtension.named("guardianpage").with(r -> {
        r.client(TestRealm.PUBLIC_CLIENT).setName(MINI_PROGRAM_NAME);
        r.representation().setInternationalizationEnabled(true);
        r.representation().setDefaultLocale("en");
        r.representation().setSupportedLocales(Set.of("en", "zh-CN"));
    });

    private static final GuardianSetup guardian = new GuardianSetup(realm);

    @BeforeAll
    static void policyAndGuardian() {
        guardian.postLoginPolicy("guardian", Map.of("curfew", "off", "dailyMinutes", "60,60,120"));
        UserRepresentation mum = TestUsers.withPassword("mum", PASSWORD, "mum@example.com", "Li", "Mei");
        mum.singleAttribute("birthdate", "1980-01-01");   // an adult the realm vouches for: only such a guardian decides
        TestUsers.create(realm.resource(), mum);
    }

    @Test
    void aGuardianSignsInSeesTheRequestAndApproves() {
        String openid = "oPageChildApproved_openid_ABCDEFG";
        String uri = consentUri(childLogin(openid));
        String childId = childId();

        try (Browser browser = Browser.start()) {
            signInThrough(browser, uri);
            browser.screenshot("guardian-consent-form");

            assertThat(browser.text(By.id("client-name"))).isEqualTo(MINI_PROGRAM_NAME);
            assertThat(browser.findAll(By.cssSelector("#scope-list li"))).isNotEmpty();
            assertThat(browser.text(By.id("guardian-name"))).contains("Li Mei");
            String page = browser.pageSource();
            assertThat(page).as("nothing of the child but the mini-program and the birthdate")
                    .doesNotContain(childId).doesNotContain(openid).doesNotContain("wechat_");
            browser.script("document.getElementById('birthdate').value = arguments[0]", "2015-05-05");
            browser.click(By.id("approve"));
            browser.waitUntil("the decision", () -> browser.has(By.id("decision-result")));
            browser.screenshot("guardian-consent-approved");

            assertThat(browser.text(By.id("decision-result"))).contains("approved");
            browser.open(uri);
            browser.waitUntil("the used link's page", () -> browser.has(By.id("error-message")));
            assertThat(browser.text(By.id("error-message"))).contains("already been used");
        }
        assertThat(childLogin(openid).status()).isEqualTo(200);
        // the extension's admin endpoint: the admin client has no resource for it
        JsonNode record = realm.admin().get(realm.path("/wechat/consents?user=" + childId)).json().get(0);
        assertThat(record.get("decision").asText()).isEqualTo("approve");
        assertThat(record.get("birthdate").asText()).isEqualTo("2015-05-05");
        assertThat(record.get("userAgent").asText()).contains("Chrome");
        assertThat(record.get("ipAddress").asText()).isNotBlank();
    }

    @Test
    void theChinesePageDeclines() {
        String openid = "oPageChildDeclined_openid_ABCDEF";
        String uri = consentUri(childLogin(openid));

        try (Browser browser = Browser.start(Browser.Options.defaults().language("zh-CN"))) {
            signInThrough(browser, uri);
            browser.screenshot("guardian-consent-form-zh-CN");

            assertThat(browser.find(By.tagName("html")).getAttribute("lang")).isEqualTo("zh-CN");
            assertThat(browser.text(By.id("wechat-guardian-title"))).isEqualTo("监护人同意");
            assertThat(browser.text(By.id("decline"))).isNotBlank().doesNotContain("Decline");
            browser.click(By.id("decline"));
            browser.waitUntil("the decision", () -> browser.has(By.id("decision-result")));
            browser.screenshot("guardian-consent-declined-zh-CN");

            assertThat(browser.text(By.id("decision-result"))).contains("拒绝");
        }
        assertError(childLogin(openid), 403, "consent_required");
    }

    @Test
    void aForgedFormIsRefused() {
        String uri = consentUri(childLogin("oPageChildForged_openid_ABCDEFGH"));

        try (Browser browser = Browser.start()) {
            signInThrough(browser, uri);
            browser.script("document.querySelector('input[name=csrf]').value = 'forged'");
            browser.click(By.id("decline"));
            browser.waitUntil("the refusal", () -> browser.has(By.id("error-message")));

            assertThat(browser.text(By.id("error-message"))).contains("Reload it");
            browser.open(uri);
            assertThat(browser.has(By.id("approve"))).as("the request is still open").isTrue();
        }
    }

    @Test
    void theGuardiansPageShowsTheirChildAndTakesOnlyStricterLimits() {
        String openid = "oPageChildLimits_openid_ABCDEFGH";
        String uri = consentUri(childLogin(openid));
        String childSection = "#child-" + childId();

        try (Browser browser = Browser.start()) {
            approveThrough(browser, uri);
            browser.open(realm.oauth().wechat("guardian"));
            browser.waitUntil("the guardian's page", () -> browser.has(By.id("wechat-guardian-page-title")));

            WebElement child = browser.find(By.cssSelector(childSection));
            assertThat(child.findElement(By.cssSelector(".consent")).getText()).contains(TestRealm.PUBLIC_CLIENT).contains("approved");
            assertThat(child.findElement(By.cssSelector(".minutes-used")).getText()).contains("Used today");
            saveMinutes(browser, childSection, "20");
            browser.waitUntil("the saved limits", Duration.ofSeconds(30), () -> browser.has(By.id("notice")));
            browser.screenshot("guardian-page");
            assertThat(browser.text(By.id("notice"))).contains("saved");
            assertThat(browser.find(By.cssSelector(childSection + " input[name=dailyMinutes]")).getAttribute("value")).isEqualTo("20");

            saveMinutes(browser, childSection, "999");   // more than the realm's 60
            browser.waitUntil("the refusal", Duration.ofSeconds(30), () -> browser.has(By.cssSelector("#notice.wechat-error")));
            browser.screenshot("guardian-page-looser-refused");
            assertThat(browser.find(By.cssSelector(childSection + " .minutes-left")).getText()).contains("20");
            assertThat(browser.pageSource()).as("no JavaScript on the page").doesNotContain("<script");
        }
    }

    @Test
    void theGuardiansPageInChineseRevokesAnApproval() {
        String openid = "oPageChildRevoke_openid_ABCDEFGH";
        String uri = consentUri(childLogin(openid));
        String childSection = "#child-" + childId();

        try (Browser browser = Browser.start(Browser.Options.defaults().language("zh-CN"))) {
            approveThrough(browser, uri);
            assertThat(childLogin(openid).status()).isEqualTo(200);
            browser.open(realm.oauth().wechat("guardian"));
            browser.waitUntil("the guardian's page", () -> browser.has(By.id("wechat-guardian-page-title")));
            assertThat(browser.text(By.id("wechat-guardian-page-title"))).isEqualTo("您的孩子");

            WebElement approved = browser.findAll(By.cssSelector(childSection + " .consent")).stream()
                    .filter(consent -> !consent.findElements(By.cssSelector("button[value=revoke]")).isEmpty())
                    .findFirst().orElseThrow();
            approved.findElement(By.cssSelector("button[value=revoke]")).click();
            browser.waitUntil("the revocation", () -> browser.has(By.id("notice")));
            browser.screenshot("guardian-page-revoked-zh-CN");

            assertThat(browser.text(By.id("notice"))).contains("撤回");
        }
        assertError(childLogin(openid), 403, "consent_required");
    }

    @Test
    void aGuardianTheRealmCannotVouchForSeesNoBirthdate() {
        String uri = consentUri(childLogin("oPageChildNoVouch_openid_ABCDEFG"));
        TestUsers.create(realm.resource(), TestUsers.withPassword("neighbour", PASSWORD, "neighbour@example.com", "Zhao", "Lei"));

        try (Browser browser = Browser.start()) {
            browser.open(uri);
            browser.waitUntil("Keycloak's login form", () -> browser.has(By.id("username")));
            browser.type(By.id("username"), "neighbour").type(By.id("password"), PASSWORD).click(By.id("kc-login"));
            browser.waitUntil("the refusal", () -> browser.has(By.id("error-message")));
            browser.screenshot("guardian-consent-not-verified");

            assertThat(browser.has(By.id("birthdate"))).isFalse();
            assertThat(browser.pageSource()).doesNotContain("2015-").doesNotContain("approve");
        }
    }

    @Test
    void theAdminConsoleShowsThePolicysSettingsOnTheExecutor() {
        try (Browser browser = Browser.start()) {
            browser.open(realm.server().baseUrl() + "/admin/master/console/#/" + realm.name()
                    + "/realm-settings/client-policies/" + GuardianSetup.PROFILE.replace(" ", "%20") + "/edit-profile/wechat-guardian-policy");
            browser.waitUntil("the admin console's login form", () -> browser.has(By.id("username")));
            browser.type(By.id("username"), KeycloakServer.ADMIN_USERNAME).type(By.id("password"), KeycloakServer.ADMIN_PASSWORD)
                    .click(By.id("kc-login"));
            browser.waitUntil("the executor's settings", Duration.ofSeconds(30), () -> browser.pageSource().contains("Who may act as a guardian"));
            browser.screenshot("guardian-executor");

            assertThat(browser.pageSource()).contains("Curfew").contains("Daily minutes").contains("Clients of the guardian API");
        }
    }

    /** Signs the guardian in through the consent link and approves with the birthdate 2015-05-05. */
    private static void approveThrough(Browser browser, String uri) {
        signInThrough(browser, uri);
        browser.script("document.getElementById('birthdate').value = arguments[0]", "2015-05-05");
        browser.click(By.id("approve"));
        browser.waitUntil("the decision", () -> browser.has(By.id("decision-result")));
    }

    private static void saveMinutes(Browser browser, String childSection, String minutes) {
        browser.find(By.cssSelector(childSection + " input[name=dailyMinutes]")).clear();
        browser.find(By.cssSelector(childSection + " input[name=dailyMinutes]")).sendKeys(minutes);
        browser.click(By.cssSelector(childSection + " form.limits button"));
    }

    private static void signInThrough(Browser browser, String uri) {
        browser.open(uri);
        browser.waitUntil("Keycloak's login form", () -> browser.has(By.id("username")));
        browser.type(By.id("username"), "mum").type(By.id("password"), PASSWORD).click(By.id("kc-login"));
        browser.waitUntil("the consent page", () -> browser.has(By.id("wechat-guardian-title")));
    }

    private static Http.Answer childLogin(String openid) {
        return realm.oauth().codeLogin(realm.wechat().newCode(DEMO_APP_ID, openid, null));
    }

    private static String consentUri(Http.Answer refused) {
        assertError(refused, 403, "consent_required");
        return refused.json().get("guardian_consent_uri").asText();
    }

    /** The child just refused: the newest user. */
    private static String childId() {
        List<UserRepresentation> users = realm.resource().users().search(null, 0, 200, true);
        String newest = null;
        long created = -1;
        for (UserRepresentation user : users) {
            if (user.getCreatedTimestamp() > created && !"mum".equals(user.getUsername())) {
                created = user.getCreatedTimestamp();
                newest = user.getId();
            }
        }
        return newest;
    }
}
