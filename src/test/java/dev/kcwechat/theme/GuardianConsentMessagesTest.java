package dev.kcwechat.theme;

import static org.assertj.core.api.Assertions.assertThat;

import java.text.MessageFormat;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.keycloak.theme.ClassLoaderTheme;
import org.keycloak.theme.Theme;

class GuardianConsentMessagesTest {

    /** The keys the extension's Java code and the template rely on: renaming one breaks them. */
    private static final Set<String> KEYS = Set.of(
            "wechatGuardianTitle", "wechatGuardianIntro", "wechatGuardianLegal", "wechatGuardianScopes",
            "wechatGuardianBirthdate", "wechatGuardianBirthdateHelp", "wechatGuardianSignedInAs",
            "wechatGuardianApprove", "wechatGuardianDecline", "wechatGuardianApproved", "wechatGuardianDeclined",
            "wechatGuardianRequestInvalid", "wechatGuardianSelf", "wechatGuardianNotAdult",
            "wechatGuardianBadBirthdate", "wechatGuardianCsrf",
            "wechatGuardianCurfew", "wechatGuardianDailyLimit", "wechatGuardianConsentRequired",
            "wechatGuardianUnknownAge", "wechatGuardianUnavailable", "wechatGuardianNotRegistered",
            "wechatGuardianPageTitle", "wechatGuardianPageIntro", "wechatGuardianNoChildren", "wechatGuardianMinutesUsed",
            "wechatGuardianMinutesLeft", "wechatGuardianNoDailyLimit", "wechatGuardianCurfewIs", "wechatGuardianNoCurfew",
            "wechatGuardianConsentsTitle", "wechatGuardianNoConsents", "wechatGuardianConsentApproved",
            "wechatGuardianConsentDeclined", "wechatGuardianConsentRevoked", "wechatGuardianRevoke", "wechatGuardianLimitsTitle",
            "wechatGuardianLimitsCurfew", "wechatGuardianLimitsMinutes", "wechatGuardianLimitsSave", "wechatGuardianLimitsSaved",
            "wechatGuardianLimitsInvalid", "wechatGuardianConsentRevokedDone",
            "wechatSignIn");

    /** Keycloak's own keys (keycloak.v2's messages) that the theme's templates use as they are. */
    private static final Set<String> KEYCLOAK_KEYS = Set.of("identity-provider-login-label");

    /** Keys named in the template: msg("key", ...) and defaults such as errorKey!"key". */
    private static final Pattern TEMPLATE_KEY = Pattern.compile("(?:msg\\(\\s*|!)\"([^\"]+)\"");

    /** An apostrophe that is not doubled: MessageFormat would drop it (Keycloak formats every message). */
    private static final Pattern LONE_APOSTROPHE = Pattern.compile("(?<!')'(?!')");

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\d+}");

    private final Properties en = ThemeFiles.messages("en");
    private final Properties zhCn = ThemeFiles.messages("zh_CN");

    @Test
    void englishDefinesExactlyTheKeysTheExtensionUses() {
        assertThat(en.stringPropertyNames()).containsExactlyInAnyOrderElementsOf(KEYS);
    }

    @Test
    void simplifiedChineseDefinesTheSameKeysAsEnglish() {
        assertThat(zhCn.stringPropertyNames()).containsExactlyInAnyOrderElementsOf(en.stringPropertyNames());
    }

    @Test
    void everyKeyTheTemplateUsesIsDefinedInBothLanguages() {
        Set<String> used = templateKeys(ThemeFiles.TEMPLATE);

        assertThat(used).hasSizeGreaterThan(10);
        assertThat(en.stringPropertyNames()).containsAll(used);
        assertThat(zhCn.stringPropertyNames()).containsAll(used);
    }

    @Test
    void everyKeyTheGuardiansPageUsesIsDefinedInBothLanguages() {
        Set<String> used = templateKeys(ThemeFiles.GUARDIAN_PAGE);

        assertThat(used).contains("wechatGuardianPageTitle", "wechatGuardianRevoke", "wechatGuardianLimitsSave");
        assertThat(en.stringPropertyNames()).containsAll(used);
        assertThat(zhCn.stringPropertyNames()).containsAll(used);
    }

    @Test
    void theLoginPageKeysAreOursInBothLanguagesOrKeycloaks() {
        Set<String> used = templateKeys(ThemeFiles.SOCIAL_PROVIDERS);

        assertThat(used).contains("wechatSignIn", "identity-provider-login-label");
        for (String key : used) {
            if (!KEYCLOAK_KEYS.contains(key)) {
                assertThat(en).as(key).containsKey(key);
                assertThat(zhCn).as(key).containsKey(key);
            }
        }
        assertThat(en.getProperty("wechatSignIn")).isEqualTo("Sign in with WeChat");
        assertThat(zhCn.getProperty("wechatSignIn")).isEqualTo("微信登录");
    }

    @Test
    void bothLanguagesHaveTheSamePlaceholdersPerKey() {
        for (String key : en.stringPropertyNames()) {
            assertThat(zhCn).containsKey(key);
            assertThat(placeholders(zhCn.getProperty(key))).as(key).isEqualTo(placeholders(en.getProperty(key)));
        }
        assertThat(placeholders(en.getProperty("wechatGuardianIntro"))).containsExactly("{0}");
        assertThat(placeholders(en.getProperty("wechatGuardianSignedInAs"))).containsExactly("{0}");
        assertThat(placeholders(en.getProperty("wechatGuardianCurfew"))).containsExactly("{0}");
        assertThat(placeholders(en.getProperty("wechatGuardianConsentRequired"))).containsExactly("{0}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"en", "zh_CN"})
    void everyMessageIsAMessageFormatPatternWithItsApostrophesDoubled(String locale) {
        Properties messages = ThemeFiles.messages(locale);
        for (String key : messages.stringPropertyNames()) {
            String value = messages.getProperty(key);
            assertThat(value).as(key).isNotBlank();
            assertThat(LONE_APOSTROPHE.matcher(value).find()).as(key + " has a lone apostrophe").isFalse();
            assertThat(new MessageFormat(value, Locale.ROOT).format(new Object[] {"X"}))
                    .as(key).doesNotContain("{").doesNotContain("''");
        }
        assertThat(new MessageFormat(ThemeFiles.messages("en").getProperty("wechatGuardianIntro"), Locale.ENGLISH)
                .format(new Object[] {"Tiny Tales"}))
                .isEqualTo("Tiny Tales asks for your consent to process your child's data.");
    }

    @Test
    void simplifiedChineseIsTranslated() {
        for (String key : zhCn.stringPropertyNames()) {
            assertThat(zhCn.getProperty(key)).as(key).containsPattern("\\p{IsHan}");
        }
    }

    /** Keycloak's own loader: a zh-CN locale reads messages_zh_CN (then messages_zh_Hans, which this theme has none of). */
    @Test
    void keycloakReadsTheSimplifiedChineseFileForZhCn() throws Exception {
        Theme theme = new ClassLoaderTheme(ThemeFiles.THEME, Theme.Type.LOGIN, getClass().getClassLoader());

        assertThat(theme.getParentName()).isEqualTo("keycloak.v2");
        assertThat(theme.getMessages(Locale.forLanguageTag("zh-CN"))).isEqualTo(zhCn);
        assertThat(theme.getMessages(Locale.ENGLISH)).isEqualTo(en);
        assertThat(theme.getProperties().getProperty("locales")).isEqualTo("en,zh-CN");
        assertThat(theme.getProperties().getProperty("scripts")).isEqualTo("js/wechat-login.js");
    }

    private static Set<String> templateKeys(String template) {
        Matcher keys = TEMPLATE_KEY.matcher(ThemeFiles.utf8(ThemeFiles.ROOT + template));
        Set<String> used = new TreeSet<>();
        while (keys.find()) {
            used.add(keys.group(1));
        }
        return used;
    }

    private static List<String> placeholders(String value) {
        return PLACEHOLDER.matcher(value).results().map(MatchResult::group).sorted().toList();
    }
}
