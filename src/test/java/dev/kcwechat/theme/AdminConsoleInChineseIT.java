package dev.kcwechat.theme;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kcwechat.miniprogram.WeChatMiniProgramIdentityProviderFactory;
import dev.kcwechat.testing.Browser;
import dev.kcwechat.testing.RequiresChromium;
import dev.kcwechat.testing.TestRealm;
import dev.kcwechat.testing.TestUsers;
import dev.kcwechat.testing.WeChatRealmExtension;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.keycloak.models.UserModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.representations.idm.RoleRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
import org.openqa.selenium.By;

/**
 * The admin console in Chinese on the real Keycloak: an admin whose language is 中文 (the user's
 * locale zh-CN, in a realm that offers it) opens the WeChat mini-program provider's settings, and
 * every field of the provider is labelled in Chinese, its help too, beside Keycloak's own fields.
 * The console asks the server for its texts in the admin's language (the realm's admin messages,
 * which the JAR's theme-resources/messages join) and translates the fields' keys.
 * It is the console of the test realm, signed in by that realm's admin, so that the master realm
 * and its admin stay as the other tests have them; for the master realm's console the same holds with
 * internationalization and zh-CN enabled on master and the admin's locale zh-CN.
 * Screenshots: {@code target/screenshots/admin-console-*.png} (the docs' picture is the settings page's, looked at and copied).
 */
@RequiresChromium
class AdminConsoleInChineseIT {

    private static final String ADMIN = "realm-admin-zh";
    private static final String PASSWORD = "Realm-Admin-Passw0rd";
    private static final String CHINESE = "zh-CN";

    /** A realm with the WeChat mini-program provider (alias wechat) that speaks English and Chinese. */
    @RegisterExtension
    static final WeChatRealmExtension realm = WeChatRealmExtension.named("adminconsolezh").with(r -> {
        r.representation().setInternationalizationEnabled(true);
        r.representation().setDefaultLocale("en");
        r.representation().setSupportedLocales(Set.of("en", CHINESE));
    });

    private final Properties chinese = bundle("zh_CN");
    private final Properties english = bundle("en");

    /** The realm's administrator (realm-management's realm-admin), whose language is Chinese. */
    @BeforeAll
    static void anAdminWhoseLanguageIsChinese() {
        UserRepresentation admin = TestUsers.withPassword(ADMIN, PASSWORD, ADMIN + "@example.com", "Fang", "Wang");
        admin.singleAttribute(UserModel.LOCALE, CHINESE);
        String id = TestUsers.create(realm.resource(), admin);
        assertThat(realm.resource().users().get(id).toRepresentation().getAttributes())
                .as("the admin's language").containsEntry(UserModel.LOCALE, List.of(CHINESE));

        String realmManagement = realm.resource().clients().findByClientId("realm-management").get(0).getId();
        RoleRepresentation realmAdmin = realm.resource().clients().get(realmManagement).roles().get("realm-admin").toRepresentation();
        realm.resource().users().get(id).roles().clientLevel(realmManagement).add(List.of(realmAdmin));
    }

    @Test
    void theWeChatProvidersSettingsAreInChinese() {
        List<ProviderConfigProperty> fields = new WeChatMiniProgramIdentityProviderFactory().getConfigProperties();
        String allowedClients = chinese.getProperty("wechatMiniProgram.allowedClients.label");

        try (Browser browser = Browser.start(Browser.Options.defaults().desktop())) {
            browser.open(realm.server().baseUrl() + "/admin/" + realm.name() + "/console/#/" + realm.name()
                    + "/identity-providers/wechat-mini-program/" + TestRealm.IDP_ALIAS + "/settings");
            browser.waitUntil("the admin console's login form", () -> browser.has(By.id("username")));
            browser.type(By.id("username"), ADMIN).type(By.id("password"), PASSWORD).click(By.id("kc-login"));
            browser.waitUntil("the provider's settings in Chinese", Duration.ofSeconds(30),
                    () -> browser.pageSource().contains(allowedClients));
            browser.screenshot("admin-console-wechat-provider-zh-CN");

            String page = browser.pageSource();
            assertThat(fields).hasSizeGreaterThan(15);
            for (ProviderConfigProperty field : fields) {
                assertThat(page).as(field.getName()).contains(chinese.getProperty(field.getLabel()))
                        .doesNotContain(">" + english.getProperty(field.getLabel()) + "<");
            }
            assertThat(page).as("Keycloak's own fields, in Chinese too").contains("客户端ID").contains("显示顺序");

            openHelpOf(browser, allowedClients);
            browser.waitUntil("the field's help", () -> browser.has(By.cssSelector(".pf-v5-c-popover__body")));
            browser.screenshot("admin-console-wechat-provider-help-zh-CN");
            assertThat(browser.text(By.cssSelector(".pf-v5-c-popover__body")))
                    .isEqualTo(chinese.getProperty("wechatMiniProgram.allowedClients.help"));
        }
    }

    /** Clicks the (?) beside the field of that label. */
    private static void openHelpOf(Browser browser, String label) {
        Object clicked = browser.script("""
                const label = [...document.querySelectorAll('.pf-v5-c-form__label-text')]
                    .find(text => text.textContent.trim() === arguments[0]);
                const help = label && label.closest('.pf-v5-c-form__group').querySelector('button.pf-v5-c-form__group-label-help');
                if (!help) { return false; }
                help.scrollIntoView({block: 'center'});
                help.click();
                return true;""", label);
        assertThat(clicked).as("the help button of " + label).isEqualTo(true);
    }

    private static Properties bundle(String locale) {
        Properties messages = new Properties();
        try {
            messages.load(new StringReader(ThemeFiles.utf8(AdminConsoleMessagesTest.BUNDLES + "messages_" + locale + ".properties")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return messages;
    }
}
