package dev.kcwechat.theme;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kcwechat.testing.Browser;
import dev.kcwechat.testing.Http;
import dev.kcwechat.testing.RequiresChromium;
import dev.kcwechat.testing.RequiresKeycloak;
import dev.kcwechat.testing.TestRealm;
import dev.kcwechat.testing.WeChatRealmExtension;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * Keycloak's login page in a realm with the login theme keycloak-wechat, both WeChat browser logins
 * and a corporate OIDC provider: one "Sign in with WeChat" (the official account inside WeChat's
 * browser, the website's QR code elsewhere), the corporate provider as usual. No WeChat call is
 * made. Screenshots: {@code target/screenshots/wechat-login-*.png}.
 */
@RequiresChromium
class WeChatSignInPageIT {

    private static final String WEB_CLIENT = "web-app";
    private static final String REDIRECT_URI = "http://127.0.0.1:9/callback";
    private static final String WEBSITE = "wechat-website";
    private static final String OFFICIAL_ACCOUNT = "wechat-oa";
    private static final String CORPORATE = "corporate";
    /** The providers' URLs in realms/wechat-sign-in.json: nothing listens there, the page only links to the providers. */
    private static final String NOWHERE = "http://127.0.0.1:1";

    /** The login theme, English and Chinese, the web app, both WeChat browser providers and the corporate one. */
    @RegisterExtension
    static final WeChatRealmExtension realm = WeChatRealmExtension.named("wechatsignin")
            .with(r -> r.merge("realms/wechat-sign-in.json"));

    @Test
    void anOrdinaryBrowserSeesTheWebsiteQrSignInAndTheCorporateProvider() {
        try (Browser browser = Browser.start()) {
            browser.open(authorizationUrl());
            waitForTheScript(browser);
            browser.screenshot("wechat-login-browser");

            assertThat(visibleProviders(browser)).containsExactly("social-" + WEBSITE, "social-" + CORPORATE);
            WebElement wechat = browser.find(By.id("social-" + WEBSITE));
            assertThat(wechat.getText()).isEqualTo("Sign in with WeChat");
            assertThat(wechat.getAttribute("data-wechat")).isEqualTo("wechat-website");
            assertThat(wechat.getAttribute("href")).matches(brokerLogin(WEBSITE));
            assertThat(browser.text(By.id("social-" + CORPORATE))).isEqualTo("Corporate SSO");
            assertThat(browser.find(By.id("social-" + CORPORATE)).getAttribute("href")).matches(brokerLogin(CORPORATE));
        }
    }

    @Test
    void weChatsBrowserSeesTheOfficialAccountSignInAndTheCorporateProvider() {
        try (Browser browser = Browser.start(Browser.Options.defaults().userAgent(Browser.WECHAT_USER_AGENT))) {
            browser.open(authorizationUrl());
            waitForTheScript(browser);
            browser.screenshot("wechat-login-in-wechat");

            assertThat(visibleProviders(browser)).containsExactly("social-" + OFFICIAL_ACCOUNT, "social-" + CORPORATE);
            WebElement wechat = browser.find(By.id("social-" + OFFICIAL_ACCOUNT));
            assertThat(wechat.getText()).isEqualTo("Sign in with WeChat");
            assertThat(wechat.getAttribute("data-wechat")).isEqualTo("wechat-official-account");
            assertThat(wechat.getAttribute("href")).matches(brokerLogin(OFFICIAL_ACCOUNT));
        }
    }

    @Test
    void inChineseTheWeChatSignInSaysWeChatLogin() {
        try (Browser browser = Browser.start(Browser.Options.defaults().language("zh-CN"))) {
            browser.open(authorizationUrl());
            waitForTheScript(browser);
            browser.screenshot("wechat-login-zh-CN");

            assertThat(browser.find(By.tagName("html")).getAttribute("lang")).isEqualTo("zh-CN");
            assertThat(visibleProviders(browser)).containsExactly("social-" + WEBSITE, "social-" + CORPORATE);
            assertThat(browser.text(By.id("social-" + WEBSITE))).isEqualTo("微信登录");
            assertThat(browser.text(By.id("social-" + CORPORATE))).isEqualTo("Corporate SSO");
        }
        try (Browser browser = Browser.start(Browser.Options.defaults().language("zh-CN").userAgent(Browser.WECHAT_USER_AGENT))) {
            browser.open(authorizationUrl());
            waitForTheScript(browser);
            browser.screenshot("wechat-login-in-wechat-zh-CN");

            assertThat(visibleProviders(browser)).containsExactly("social-" + OFFICIAL_ACCOUNT, "social-" + CORPORATE);
            assertThat(browser.text(By.id("social-" + OFFICIAL_ACCOUNT))).isEqualTo("微信登录");
        }
    }

    @Test
    @RequiresKeycloak(atLeast = "26.5", because = "the browser logins' broker callback")
    void theWebsiteSignInGoesThroughKeycloaksBrokerToWeChatsQrCodePage() {
        try (Browser browser = Browser.start()) {
            browser.open(authorizationUrl());
            waitForTheScript(browser);
            browser.click(By.id("social-" + WEBSITE));
            browser.waitUntil("the browser sent to WeChat's QR code page", () -> browser.currentUrl().startsWith(NOWHERE));

            assertThat(browser.currentUrl()).startsWith(NOWHERE + "/connect/qrconnect?").contains("appid=wx1111111111111111")
                    .contains("scope=snsapi_login");
        }
    }

    /** Keycloak 26.4 cannot finish a browser login: it stops on Keycloak's broker error page before WeChat's. */
    @Test
    @RequiresKeycloak(before = "26.5", because = "the browser logins' broker callback")
    void beforeKeycloak265TheWebsiteSignInStopsOnKeycloaksErrorPageBeforeWeChat() {
        try (Browser browser = Browser.start()) {
            browser.open(authorizationUrl());
            waitForTheScript(browser);
            browser.click(By.id("social-" + WEBSITE));
            browser.waitUntil("Keycloak's error page", () -> browser.pageSource().contains("Could not send authentication request"));
            browser.screenshot("wechat-login-before-26.5");

            assertThat(browser.currentUrl()).doesNotStartWith(NOWHERE).contains("/broker/" + WEBSITE + "/login");
        }
    }

    /** The page as Keycloak serves it, before any script ran: every link is there, in the providers' order, and none is hidden. */
    @Test
    void withoutJavaScriptBothWeChatLinksAreThere() {
        Http.Answer page = Http.get(authorizationUrl(), null);

        assertThat(page.status()).as(page.toString()).isEqualTo(200);
        Document html = Jsoup.parse(page.body());
        assertThat(html.select("a#social-" + WEBSITE).attr("data-wechat")).isEqualTo("wechat-website");
        assertThat(html.select("a#social-" + OFFICIAL_ACCOUNT).attr("data-wechat")).isEqualTo("wechat-official-account");
        assertThat(html.select("a#social-" + CORPORATE)).hasSize(1);
        assertThat(html.select("li[hidden]")).isEmpty();
        assertThat(html.select("script[src$=/login/keycloak-wechat/js/wechat-login.js]").attr("type")).isEqualTo("text/javascript");
        assertThat(html.select("#social-" + TestRealm.IDP_ALIAS)).isEmpty();
        assertThat(html.select("a[id^=social-]").eachAttr("id"))
                .containsExactly("social-" + WEBSITE, "social-" + OFFICIAL_ACCOUNT, "social-" + CORPORATE);
    }

    /** The script has run once a WeChat link's list item is hidden. */
    private static void waitForTheScript(Browser browser) {
        browser.waitUntil("wechat-login.js to choose the WeChat sign-in",
                () -> !browser.findAll(By.cssSelector("#kc-social-providers li[hidden] a[data-wechat]")).isEmpty());
    }

    /** The ids of the provider links a person sees, in the page's order. */
    private static List<String> visibleProviders(Browser browser) {
        return browser.findAll(By.cssSelector("#kc-social-providers a")).stream()
                .filter(WebElement::isDisplayed).map(link -> link.getAttribute("id")).toList();
    }

    /** Keycloak's broker login URL for that alias, with the login's query. */
    private static String brokerLogin(String alias) {
        return Pattern.quote(realm.oauth().issuer() + "/broker/" + alias + "/login?") + ".*client_id=" + WEB_CLIENT + ".*";
    }

    private static String authorizationUrl() {
        return realm.oauth().issuer() + "/protocol/openid-connect/auth?" + Http.formEncode(new LinkedHashMap<>(Map.of(
                "response_type", "code", "client_id", WEB_CLIENT, "redirect_uri", REDIRECT_URI, "scope", "openid", "state", "s")));
    }
}
