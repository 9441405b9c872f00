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
import java.util.stream.Collectors;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Element;
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

        Element website = link(page, "wechat-website");
        assertThat(attributes(website))
                .containsEntry("href", "https://kc.example/realms/demo/broker/wechat-website/login?client_id=web&tab_id=t1&session_code=c1")
                .containsEntry("data-wechat", "wechat-website")
                .containsEntry("aria-label", "Sign in with WeChat")
                .containsEntry("class", "button secondary block")
                .containsEntry("data-once-link", "")
                .containsEntry("data-disabled-class", "aria-disabled");
        assertThat(attributes(website.selectFirst("img")))
                .containsEntry("class", "wechat-logo")
                .containsEntry("src", "/resources/abc12/login/keycloak-wechat/img/wechat-logo.svg")
                .containsEntry("alt", "");
        assertThat(website.select("span.auto-margin").text()).isEqualTo("Sign in with WeChat");
        assertThat(page).as("the login URL as the markup writes it").contains("client_id=web&amp;tab_id=t1&amp;session_code=c1");
        Element officialAccount = link(page, "wechat-oa");
        assertThat(officialAccount.attr("href")).startsWith("https://kc.example/realms/demo/broker/wechat-oa/login?");
        assertThat(officialAccount.attr("data-wechat")).isEqualTo("wechat-official-account");
        assertThat(officialAccount.select("span.auto-margin").text()).isEqualTo("Sign in with WeChat");
        assertThat(page).doesNotContain("WeChat Website (QR code)").doesNotContain("WeChat Official Account");
    }

    @Test
    void simplifiedChineseSaysWeChatLogin() {
        String page = render("zh_CN", List.of(website("wechat-website"), officialAccount("wechat-oa")));

        assertThat(link(page, "wechat-website").attr("aria-label")).isEqualTo("微信登录");
        assertThat(link(page, "wechat-website").select("span.auto-margin").text()).isEqualTo("微信登录");
        assertThat(link(page, "wechat-oa").select("span.auto-margin").text()).isEqualTo("微信登录");
    }

    @Test
    void otherProvidersShowTheirDisplayNameAsInKeycloak() {
        String page = render("en", List.of(provider("corporate", "oidc", "Corporate <SSO>", ""),
                provider("hub", "github", "GitHub", "fa fa-github")));

        Element corporate = link(page, "corporate");
        assertThat(attributes(corporate)).doesNotContainKey("data-wechat").containsEntry("aria-label", "Corporate <SSO>");
        assertThat(page).as("the display name as the markup writes it").contains("aria-label=\"Corporate &lt;SSO&gt;\"");
        assertThat(corporate.select("span.auto-margin").text()).isEqualTo("Corporate <SSO>");
        Element door = corporate.selectFirst("svg");
        assertThat(door).isNotNull();
        assertThat(door.attr("viewBox")).isEqualTo("0 0 24 24");
        assertThat(door.attr("aria-hidden")).isEqualTo("true");
        Element hub = link(page, "hub");
        assertThat(attributes(hub.selectFirst("i"))).containsEntry("class", "fa fa-github").containsEntry("aria-hidden", "true");
        assertThat(hub.select("span.auto-margin").text()).isEqualTo("GitHub");
        assertThat(hub.select("svg")).isEmpty();
        assertThat(Jsoup.parse(page).select("span.band-item.helper").text()).isEqualTo("Or sign in with");
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

    /** The link with the id social-ALIAS. */
    private static Element link(String page, String alias) {
        Element link = Jsoup.parse(page).selectFirst("a#social-" + alias);
        assertThat(link).as("a link social-" + alias + " in\n" + page).isNotNull();
        return link;
    }

    /** An element's attributes by name, an attribute without a value as "". */
    private static Map<String, String> attributes(Element element) {
        assertThat(element).isNotNull();
        return element.attributes().asList().stream().collect(Collectors.toMap(Attribute::getKey, Attribute::getValue));
    }

    private static List<String> ids(String page) {
        return Jsoup.parse(page).select("a[id]").eachAttr("id");
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
