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
 * What running {@code docker-compose.yml} (DockerComposeIT: the build, both nodes, a login through
 * the load balancer before and after a node stops) cannot show, where it runs at all: the official
 * images the file and the Dockerfile name, the cluster tests' options, the parts of the demo no
 * mini-program login touches, and the operations guide showing the Dockerfile as it is.
 */
class DockerComposeTest {

    private static final Pattern VARIABLE_WITH_DEFAULT = Pattern.compile("\\$\\{[A-Z][A-Z0-9_]*:-([^}]*)}");

    private final String dockerfile = read("Dockerfile");
    /** The compose file as it runs where no variable is set: every {@code ${NAME:-default}} at its default. */
    private final String compose = VARIABLE_WITH_DEFAULT.matcher(read("docker-compose.yml")).replaceAll(m -> Matcher.quoteReplacement(m.group(1)));
    private final String loadBalancer = read("containers/compose/load-balancer.conf");
    private final String realm = read("realm-export/wechat-demo-realm.json");

    @Test
    void buildsOnTheOfficialImageOfTheKeycloakVersionTheExtensionIsBuiltFor() {
        String official = "quay.io/keycloak/keycloak:" + System.getProperty("keycloak.version");
        assertThat(dockerfile).startsWith("# ").contains("\nARG KEYCLOAK_IMAGE=" + official + "\nFROM ${KEYCLOAK_IMAGE}\n");
        assertThat(compose).contains("KEYCLOAK_IMAGE: \"" + official + "\"")
                .contains("image: localhost/keycloak-wechat:" + System.getProperty("keycloak.version") + "\n");
    }

    /** The image is built as the cluster tests build their distribution: the same {@code kc.sh build} options. */
    @Test
    void buildsWithTheClusterTestsBuildOptions() {
        assertThat(dockerfile).contains("\nRUN /opt/keycloak/bin/kc.sh build " + String.join(" ", ClusterSettings.BUILD) + "\n");
    }

    /** Both nodes start as the cluster tests start theirs (those bind JGroups to loopback and pick free ports besides). */
    @Test
    void startsEveryNodeWithTheClusterTestsStartOptions() {
        assertThat(compose).contains("command: [\"" + String.join("\", \"", ClusterSettings.START) + "\", \"--import-realm\"]");
        assertThat(compose).contains("  keycloak-a:\n    <<: *keycloak\n").contains("  keycloak-b:\n    <<: *keycloak\n");
    }

    /**
     * The public URL (--hostname) is the load balancer's, which passes on who called (the extension's abuse limits
     * count the caller) and sends a login whose node died with it to the other node once. The run shows only the
     * retry of a request no node received (a stopped node: nginx retries that even without non_idempotent).
     */
    @Test
    void publishesTheLoadBalancerOnTheClusterTestsPublicUrl() {
        assertThat(ClusterSettings.PUBLIC_URL).isEqualTo("http://localhost:8080");
        assertThat(compose).contains("- \"8080:8080\"");
        assertThat(loadBalancer).contains("proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;")
                .contains("proxy_set_header X-Forwarded-Proto $scheme;").doesNotContain("$$")
                .contains("proxy_next_upstream error timeout non_idempotent;").contains("proxy_next_upstream_tries 2;");
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
            assertThat(compose).as(name).contains("    " + name + ":");
        }
    }

    /**
     * The browser sign-ins: the website's QR page and the official account's page open in the user's browser on
     * the simulator's published port, and the web app's callback (on its published port: the realm's redirect URIs)
     * trades the code through the load balancer.
     */
    @Test
    void theUsersBrowserReachesTheSimulatorsPagesAndTheDemoWebApp() {
        String raw = read("docker-compose.yml");
        assertThat(raw).contains("WECHAT_AUTHORIZATION_BASE_URL: http://127.0.0.1:${KCWECHAT_SIMULATOR_PORT:-8500}\n")
                .contains("- \"${KCWECHAT_SIMULATOR_PORT:-8500}:8500\"")
                .contains("WEB_APP_PORT: \"${KCWECHAT_WEB_APP_PORT:-8600}\"").contains("- \"${KCWECHAT_WEB_APP_PORT:-8600}:8600\"")
                .contains("\"--hostname=http://localhost:${KCWECHAT_HTTP_PORT:-8080}\"").contains("- \"${KCWECHAT_HTTP_PORT:-8080}:8080\"");
        assertThat(compose).contains("KEYCLOAK_URL: http://load-balancer:8080").contains("\"dev.kcwechat.testing.DemoWebApp\"]");
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

    /** docs/operations.md shows the Dockerfile users copy exactly as it is in the repository. */
    @Test
    void theOperationsGuideShowsTheDockerfileAsItIs() {
        String operations = read("docs/operations.md");
        String docker = operations.substring(operations.indexOf("\n## Docker\n"));
        docker = docker.substring(0, docker.indexOf("\n## ", 1));
        Matcher block = Pattern.compile("\n```dockerfile\n(.*?)```\n", Pattern.DOTALL).matcher(docker);
        assertThat(block.find()).as("a ```dockerfile block in the Docker section of docs/operations.md").isTrue();
        assertThat(block.group(1)).isEqualTo(dockerfile);
    }

    private static String read(String path) {
        try {
            return Files.readString(Path.of(path));
        } catch (IOException e) {
            throw new AssertionError("Cannot read " + path, e);
        }
    }
}
