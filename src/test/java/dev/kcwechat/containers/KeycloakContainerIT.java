package dev.kcwechat.containers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dasniko.testcontainers.keycloak.KeycloakContainer;
import dev.kcwechat.simulator.WeChatSimulator;
import dev.kcwechat.testing.ContainerImages;
import dev.kcwechat.testing.DemoRealmEnvironment;
import dev.kcwechat.testing.Http;
import dev.kcwechat.testing.Jwt;
import dev.kcwechat.testing.OAuth;
import dev.kcwechat.testing.RequiresContainerEngine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.BindMode;
import org.testcontainers.containers.Container;
import org.testcontainers.containers.ContainerLaunchException;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.output.OutputFrame;
import org.testcontainers.containers.wait.strategy.AbstractWaitStrategy;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

/**
 * The extension in Keycloak's image, as {@code docker-compose.yml} runs it on one node: the freshly
 * built provider JAR in a {@link KeycloakContainer} (start-dev) that imports {@code realm-export/}
 * with the compose file's environment, the project's WeChat simulator in a JRE container (the test
 * classes and {@code target/simulator-libs} mounted read-only), and a socat relay in Keycloak's own
 * network namespace that puts the simulator on Keycloak's 127.0.0.1:8500 (the extension calls a
 * WeChat API over plain http only on a loopback address). A smoke set: the grant in discovery, a
 * mini-program code login, the login page's WeChat sign-in, a phone login.
 *
 * <p>Needs {@code mvn package} first (the JAR, target/test-classes, target/simulator-libs; {@code mvn
 * verify} builds them). One Keycloak container for the class: the containers are up in about 40 s on 2 cores. The
 * containers' output: {@code target/keycloak-container-it/*.log}.
 */
@RequiresContainerEngine
class KeycloakContainerIT {

    private static final String REALM = "wechat-demo";
    private static final String MINI_PROGRAM = "mini-program";
    private static final String WEB_APP = "web-app";
    private static final String WEBSITE = "wechat-website";
    private static final String SIMULATOR_ALIAS = "wechat-simulator";
    private static final int SIMULATOR_PORT = 8500;
    /** The simulator as Keycloak sees it: the relay on Keycloak's own loopback, as in docker-compose.yml. */
    private static final String RELAY_URL = "http://127.0.0.1:" + SIMULATOR_PORT;
    /** docker-compose.yml's web-app: the port of its redirect URIs and its secret, the oa-web client's secret. */
    private static final int WEB_APP_PORT = 8600;
    private static final String WEB_APP_SECRET = "web-app-demo-secret";
    private static final String OA_WEB_SECRET = "oa-web-demo-secret";
    private static final String REDIRECT_URI = "http://127.0.0.1:" + WEB_APP_PORT + "/callback";
    private static final Duration KEYCLOAK_STARTUP = Duration.ofMinutes(5);
    private static final Path LOGS = Path.of("target", "keycloak-container-it");
    private static final String KEYCLOAK_DATA = "/opt/keycloak/data";
    private static final int KEYCLOAK_MANAGEMENT_PORT = 9000;

    private static Network network;
    private static GenericContainer<?> simulator;
    private static KeycloakContainer keycloak;
    private static GenericContainer<?> relay;
    private static String simulatorUrl;
    private static OAuth oauth;

    @BeforeAll
    static void startContainers() throws IOException, InterruptedException {
        Path providerJar = existing(Path.of(System.getProperty("provider.jar", "target/keycloak-wechat-0.1.0-SNAPSHOT.jar")));
        Path realmFile = existing(Path.of(System.getProperty("realm.export.dir", "realm-export"), "wechat-demo-realm.json"));
        Path testClasses = existing(Path.of("target", "test-classes"));
        Path simulatorLibs = existing(Path.of("target", "simulator-libs"));
        Files.createDirectories(LOGS);
        long started = System.nanoTime();

        network = Network.newNetwork();
        simulator = new GenericContainer<>(DockerImageName.parse(ContainerImages.jre()))
                .withNetwork(network)
                .withNetworkAliases(SIMULATOR_ALIAS)
                .withFileSystemBind(testClasses.toAbsolutePath().toString(), "/simulator/test-classes", BindMode.READ_ONLY)
                .withFileSystemBind(simulatorLibs.toAbsolutePath().toString(), "/simulator/libs", BindMode.READ_ONLY)
                .withEnv(Map.of("WECHAT_SIMULATOR_HOST", "0.0.0.0", "WECHAT_SIMULATOR_PORT", String.valueOf(SIMULATOR_PORT),
                        "WECHAT_APP_ID", WeChatSimulator.DEMO_APP_ID, "WECHAT_APP_SECRET", WeChatSimulator.DEMO_APP_SECRET))
                .withCommand("java", "-cp", "/simulator/test-classes:/simulator/libs/*", WeChatSimulator.class.getName())
                .withExposedPorts(SIMULATOR_PORT)
                .withLogConsumer(logTo("simulator.log"))
                .waitingFor(Wait.forLogMessage("(?s).*WeChat simulator listening on .*", 1).withStartupTimeout(Duration.ofMinutes(2)));
        simulator.start();
        simulatorUrl = "http://" + simulator.getHost() + ":" + simulator.getMappedPort(SIMULATOR_PORT);

        keycloak = new KeycloakContainer(ContainerImages.keycloak())
                .withNetwork(network)
                .withProviderLibsFrom(List.of(providerJar.toFile()))
                // KeycloakContainer always passes --import-realm; the realm file is not on the classpath
                .withCopyFileToContainer(MountableFile.forHostPath(realmFile), KEYCLOAK_DATA + "/import/" + realmFile.getFileName())
                // the WeChat API through the relay (browser pages are not followed here), as docker-compose.yml sets them
                .withEnv(DemoRealmEnvironment.of(RELAY_URL, RELAY_URL, WEB_APP_PORT, WEB_APP_SECRET, OA_WEB_SECRET))
                .waitingFor(new ReadyWhileRunning().withStartupTimeout(KEYCLOAK_STARTUP))
                .withLogConsumer(logTo("keycloak.log"));
        keycloak.start();

        // in Keycloak's network namespace: the simulator on Keycloak's 127.0.0.1:8500
        relay = new GenericContainer<>(DockerImageName.parse(ContainerImages.socat()))
                .withNetworkMode("container:" + keycloak.getContainerId())
                .withCommand("TCP-LISTEN:" + SIMULATOR_PORT + ",bind=127.0.0.1,fork,reuseaddr", "TCP:" + SIMULATOR_ALIAS + ":" + SIMULATOR_PORT)
                .withLogConsumer(logTo("relay.log"));
        relay.start();
        awaitRelay();

        oauth = new OAuth(keycloak.getAuthServerUrl(), REALM);
        System.out.printf("KeycloakContainerIT: containers up in %d s (Keycloak %s at %s, simulator at %s)%n",
                Duration.ofNanos(System.nanoTime() - started).toSeconds(), ContainerImages.keycloak(), keycloak.getAuthServerUrl(),
                simulatorUrl);
    }

    @AfterAll
    static void stopContainers() {
        List<RuntimeException> failures = new ArrayList<>();
        for (AutoCloseable resource : new AutoCloseable[] {relay, keycloak, simulator, network}) {
            if (resource == null) {
                continue;
            }
            try {
                resource.close();
            } catch (Exception e) {
                failures.add(new IllegalStateException("cannot stop " + resource, e));
            }
        }
        System.out.println("KeycloakContainerIT: the containers' output is in " + LOGS.toAbsolutePath());
        if (!failures.isEmpty()) {
            throw failures.get(0);
        }
    }

    @Test
    void discoveryListsTheMiniProgramCodeGrant() {
        JsonNode discovery = oauth.discovery();

        assertThat(discovery.get("issuer").asText()).isEqualTo(keycloak.getAuthServerUrl() + "/realms/" + REALM);
        List<String> grants = new ArrayList<>();
        discovery.path("grant_types_supported").forEach(grant -> grants.add(grant.asText()));
        assertThat(grants).contains(OAuth.GRANT_TYPE, "authorization_code");
    }

    @Test
    void aSimulatorCodeBecomesKeycloakTokensThroughTheRelay() {
        String code = simulator("/sim/wx.login?user=container-alice");

        Http.Answer answer = oauth.codeLogin(MINI_PROGRAM, code, Map.of("scope", "openid"));

        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        String accessToken = answer.json().get("access_token").asText();
        JsonNode claims = new Jwt(accessToken).claims();
        assertThat(claims.path("sub").asText()).isNotBlank();
        assertThat(claims.get("iss").asText()).isEqualTo(oauth.discovery().get("issuer").asText())
                .isEqualTo(keycloak.getAuthServerUrl() + "/realms/" + REALM);
        assertThat(claims.path("wechat_openid").asText()).as("the openid jscode2session gave, through the relay").isNotBlank();
        assertThat(new Jwt(accessToken).verifiedBy(oauth.jwks())).as("signed by the realm's key").isTrue();
        assertThat(answer.json().hasNonNull("id_token")).isTrue();
    }

    @Test
    void theWebAppsLoginPageShowsTheWeChatSignIn() {
        Http.Answer page = Http.get(oauth.issuer() + "/protocol/openid-connect/auth?" + Http.formEncode(new LinkedHashMap<>(Map.of(
                "response_type", "code", "client_id", WEB_APP, "redirect_uri", REDIRECT_URI, "scope", "openid"))), null);

        assertThat(page.status()).as(page.toString()).isEqualTo(200);
        Document html = Jsoup.parse(page.body());
        Element wechat = html.selectFirst("a#social-" + WEBSITE);
        assertThat(wechat).as("the WeChat sign-in link of the keycloak-wechat login theme").isNotNull();
        assertThat(wechat.attr("data-wechat")).isEqualTo("wechat-website");
        assertThat(wechat.text()).isEqualTo("Sign in with WeChat");
        assertThat(wechat.attr("href")).contains("/realms/" + REALM + "/broker/" + WEBSITE + "/login");
        assertThat(html.select("script[src$=/login/keycloak-wechat/js/wechat-login.js]")).hasSize(1);
    }

    @Test
    void aPhoneCodeGivesTheVerifiedPhoneNumberClaims() {
        String code = simulator("/sim/wx.login?user=container-bob");
        String phoneCode = simulator("/sim/phone?number=13800138000");

        Http.Answer answer = oauth.codeLogin(MINI_PROGRAM, code, Map.of("phone_code", phoneCode));

        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        JsonNode claims = new Jwt(answer.json().get("access_token").asText()).claims();
        assertThat(claims.path("phone_number").asText()).isEqualTo("+8613800138000");
        assertThat(claims.path("phone_number_verified").asBoolean()).isTrue();
    }

    /** A demo endpoint of the simulator container, through its mapped port: the plain-text code it gives. */
    private static String simulator(String path) {
        Http.Answer answer = Http.get(simulatorUrl + path, null);
        assertThat(answer.status()).as(path + ": " + answer).isEqualTo(200);
        return answer.body().trim();
    }

    /** Until the simulator answers HTTP on Keycloak's 127.0.0.1:8500 (bash's /dev/tcp: the image has no curl). */
    private static void awaitRelay() throws IOException, InterruptedException {
        String probe = "exec 3<>/dev/tcp/127.0.0.1/" + SIMULATOR_PORT
                + " && printf 'GET /sim/ HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && cat <&3";
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        Container.ExecResult result;
        do {
            result = keycloak.execInContainer("bash", "-c", probe);
            if (result.getExitCode() == 0 && result.getStdout().startsWith("HTTP/1.")) {
                return;
            }
            Thread.sleep(500);
        } while (System.nanoTime() < deadline);
        throw new IllegalStateException("the relay does not reach the simulator from Keycloak's 127.0.0.1:" + SIMULATOR_PORT
                + ": exit " + result.getExitCode() + " " + result.getStdout() + result.getStderr());
    }

    private static Consumer<OutputFrame> logTo(String name) {
        Path file = LOGS.resolve(name);
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return frame -> {
            try {
                Files.writeString(file, frame.getUtf8String(), StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    /**
     * Keycloak's /health/ready on the management port, as KeycloakContainer waits, but it gives up as soon
     * as the container has stopped (a failed start), not only at the timeout.
     */
    private static final class ReadyWhileRunning extends AbstractWaitStrategy {

        @Override
        protected void waitUntilReady() {
            String ready = "http://" + waitStrategyTarget.getHost() + ":" + waitStrategyTarget.getMappedPort(KEYCLOAK_MANAGEMENT_PORT)
                    + "/health/ready";
            long deadline = System.nanoTime() + startupTimeout.toNanos();
            while (true) {
                if (!waitStrategyTarget.isRunning()) {
                    throw new ContainerLaunchException("Keycloak's container stopped before it was ready: see " + LOGS.resolve("keycloak.log"));
                }
                try {
                    if (Http.get(ready, null).status() == 200) {
                        return;
                    }
                } catch (UncheckedIOException notYet) {
                    // not listening yet
                }
                if (System.nanoTime() > deadline) {
                    throw new ContainerLaunchException("Keycloak not ready after " + startupTimeout.toSeconds() + " s: see "
                            + LOGS.resolve("keycloak.log"));
                }
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new ContainerLaunchException("interrupted while waiting for Keycloak", e);
                }
            }
        }
    }

    private static Path existing(Path path) {
        if (!Files.exists(path)) {
            throw new IllegalStateException(path.toAbsolutePath() + " is missing: run mvn -B package -DskipTests first");
        }
        return path;
    }
}
