package dev.kcwechat.theme;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.text.MessageFormat;
import java.util.Locale;
import java.util.Properties;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The e-mail theme {@code keycloak-wechat} as the JAR carries it: Keycloak finds it (keycloak-themes.json
 * names the type), both templates show the code, and both languages have every text the templates use.
 */
class EmailCodeTemplateTest {

    private static final String ROOT = "theme/" + ThemeFiles.THEME + "/email/";
    private static final String[] KEYS = {"wechatEmailCodeSubject", "wechatEmailCodeIntro", "wechatEmailCodeExpiry", "wechatEmailCodeIgnore"};

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"html/wechat-email-code.ftl", "text/wechat-email-code.ftl"})
    void bothTemplatesShowTheCodeAndUseTheThemesTexts(String template) {
        String source = ThemeFiles.utf8(ROOT + template);
        assertThat(source).contains("${code}");
        for (String key : KEYS) {
            if (!key.endsWith("Subject")) {
                assertThat(source).contains("msg(\"" + key + "\"");
            }
        }
        assertThat(ThemeFiles.utf8("META-INF/keycloak-themes.json")).contains("\"email\"");
        assertThat(ThemeFiles.utf8(ROOT + "theme.properties")).contains("locales=en,zh-CN");
    }

    @ParameterizedTest(name = "messages_{0}")
    @ValueSource(strings = {"en", "zh_CN"})
    void eachLanguageHasEveryTextAndItsArguments(String locale) throws IOException {
        Properties messages = new Properties();
        messages.load(new StringReader(ThemeFiles.utf8(ROOT + "messages/messages_" + locale + ".properties")));
        for (String key : KEYS) {
            assertThat(messages.getProperty(key)).as(key).isNotBlank();
        }
        Locale language = Locale.forLanguageTag(locale.replace('_', '-'));
        assertThat(new MessageFormat(messages.getProperty("wechatEmailCodeSubject"), language).format(new Object[] {"WeChat Demo"}))
                .contains("WeChat Demo");
        assertThat(new MessageFormat(messages.getProperty("wechatEmailCodeExpiry"), language).format(new Object[] {10L})).contains("10");
    }
}
