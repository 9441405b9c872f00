package dev.kcwechat.common;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * A Keycloak version as {@code org.keycloak.common.Version.VERSION} gives it ({@code 26.5.6},
 * {@code 26.4.7.redhat-00001}, {@code 999.0.0-SNAPSHOT}), and whether the extension is tested on
 * its line (major.minor): the lines the README lists, whose distributions the integration tests run.
 */
public record KeycloakVersion(String text, int major, int minor) {

    /** The Keycloak lines the extension is tested on, oldest first. */
    public static final List<KeycloakVersion> TESTED = List.of(line(26, 4), line(26, 5), line(26, 7));

    private static final Pattern LEADING_NUMBERS = Pattern.compile("(\\d+)\\.(\\d+)(?:[.\\-].*)?");

    /** Empty when the text does not start with major.minor. */
    public static Optional<KeycloakVersion> parse(String text) {
        Matcher m = text == null ? null : LEADING_NUMBERS.matcher(text.strip());
        if (m == null || !m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new KeycloakVersion(text.strip(), Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))));
    }

    private static KeycloakVersion line(int major, int minor) {
        return new KeycloakVersion(major + "." + minor, major, minor);
    }

    public String lineName() {
        return major + "." + minor;
    }

    /** Whether this version's line is {@code other}'s or a later one. */
    public boolean isAtLeast(KeycloakVersion other) {
        return major != other.major ? major > other.major : minor >= other.minor;
    }

    public boolean isTested() {
        return TESTED.stream().anyMatch(tested -> tested.major == major && tested.minor == minor);
    }

    /**
     * The one line the extension logs at start-up about the Keycloak it runs on: a warning on a
     * Keycloak it is not tested on, else a note when {@code unavailable} (what this Keycloak lacks,
     * {@link KeycloakFeatures#unavailable()}) is not empty; nothing on a tested Keycloak that has it all.
     */
    public static Optional<StartupLine> startupLine(String extensionVersion, String running, List<String> unavailable) {
        Optional<KeycloakVersion> version = parse(running);
        String missing = unavailable.isEmpty() ? "" : "; not available on this Keycloak: " + String.join("; ", unavailable);
        if (version.isEmpty() || !version.get().isTested()) {
            return Optional.of(new StartupLine(Logger.Level.WARN, "keycloak-wechat " + extensionVersion + " is not tested on Keycloak "
                    + running + " (tested: " + String.join(", ", TESTED.stream().map(v -> v.lineName() + ".x").toList()) + ")"
                    + missing));
        }
        if (unavailable.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new StartupLine(Logger.Level.INFO, "keycloak-wechat " + extensionVersion + " on Keycloak " + running + missing));
    }

    /** A log line's level and text. */
    public record StartupLine(Logger.Level level, String text) {

        public void log(Logger logger) {
            logger.log(level, text);
        }
    }
}
