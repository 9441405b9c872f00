package dev.kcwechat.theme;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kcwechat.minors.AgeBracketMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.StringReader;
import java.lang.reflect.Constructor;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.keycloak.protocol.oidc.mappers.OIDCAttributeMapperHelper;
import org.keycloak.provider.ConfiguredProvider;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.theme.ClasspathThemeResourceProviderFactory;

/**
 * The admin console's texts of the extension's fields: every identity provider, mapper and
 * executor the JAR registers labels its fields with keys that both bundles
 * ({@code theme-resources/messages/messages_en.properties} and {@code _zh_CN}) define, and
 * Keycloak finds the bundles where it looks for a provider JAR's messages.
 */
class AdminConsoleMessagesTest {

    static final String BUNDLES = "theme-resources/messages/";

    /** The SPIs whose providers the JAR registers in META-INF/services. */
    private static final List<String> SPIS = List.of(
            "org.keycloak.broker.social.SocialIdentityProviderFactory",
            "org.keycloak.broker.provider.IdentityProviderMapper",
            "org.keycloak.protocol.ProtocolMapper",
            "org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProviderFactory",
            "org.keycloak.authentication.AuthenticatorFactory",
            "org.keycloak.protocol.oidc.grants.OAuth2GrantTypeFactory",
            "org.keycloak.protocol.oidc.refresh.RefreshTokenProviderFactory",
            "org.keycloak.services.resource.RealmResourceProviderFactory",
            "org.keycloak.services.resources.admin.ext.AdminRealmResourceProviderFactory");

    /** Ours: {@code <what>.<field>.label} and {@code <what>.<field>.help}. */
    private static final Pattern KEY = Pattern.compile("(wechat|wecom)[A-Za-z0-9]*\\.[A-Za-z0-9]+\\.(label|help)");

    /** Where the Chinese is the English word on purpose: WeCom's own console calls it AgentId. */
    private static final Set<String> SAME_IN_CHINESE = Set.of("wecom.agentId.label", "wecomMiniProgram.agentId.label");

    /** What a help text names that a translation must keep: 'option values', {placeholders} and ${vault...} references. */
    private static final Pattern KEPT = Pattern.compile("'[A-Za-z0-9_-]+'|\\$?\\{[^}]+}");

    private final Properties en = bundle("en");
    private final Properties zhCn = bundle("zh_CN");

    @Test
    void everyFieldOfTheExtensionIsLabelledAndHelpedWithKeysOfBothBundles() {
        Map<String, ProviderConfigProperty> fields = fields();

        assertThat(fields).containsKeys("wechat-mini-program/allowedClients", "wechat-official-account/scope",
                "wecom/callbackToken", "wechat-phone-number-idp-mapper/conflict", "wechat-guardian-policy/curfew");
        fields.forEach((field, property) -> {
            assertThat(property.getLabel()).as(field + " label").matches(KEY).endsWith(".label");
            assertThat(property.getHelpText()).as(field + " help").matches(KEY).endsWith(".help");
            assertThat(en).as(field).containsKeys(property.getLabel(), property.getHelpText());
            assertThat(zhCn).as(field).containsKeys(property.getLabel(), property.getHelpText());
        });
    }

    @Test
    void theBundlesHoldExactlyTheKeysTheFieldsUse() {
        Set<String> used = fields().values().stream()
                .flatMap(property -> Stream.of(property.getLabel(), property.getHelpText()))
                .collect(Collectors.toCollection(TreeSet::new));

        assertThat(en.stringPropertyNames()).containsExactlyInAnyOrderElementsOf(used);
        assertThat(zhCn.stringPropertyNames()).containsExactlyInAnyOrderElementsOf(used);
    }

    @Test
    void simplifiedChineseIsTranslatedAndKeepsWhatTheEnglishNames() {
        for (String key : en.stringPropertyNames()) {
            String chinese = zhCn.getProperty(key);
            if (!SAME_IN_CHINESE.contains(key)) {
                assertThat(chinese).as(key).containsPattern("\\p{IsHan}");
            }
            assertThat(kept(chinese)).as(key + ": option values, placeholders and vault references").isEqualTo(kept(en.getProperty(key)));
        }
    }

    /** The console shows the texts as they are (i18next, not MessageFormat): no doubled apostrophes, no {{interpolation}}. */
    @Test
    void theTextsAreWhatTheConsoleShows() {
        for (Properties bundle : List.of(en, zhCn)) {
            for (String key : bundle.stringPropertyNames()) {
                assertThat(bundle.getProperty(key)).as(key).isNotBlank().doesNotContain("''").doesNotContain("{{").doesNotContain("$t(");
            }
        }
        assertThat(en.getProperty("wechatMiniProgram.allowedClients.label")).isEqualTo("Allowed clients");
        assertThat(zhCn.getProperty("wechatMiniProgram.allowedClients.label")).isEqualTo("允许的客户端");
    }

    /**
     * Keycloak's own loader of a provider JAR's theme resources (the Quarkus server's flat-classpath
     * one extends it): the admin console's zh-CN reads messages_zh_CN, its English messages_en.
     */
    @Test
    void keycloakFindsTheBundlesForZhCnAndEnglish() throws IOException {
        ClasspathThemeResourceProviderFactory resources = new ClasspathThemeResourceProviderFactory("kcwechat", getClass().getClassLoader());

        assertThat(resources.getMessages("messages", Locale.forLanguageTag("zh-CN"))).isEqualTo(zhCn);
        assertThat(resources.getMessages("messages", Locale.ENGLISH)).isEqualTo(en);
    }

    @Test
    void noKeyIsOneOfTheLoginThemes() {
        assertThat(en.stringPropertyNames()).doesNotContainAnyElementsOf(ThemeFiles.messages("en").stringPropertyNames());
    }

    /** Every field of every configurable provider the JAR registers, as {@code <provider id>/<field name>}. */
    static Map<String, ProviderConfigProperty> fields() {
        Set<String> keycloaks = keycloakFields();
        Map<String, ProviderConfigProperty> fields = new TreeMap<>();
        for (ConfiguredProvider provider : configuredProviders()) {
            for (ProviderConfigProperty property : provider.getConfigProperties()) {
                if (!keycloaks.contains(property.getName())) {
                    fields.put(id(provider) + "/" + property.getName(), property);
                }
            }
        }
        return fields;
    }

    /** The "add to ID token" switches and the like: Keycloak's fields, labelled with Keycloak's own keys. */
    private static Set<String> keycloakFields() {
        List<ProviderConfigProperty> properties = new ArrayList<>();
        OIDCAttributeMapperHelper.addIncludeInTokensConfig(properties, AgeBracketMapper.class);
        return properties.stream().map(ProviderConfigProperty::getName).collect(Collectors.toSet());
    }

    private static List<ConfiguredProvider> configuredProviders() {
        List<ConfiguredProvider> providers = new ArrayList<>();
        for (String spi : SPIS) {
            for (String className : registered(spi)) {
                try {
                    Class<?> type = Class.forName(className, false, AdminConsoleMessagesTest.class.getClassLoader());
                    if (ConfiguredProvider.class.isAssignableFrom(type)) {
                        Constructor<?> constructor = type.getDeclaredConstructor();
                        constructor.setAccessible(true);
                        providers.add((ConfiguredProvider) constructor.newInstance());
                    }
                } catch (ReflectiveOperationException e) {
                    throw new AssertionError(className, e);
                }
            }
        }
        assertThat(providers).hasSizeGreaterThanOrEqualTo(12);
        return providers;
    }

    /** The extension's classes in that SPI's META-INF/services files (Keycloak's JARs on the class path have their own). */
    private static List<String> registered(String spi) {
        List<String> classes = new ArrayList<>();
        try {
            for (URL file : Collections.list(AdminConsoleMessagesTest.class.getClassLoader().getResources("META-INF/services/" + spi))) {
                try (InputStream in = file.openStream()) {
                    new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::trim)
                            .filter(line -> line.startsWith("dev.kcwechat.")).forEach(classes::add);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(classes).as(spi).isNotEmpty();
        return classes;
    }

    private static String id(ConfiguredProvider provider) {
        try {
            return (String) provider.getClass().getMethod("getId").invoke(provider);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    private static Set<String> kept(String text) {
        return KEPT.matcher(text).results().map(MatchResult::group).collect(Collectors.toCollection(TreeSet::new));
    }

    private static Properties bundle(String locale) {
        Properties messages = new Properties();
        try {
            messages.load(new StringReader(ThemeFiles.utf8(BUNDLES + "messages_" + locale + ".properties")));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return messages;
    }
}
