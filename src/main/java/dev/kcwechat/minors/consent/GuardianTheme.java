package dev.kcwechat.minors.consent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.text.MessageFormat;
import java.util.Locale;
import java.util.Properties;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.theme.Theme;

/**
 * The extension's login theme {@value #NAME}, whose pages and messages the guardian policy uses
 * whatever login theme the realm has chosen.
 */
public final class GuardianTheme {

    public static final String NAME = "keycloak-wechat";

    private final Theme theme;
    private final Locale locale;
    private final Properties messages;

    private GuardianTheme(Theme theme, Locale locale, Properties messages) {
        this.theme = theme;
        this.locale = locale;
        this.messages = messages;
    }

    /** The theme in the locale Keycloak chooses for the request (user, ui_locales, cookie, Accept-Language). */
    public static GuardianTheme of(KeycloakSession session, RealmModel realm) {
        try {
            Theme theme = session.theme().getTheme(NAME, Theme.Type.LOGIN);
            Locale locale = session.getContext().resolveLocale(session.getContext().getAuthenticationSession() == null
                    ? null : session.getContext().getAuthenticationSession().getAuthenticatedUser());
            return new GuardianTheme(theme, locale, theme.getEnhancedMessages(realm, locale));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Theme theme() {
        return theme;
    }

    public Locale locale() {
        return locale;
    }

    public Properties messages() {
        return messages;
    }

    /** A message of the theme with its arguments; the key itself when the theme lacks it. */
    public String format(String key, Object... args) {
        String pattern = messages.getProperty(key);
        return pattern == null ? key : new MessageFormat(pattern, locale).format(args);
    }
}
