package dev.kcwechat.realm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kcwechat.simulator.WeChatSimulator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
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
        Matcher placeholders = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*):").matcher(realm);
        Set<String> names = new TreeSet<>();
        while (placeholders.find()) {
            names.add(placeholders.group(1));
        }
        assertThat(names).containsExactlyInAnyOrder("WECHAT_APP_ID", "WECHAT_APP_SECRET", "WECHAT_API_BASE_URL",
                "WECHAT_WEBSITE_APP_ID", "WECHAT_WEBSITE_APP_SECRET", "WECHAT_OA_APP_ID", "WECHAT_OA_APP_SECRET",
                "WECHAT_AUTHORIZATION_BASE_URL", "WEB_APP_SECRET", "WEB_APP_PORT",
                "WECOM_ENABLED", "WECOM_CORP_ID", "WECOM_AGENT_ID", "WECOM_CORP_SECRET", "OA_WEB_SECRET");
        for (String name : names) {
            assertThat(compose).as(name).contains(name + ":");
        }
    }

    /** The identity providers refuse plain http but to a loopback address: the simulator shares Keycloak's network. */
    @Test
    void reachesTheSimulatorOnLoopback() {
        assertThat(compose).contains("WECHAT_API_BASE_URL: http://127.0.0.1:8500").contains("network_mode: \"service:keycloak\"");
    }

    /** The website's QR page and the official account's page open in the user's browser, on the host. */
    @Test
    void theUsersBrowserReachesTheSimulatorsPages() {
        assertThat(compose).contains("WECHAT_AUTHORIZATION_BASE_URL: http://127.0.0.1:8500").contains("- \"8500:8500\"");
    }

    /** The simulator and the demo's web app run from this build's test classes, next to Keycloak; the browser reaches both. */
    @Test
    void runsTheSimulatorAndTheDemoWebAppFromTheTestClasses() {
        for (String main : new String[] {"dev.kcwechat.simulator.WeChatSimulator", "dev.kcwechat.testing.DemoWebApp"}) {
            assertThat(compose).contains("\"" + main + "\"]");
            assertThat(Path.of("target/test-classes", main.replace('.', '/') + ".class")).exists();
        }
        assertThat(compose).contains("- \"8600:8600\"").contains("WEB_APP_HOST: 0.0.0.0").contains("KEYCLOAK_URL: http://127.0.0.1:8080");
    }

    /** The realm export's WeCom pair is off unless WECOM_ENABLED; the compose demo turns it on, on the simulator's demo corp. */
    @Test
    void enablesTheWeComPairOnTheSimulatorsDemoCorp() {
        assertThat(realm).contains("\"enabled\": \"${WECOM_ENABLED:false}\"");
        assertThat(compose).contains("WECOM_ENABLED: \"true\"")
                .contains("WECOM_CORP_ID: " + WeChatSimulator.DEMO_CORP_ID)
                .contains("WECOM_AGENT_ID: \"" + WeChatSimulator.DEMO_AGENT_ID + "\"")
                .contains("WECOM_CORP_SECRET: " + WeChatSimulator.DEMO_CORP_SECRET);
        assertThat(compose.split("OA_WEB_SECRET: oa-web-demo-secret", -1)).as("Keycloak's and the web app's").hasSize(3);
    }

    private static String read(String path) {
        try {
            return Files.readString(Path.of(path));
        } catch (IOException e) {
            throw new AssertionError("Cannot read " + path, e);
        }
    }
}
