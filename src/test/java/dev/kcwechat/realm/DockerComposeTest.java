package dev.kcwechat.realm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docker-compose.yml (not runnable here: no Docker engine) stays consistent with the build and the demo. */
class DockerComposeTest {

    private final String compose = read("docker-compose.yml");
    private final String realm = read("realm-export/wechat-demo-realm.json");

    @Test
    void runsTheKeycloakVersionTheExtensionIsBuiltFor() {
        assertThat(compose).contains("image: quay.io/keycloak/keycloak:" + System.getProperty("keycloak.version"));
    }

    @Test
    void mountsTheJarThisBuildProducesAndTheRealmExport() {
        assertThat(compose)
                .contains("./target/keycloak-wechat-" + System.getProperty("project.version") + ".jar:/opt/keycloak/providers/")
                .contains("./realm-export:/opt/keycloak/data/import")
                .contains("--import-realm");
    }

    @Test
    void setsEveryEnvironmentVariableTheRealmExportReads() {
        Matcher placeholders = Pattern.compile("\\$\\{(WECHAT_[A-Z_]+):").matcher(realm);
        int found = 0;
        while (placeholders.find()) {
            found++;
            assertThat(compose).contains(placeholders.group(1) + ":");
        }
        assertThat(found).isEqualTo(3);
    }

    /** The identity provider refuses plain http but to a loopback address: the simulator shares Keycloak's network. */
    @Test
    void reachesTheSimulatorOnLoopback() {
        assertThat(compose).contains("WECHAT_API_BASE_URL: http://127.0.0.1:8500").contains("network_mode: \"service:keycloak\"");
    }

    private static String read(String path) {
        try {
            return Files.readString(Path.of(path));
        } catch (IOException e) {
            throw new AssertionError("Cannot read " + path, e);
        }
    }
}
