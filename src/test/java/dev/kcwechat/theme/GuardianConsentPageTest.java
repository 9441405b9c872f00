package dev.kcwechat.theme;

import static org.assertj.core.api.Assertions.assertThat;

import freemarker.cache.ClassTemplateLoader;
import freemarker.core.HTMLOutputFormat;
import freemarker.core.TemplateClassResolver;
import freemarker.template.Configuration;
import java.io.IOException;
import java.io.StringWriter;
import java.text.MessageFormat;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.keycloak.theme.beans.MessageFormatterMethod;

/**
 * Renders the guardian-consent page with the FreeMarker Keycloak 26.7.3 ships, set up as Keycloak
 * sets it up for its .ftl pages, and Keycloak's own msg function.
 */
class GuardianConsentPageTest {

    private static final Configuration FREEMARKER = freemarker();

    @Test
    void theFormNamesTheMiniProgramItsScopesAndTheSignedInGuardian() {
        String page = render("en", form());

        assertThat(page)
                .startsWith("<!DOCTYPE html>")
                .contains("<html lang=\"en\">")
                .contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .contains("<link rel=\"stylesheet\" href=\"/resources/abc12/login/keycloak-wechat/css/wechat.css\">")
                .contains("Demo Realm")
                .contains("Tiny Tales asks for your consent to process your child&#39;s data.")
                .contains("article 31")
                .contains("It asks for:")
                .contains("id=\"scope-list\"")
                .contains("Your phone number").contains(">phone<")
                .contains(">avatar<")
                .doesNotContain("<script");
        assertThat(text(page, "h1#wechat-guardian-title")).isEqualTo("Guardian consent");
        assertThat(text(page, "p#client-name")).isEqualTo("Tiny Tales");
        assertThat(text(page, "p#guardian-name")).isEqualTo("You are signed in as Mum Li.");
    }

    @Test
    void theFormPostsTheCsrfTokenTheBirthdateAndTheDecision() {
        String page = render("en", form());

        assertThat(page)
                .contains("<form class=\"wechat-form\" method=\"post\" action=\"https://kc.example/realms/demo/wechat/guardian/r-1?x=1&amp;y=2\""
                        + " enctype=\"application/x-www-form-urlencoded\">")
                .contains("<input type=\"hidden\" name=\"csrf\" value=\"c5rf\">")
                .contains("<label class=\"wechat-label\" for=\"birthdate\">Your child&#39;s date of birth</label>")
                .contains("type=\"date\" name=\"birthdate\" id=\"birthdate\" value=\"2015-03-01\" required")
                .contains("type=\"submit\" name=\"decision\" value=\"approve\" id=\"approve\">Approve</button>")
                .contains("type=\"submit\" name=\"decision\" value=\"decline\" id=\"decline\" formnovalidate>Decline</button>");
    }

    @Test
    void anUnknownBirthdateLeavesTheFieldEmpty() {
        Map<String, Object> model = form();
        model.put("birthdate", "");

        assertThat(render("en", model)).contains("id=\"birthdate\" value=\"\" required");
    }

    @Test
    void namesAndDescriptionsAreEscaped() {
        Map<String, Object> model = form();
        model.put("clientName", "<script>alert(1)</script>");
        model.put("guardianName", "\"><img src=x>");
        model.put("scopes", List.of(Map.of("name", "x", "description", "<b>bold</b>")));

        String page = render("en", model);

        assertThat(page).doesNotContain("<script").doesNotContain("<img").doesNotContain("<b>")
                .contains("&lt;script&gt;alert(1)&lt;/script&gt; asks for")
                .contains("&lt;b&gt;bold&lt;/b&gt;");
    }

    @Test
    void aNameWrittenAsAMessageKeyIsLocalized() {
        Map<String, Object> model = form();
        model.put("clientName", "${wechatGuardianTitle}");
        model.put("scopes", List.of(Map.of("name", "profile", "description", "${wechatGuardianApprove}")));

        String page = render("en", model);

        assertThat(text(page, "p#client-name")).isEqualTo("Guardian consent");
        assertThat(page)
                .contains("Guardian consent asks for your consent")
                .contains("<span class=\"wechat-scope-description\">Approve</span>");
    }

    @Test
    void simplifiedChineseShowsTheChineseTexts() {
        String page = render("zh_CN", form());

        assertThat(page)
                .contains("<html lang=\"zh-CN\">")
                .contains("Tiny Tales 请求您同意其处理您孩子的个人信息。")
                .contains("个人信息保护法")
                .contains(">同意</button>").contains(">拒绝</button>");
        assertThat(text(page, "h1#wechat-guardian-title")).isEqualTo("监护人同意");
    }

    @ParameterizedTest
    @ValueSource(strings = {"en", "zh_CN"})
    void theDonePageSaysWhatWasDecided(String locale) {
        Properties messages = ThemeFiles.messages(locale);

        String approved = render(locale, done("approve"));
        String declined = render(locale, done("decline"));

        assertThat(text(approved, "p#decision-result")).isEqualTo(formatted(messages.getProperty("wechatGuardianApproved")));
        assertThat(approved).doesNotContain("<form");
        assertThat(text(declined, "p#decision-result")).isEqualTo(formatted(messages.getProperty("wechatGuardianDeclined")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"wechatGuardianRequestInvalid", "wechatGuardianSelf", "wechatGuardianNotAdult",
            "wechatGuardianBadBirthdate", "wechatGuardianCsrf"})
    void theErrorPageShowsTheMessageOfItsKey(String errorKey) {
        for (String locale : List.of("en", "zh_CN")) {
            Map<String, Object> model = common();
            model.put("view", "error");
            model.put("errorKey", errorKey);

            String page = render(locale, model);

            assertThat(text(page, "h1#wechat-guardian-title")).isEqualTo(formatted(ThemeFiles.messages(locale).getProperty("wechatGuardianTitle")));
            assertThat(text(page, "p#error-message")).isEqualTo(formatted(ThemeFiles.messages(locale).getProperty(errorKey)));
            assertThat(page).doesNotContain("<form");
        }
    }

    private static Map<String, Object> common() {
        Map<String, Object> model = new HashMap<>();
        model.put("resourcesPath", "/resources/abc12/login/keycloak-wechat");
        model.put("realmName", "Demo Realm");
        return model;
    }

    private static Map<String, Object> form() {
        Map<String, Object> model = common();
        model.put("view", "form");
        model.put("clientName", "Tiny Tales");
        model.put("scopes", List.of(
                Map.of("name", "phone", "description", "Your phone number"),
                Map.of("name", "avatar", "description", "")));
        model.put("birthdate", "2015-03-01");
        model.put("guardianName", "Mum Li");
        model.put("actionUrl", "https://kc.example/realms/demo/wechat/guardian/r-1?x=1&y=2");
        model.put("csrf", "c5rf");
        return model;
    }

    private static Map<String, Object> done(String decision) {
        Map<String, Object> model = common();
        model.put("view", "done");
        model.put("decision", decision);
        return model;
    }

    private static String render(String messagesLocale, Map<String, Object> model) {
        Locale locale = Locale.forLanguageTag(messagesLocale.replace('_', '-'));
        model.put("locale", locale.toLanguageTag());
        model.put("msg", new MessageFormatterMethod(locale, ThemeFiles.messages(messagesLocale)));
        try {
            StringWriter out = new StringWriter();
            FREEMARKER.getTemplate(ThemeFiles.TEMPLATE, "UTF-8").process(model, out);
            return out.toString();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** The whole text of the element {@code cssQuery} selects in the page. */
    private static String text(String page, String cssQuery) {
        Element element = Jsoup.parse(page).selectFirst(cssQuery);
        assertThat(element).as("%s in%n%s", cssQuery, page).isNotNull();
        return element.text();
    }

    /** A message as the page shows it: formatted, with no arguments. */
    private static String formatted(String message) {
        return new MessageFormat(message).format(new Object[0]);
    }

    /** As Keycloak's DefaultFreeMarkerProvider configures FreeMarker for its .ftl pages. */
    private static Configuration freemarker() {
        Configuration cfg = new Configuration(Configuration.VERSION_2_3_32);
        cfg.setOutputFormat(HTMLOutputFormat.INSTANCE);
        cfg.setNewBuiltinClassResolver(TemplateClassResolver.ALLOWS_NOTHING_RESOLVER);
        cfg.setTemplateLoader(new ClassTemplateLoader(GuardianConsentPageTest.class.getClassLoader(), ThemeFiles.ROOT));
        cfg.setLocalizedLookup(false);
        return cfg;
    }
}
