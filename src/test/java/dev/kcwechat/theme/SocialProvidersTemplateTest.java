package dev.kcwechat.theme;

import static org.assertj.core.api.Assertions.assertThat;

import freemarker.cache.ClassTemplateLoader;
import freemarker.core.HTMLOutputFormat;
import freemarker.core.TemplateClassResolver;
import freemarker.template.Configuration;
import freemarker.template.Template;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.keycloak.theme.beans.MessageFormatterMethod;

/**
 * The identity providers under Keycloak's login form (social-providers.ftl), rendered as Keycloak
 * renders them: its macro {@code show} called with a bean of providers, Keycloak's msg function,
 * the theme's CSS class properties.
 */
class SocialProvidersTemplateTest {

    private static final Configuration FREEMARKER = freemarker();
    private static final String LOGIN_URL = "https://kc.example/realms/demo/broker/%s/login?client_id=web&tab_id=t1&session_code=c1";

    @Test
    void everyWeChatBrowserLoginIsALinkSayingSignInWithWeChatThatNamesItsProvider() {
        String page = render("en", List.of(website("wechat-website"), officialAccount("wechat-oa")));

        assertThat(link(page, "wechat-website"))
                .contains("href=\"https://kc.example/realms/demo/broker/wechat-website/login?client_id=web&amp;tab_id=t1&amp;session_code=c1\"")
                .contains("data-wechat=\"wechat-website\"")
                .contains("aria-label=\"Sign in with WeChat\"")
                .contains("class=\"button secondary block\"")
                .contains("data-once-link data-disabled-class=\"aria-disabled\"")
                .contains("<img class=\"wechat-logo\" src=\"/resources/abc12/login/keycloak-wechat/img/wechat-logo.svg\" alt=\"\"")
                .contains("<span class=\"auto-margin\">Sign in with WeChat</span>");
        assertThat(link(page, "wechat-oa"))
                .contains("href=\"https://kc.example/realms/demo/broker/wechat-oa/login?")
                .contains("data-wechat=\"wechat-official-account\"")
                .contains("<span class=\"auto-margin\">Sign in with WeChat</span>");
        assertThat(page).doesNotContain("WeChat Website (QR code)").doesNotContain("WeChat Official Account");
    }

    @Test
    void simplifiedChineseSaysWeChatLogin() {
        String page = render("zh_CN", List.of(website("wechat-website"), officialAccount("wechat-oa")));

        assertThat(link(page, "wechat-website")).contains("aria-label=\"微信登录\"").contains(">微信登录</span>");
        assertThat(link(page, "wechat-oa")).contains(">微信登录</span>");
    }

    @Test
    void otherProvidersShowTheirDisplayNameAsInKeycloak() {
        String page = render("en", List.of(provider("corporate", "oidc", "Corporate <SSO>", ""),
                provider("hub", "github", "GitHub", "fa fa-github")));

        assertThat(link(page, "corporate"))
                .doesNotContain("data-wechat")
                .contains("aria-label=\"Corporate &lt;SSO&gt;\"")
                .contains("<span class=\"auto-margin\">Corporate &lt;SSO&gt;</span>")
                .contains("<svg viewBox=\"0 0 24 24\" aria-hidden=\"true\">");
        assertThat(link(page, "hub"))
                .contains("<i class=\"fa fa-github\" aria-hidden=\"true\"></i>")
                .contains("<span class=\"auto-margin\">GitHub</span>")
                .doesNotContain("<svg");
        assertThat(page).contains("<span class=\"band-item helper\">Or sign in with</span>");
    }

    @Test
    void theProvidersKeepKeycloaksOrder() {
        String page = render("en", List.of(provider("corporate", "oidc", "Corporate", ""), website("wechat-website"),
                officialAccount("wechat-oa")));

        assertThat(ids(page)).containsExactly("social-corporate", "social-wechat-website", "social-wechat-oa");
    }

    /** Keycloak's grid is for more than three buttons: the two WeChat links count as the one a person sees. */
    @Test
    void theGridCountsTheOneWeChatSignInThePersonSees() {
        List<Map<String, Object>> three = List.of(website("wechat-website"), officialAccount("wechat-oa"),
                provider("a", "oidc", "A", ""), provider("b", "oidc", "B", ""));
        List<Map<String, Object>> four = new ArrayList<>(three);
        four.add(provider("c", "oidc", "C", ""));

        assertThat(render("en", three)).contains("<ul class=\"social-list\">").contains("<li class=\"list-item\">")
                .doesNotContain("grid");
        assertThat(render("en", four)).contains("<ul class=\"social-list social-grid\">").contains("<li class=\"grid-item\">");
    }

    private static Map<String, Object> website(String alias) {
        return provider(alias, "wechat-website", "WeChat Website (QR code)", "");
    }

    private static Map<String, Object> officialAccount(String alias) {
        return provider(alias, "wechat-official-account", "WeChat Official Account", "");
    }

    /** What Keycloak's IdentityProviderBean gives the template for one provider. */
    private static Map<String, Object> provider(String alias, String providerId, String displayName, String iconClasses) {
        return Map.of("alias", alias, "providerId", providerId, "displayName", displayName,
                "loginUrl", String.format(LOGIN_URL, alias), "iconClasses", iconClasses, "guiOrder", "");
    }

    private static String render(String messagesLocale, List<Map<String, Object>> providers) {
        Locale locale = Locale.forLanguageTag(messagesLocale.replace('_', '-'));
        Properties messages = ThemeFiles.messages(messagesLocale);
        messages.setProperty("identity-provider-login-label", "Or sign in with");
        Map<String, Object> model = new HashMap<>();
        model.put("msg", new MessageFormatterMethod(locale, messages));
        model.put("properties", cssClasses());
        model.put("url", Map.of("resourcesPath", "/resources/abc12/login/keycloak-wechat"));
        model.put("social", Map.of("providers", providers));
        try {
            Template page = new Template("login.ftl",
                    "<#import \"" + ThemeFiles.SOCIAL_PROVIDERS + "\" as identityProviders><@identityProviders.show social=social/>",
                    FREEMARKER);
            StringWriter out = new StringWriter();
            page.process(model, out);
            return out.toString();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** The theme's CSS class properties the template uses, with short stand-in values. */
    private static Map<String, String> cssClasses() {
        return Map.of(
                "kcLoginMainFooterBand", "band",
                "kcLoginMainFooterBandItem", "band-item",
                "kcLoginMainFooterHelperText", "helper",
                "kcFormSocialAccountListClass", "social-list",
                "kcFormSocialAccountListGridClass", "social-grid",
                "kcFormSocialAccountGridItem", "grid-item",
                "kcFormSocialAccountListItemClass", "list-item",
                "kcFormSocialAccountListButtonClass", "button secondary block",
                "kcFormSocialAccountListButtonDisabledClass", "aria-disabled",
                "kcFormSocialAccountNameClass", "auto-margin");
    }

    /** The link with the id social-ALIAS, from its start tag to its end tag. */
    private static String link(String page, String alias) {
        Matcher link = Pattern.compile("<a id=\"social-" + Pattern.quote(alias) + "\".*?</a>", Pattern.DOTALL).matcher(page);
        assertThat(link.find()).as("a link social-" + alias + " in\n" + page).isTrue();
        return link.group();
    }

    private static List<String> ids(String page) {
        return Pattern.compile("<a id=\"([^\"]+)\"").matcher(page).results().map(m -> m.group(1)).toList();
    }

    /** As Keycloak's DefaultFreeMarkerProvider configures FreeMarker for its .ftl pages. */
    private static Configuration freemarker() {
        Configuration cfg = new Configuration(Configuration.VERSION_2_3_32);
        cfg.setOutputFormat(HTMLOutputFormat.INSTANCE);
        cfg.setNewBuiltinClassResolver(TemplateClassResolver.ALLOWS_NOTHING_RESOLVER);
        cfg.setTemplateLoader(new ClassTemplateLoader(SocialProvidersTemplateTest.class.getClassLoader(), ThemeFiles.ROOT));
        cfg.setLocalizedLookup(false);
        return cfg;
    }
}
