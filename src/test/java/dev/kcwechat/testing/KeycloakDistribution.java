package dev.kcwechat.testing;

import dev.kcwechat.common.KeycloakVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Keycloak distribution the integration tests run ({@code keycloak.home}, unpacked from the
 * {@code keycloak-quarkus-dist} of {@code -Dkeycloak.version}), and its version, read from its
 * own {@code keycloak-core} JAR so that a {@code -Dkeycloak.home} of another Keycloak tells the truth.
 */
public final class KeycloakDistribution {

    private static final Pattern CORE_JAR = Pattern.compile("org\\.keycloak\\.keycloak-core-(.+)\\.jar");

    private KeycloakDistribution() {
    }

    public static Path home() {
        String home = System.getProperty("keycloak.home");
        if (home == null) {
            throw new IllegalStateException("System property keycloak.home is not set: run integration tests with 'mvn verify'");
        }
        return Path.of(home);
    }

    /** The version of the distribution at {@code keycloak.home}, e.g. {@code 26.5.6}. */
    public static KeycloakVersion version() {
        return version(home());
    }

    public static KeycloakVersion version(Path home) {
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(home.resolve("lib/lib/main"), "org.keycloak.keycloak-core-*.jar")) {
            for (Path jar : jars) {
                Matcher m = CORE_JAR.matcher(jar.getFileName().toString());
                if (m.matches()) {
                    return KeycloakVersion.parse(m.group(1))
                            .orElseThrow(() -> new IllegalStateException("Not a Keycloak version: " + jar.getFileName()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException("No keycloak-core JAR in " + home.resolve("lib/lib/main") + ": is it a Keycloak distribution?");
    }
}
