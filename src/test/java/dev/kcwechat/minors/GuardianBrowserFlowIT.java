package dev.kcwechat.minors;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kcwechat.testing.Browser;
import dev.kcwechat.testing.GuardianSetup;
import dev.kcwechat.testing.Http;
import dev.kcwechat.testing.PolicyTime;
import dev.kcwechat.testing.RequiresChromium;
import dev.kcwechat.testing.TestUsers;
import dev.kcwechat.testing.WeChatRealmExtension;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.keycloak.representations.idm.UserRepresentation;
import org.openqa.selenium.By;

/**
 * The same wechat-guardian-policy in a browser flow, the Keycloak way: after the password form, a
 * minor in the curfew or without consent sees an error page of the keycloak-wechat theme; an adult
 * goes on to the app. Screenshots: {@code target/screenshots/guardian-browser-*.png}.
 */
@Tag(PolicyTime.TAG)
@RequiresChromium
class GuardianBrowserFlowIT {

    private static final String WEB_CLIENT = "web-app";
    private static final String REDIRECT_URI = "http://127.0.0.1:9/callback";
    private static final String PASSWORD = "Browser-Passw0rd";
    private static final LocalDate DAY = LocalDate.of(2026, 11, 21);

    @RegisterExtension
    static final WeChatRealmExtension realm = WeChatRealmExtension.named("guardianbrowser").with(r -> {
        r.addWebClient(WEB_CLIENT, REDIRECT_URI);
    });

    private static final GuardianSetup guardian = new GuardianSetup(realm);

    @BeforeAll
    static void browserFlowAndUsers() {
        guardian.browserPolicy("browser-guardian", Map.of("curfew", "22:00-06:00", "dailyMinutes", "off", "unknownAge", "allow"));
        user("teen", "2011-01-01");
        user("child", "2016-01-01");
        user("grown-up", "1990-01-01");
    }

    @AfterEach
    void realClock() {
        guardian.clock((LocalDateTime) null);
    }

    @Test
    void aTeenagerInTheCurfewSeesTheCurfewPage() {
        guardian.clock(DAY.atTime(23, 0));
        try (Browser browser = Browser.start()) {
            signIn(browser, "teen");
            browser.waitUntil("the error page", () -> browser.pageSource().contains("22:00-06:00"));
            browser.screenshot("guardian-browser-curfew");

            assertThat(browser.pageSource()).contains("curfew");
            assertThat(browser.currentUrl()).doesNotStartWith(REDIRECT_URI);
        }
    }

    @Test
    void aChildWithoutConsentSeesTheLinkForTheGuardian() {
        guardian.clock(DAY.atTime(15, 0));
        try (Browser browser = Browser.start()) {
            signIn(browser, "child");
            browser.waitUntil("the error page", () -> browser.pageSource().contains("/wechat/guardian/consent/"));
            browser.screenshot("guardian-browser-consent-required");

            assertThat(browser.currentUrl()).doesNotStartWith(REDIRECT_URI);
        }
    }

    @Test
    void anAdultGoesOnToTheAppAtNight() {
        guardian.clock(DAY.atTime(23, 0));
        try (Browser browser = Browser.start()) {
            signIn(browser, "grown-up");
            browser.waitUntil("the redirect to the app", () -> browser.currentUrl().startsWith(REDIRECT_URI));

            assertThat(browser.currentUrl()).contains("code=");
        }
    }

    private static void signIn(Browser browser, String username) {
        browser.open(realm.oauth().issuer() + "/protocol/openid-connect/auth?" + Http.formEncode(new LinkedHashMap<>(Map.of(
                "response_type", "code", "client_id", WEB_CLIENT, "redirect_uri", REDIRECT_URI, "scope", "openid", "state", "s"))));
        browser.type(By.id("username"), username).type(By.id("password"), PASSWORD).click(By.id("kc-login"));
    }

    private static void user(String username, String birthdate) {
        UserRepresentation user = TestUsers.withPassword(username, PASSWORD, username + "@example.com", "A", username);
        user.singleAttribute("birthdate", birthdate);
        TestUsers.create(realm.resource(), user);
    }
}
