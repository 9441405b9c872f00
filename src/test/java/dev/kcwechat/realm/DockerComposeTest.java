package dev.kcwechat.realm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kcwechat.cluster.ClusterSettings;
import dev.kcwechat.simulator.WeChatSimulator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml (not runnable here: no Docker engine) stays consistent with the build, the
 * demo, and the cluster the cluster tests start (the same build and start options).
 */
class DockerComposeTest {

    private final String compose = read("docker-compose.yml");
    private final String realm = read("realm-export/wechat-demo-realm.json");

    @Test
    void buildsOnTheKeycloakVersionTheExtensionIsBuiltFor() {
        assertThat(compose).contains("FROM quay.io/keycloak/keycloak:" + System.getProperty("keycloak.version") + "\n");
    }

    @Test
    void buildsTheJarThisBuildProducesIntoTheImageAndImportsTheRealmExport() {
        assertThat(compose)
                .contains("COPY target/keycloak-wechat-" + System.getProperty("project.version") + ".jar /opt/keycloak/providers/")
                .contains("./realm-export:/opt/keycloak/data/import")
                .contains("\"--import-realm\"]");
    }

    /** The image is built as the cluster tests build their distribution: the same {@code kc.sh build} options. */
    @Test
    void buildsWithTheClusterTestsBuildOptions() {
        assertThat(compose).contains("RUN /opt/keycloak/bin/kc.sh build " + String.join(" ", ClusterSettings.BUILD) + "\n");
    }

    /** Both nodes start as the cluster tests start theirs (those bind JGroups to loopback and pick free ports besides). */
    @Test
    void startsEveryNodeWithTheClusterTestsStartOptions() {
        assertThat(compose).contains("command: [\"" + String.join("\", \"", ClusterSettings.START) + "\", \"--import-realm\"]");
        assertThat(compose).contains("  keycloak-a:\n    <<: *keycloak\n").contains("  keycloak-b:\n    <<: *keycloak\n");
    }

    /** The public URL is the load balancer's; it tries a request a node cannot take once on the other node. */
    @Test
    void putsALoadBalancerInFrontOfBothNodes() {
        assertThat(ClusterSettings.PUBLIC_URL).isEqualTo("http://localhost:8080");
        assertThat(compose).contains("server keycloak-a:8080").contains("server keycloak-b:8080")
                .contains("proxy_next_upstream error timeout non_idempotent;").contains("proxy_next_upstream_tries 2;")
                .contains("X-Forwarded-For").contains("- \"8080:8080\"");
    }

    @Test
    void runsThePostgresqlMajorVersionOfTheClusterTests() {
        String major = System.getProperty("postgres.version").split("\\.")[0];
        assertThat(compose).contains("image: postgres:" + major + "\n");
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

    /** The identity providers refuse plain http but to a loopback address: each node has a relay to the simulator on its own. */
    @Test
    void reachesTheSimulatorOnEachNodesLoopback() {
        assertThat(compose).contains("WECHAT_API_BASE_URL: http://127.0.0.1:8500")
                .contains("command: [\"TCP-LISTEN:8500,fork,reuseaddr\", \"TCP:wechat-simulator:8500\"]")
                .contains("network_mode: \"service:keycloak-a\"").contains("network_mode: \"service:keycloak-b\"");
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
        assertThat(compose).contains("- \"8600:8600\"").contains("WEB_APP_HOST: 0.0.0.0").contains("KEYCLOAK_URL: http://load-balancer:8080");
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
