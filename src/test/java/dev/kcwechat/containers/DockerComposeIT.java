package dev.kcwechat.containers;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.HealthState;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Container;
import dev.kcwechat.testing.Http;
import dev.kcwechat.testing.Jwt;
import dev.kcwechat.testing.KeycloakServer;
import dev.kcwechat.testing.OAuth;
import dev.kcwechat.testing.RequiresContainerEngine;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.DockerClientFactory;

/**
 * Runs {@code docker-compose.yml} for real: builds the Dockerfile's image, starts PostgreSQL, both
 * Keycloak nodes, the load balancer, the simulator, its relays and the web app, then logs in with a
 * wx.login() code through the load balancer, stops node A and logs in again, several times, all
 * through node B. The images are the compose file's: official ones, or those its variables name
 * ({@code KEYCLOAK_IMAGE}, ...: the stand-ins of {@code containers/README.md}), from this process's
 * environment. The host ports are free ones ({@code KCWECHAT_*_PORT}), not the demo's 8080, 8500 and
 * 8600. On failure the containers' logs are in {@code target/docker-compose-it/}; the project is
 * taken down ({@code down -v}) whatever happens.
 */
@RequiresContainerEngine
@ExtendWith(DockerComposeIT.ComposeAvailable.class)
class DockerComposeIT {

    static final String PROJECT = "kcwechat-compose-it";
    private static final Path OUTPUT = Path.of("target", "docker-compose-it");
    private static final Duration UP_TIMEOUT = Duration.ofMinutes(15);
    private static final Duration HEALTHY_TIMEOUT = Duration.ofMinutes(10);
    private static final String MINI_PROGRAM = "mini-program";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final List<String> compose = ComposeAvailable.command();
    private final int httpPort = KeycloakServer.freePort();
    private final int simulatorPort = KeycloakServer.freePort();
    private final int webAppPort = KeycloakServer.freePort();
    private final String publicUrl = "http://localhost:" + httpPort;
    private final long started = System.nanoTime();

    @Test
    void runsTheDemoClusterWhoseLoadBalancerServesOnWhenANodeStops() throws Exception {
        try {
            Files.createDirectories(OUTPUT);
            Files.deleteIfExists(OUTPUT.resolve("docker-compose.log"));
            Files.deleteIfExists(OUTPUT.resolve("containers.log"));
            down();   // what an interrupted run left behind, if anything
            run(UP_TIMEOUT, "up", "-d", "--build");
            say("up -d --build returned (node A healthy: node B waits for it)");
            awaitHealthy("keycloak-a");
            awaitHealthy("keycloak-b");
            say("both nodes healthy");
            awaitAnswer(publicUrl + "/realms/wechat-demo/.well-known/openid-configuration", 200);
            awaitAnswer("http://127.0.0.1:" + webAppPort + "/callback", 400);   // the web app: "not signed in"

            // round robin: one login on each node
            for (int i = 1; i <= 2; i++) {
                JsonTokens tokens = login("compose-it-" + i);
                assertThat(tokens.issuer()).isEqualTo(publicUrl + "/realms/wechat-demo");
            }

            run(Duration.ofMinutes(2), "stop", "keycloak-a");
            say("keycloak-a stopped");
            for (int i = 3; i <= 8; i++) {
                login("compose-it-" + i);
            }
            say("all logins through node B answered 200");
        } catch (Throwable failure) {
            dumpLogs();
            throw failure;
        } finally {
            down();
        }
    }

    private record JsonTokens(String issuer) {
    }

    /** A wx.login() code from the simulator's published port, traded at the load balancer: 200 with tokens. */
    private JsonTokens login(String user) {
        long start = System.nanoTime();
        Http.Answer code = Http.get("http://127.0.0.1:" + simulatorPort + "/sim/wx.login?user=" + user, null);
        assertThat(code.status()).as("the simulator's code for %s: %s", user, code).isEqualTo(200);
        Http.Answer answer = new OAuth(publicUrl, "wechat-demo").codeLogin(MINI_PROGRAM, code.body().trim(), Map.of("scope", "openid"));
        say("login " + user + ": HTTP " + answer.status() + " in " + millis(start) + " ms");
        assertThat(answer.status()).as("%s's login through the load balancer: %s", user, answer).isEqualTo(200);
        assertThat(answer.json().path("access_token").asText()).as("access_token").isNotEmpty();
        assertThat(answer.json().path("refresh_token").asText()).as("refresh_token").isNotEmpty();
        return new JsonTokens(new Jwt(answer.json().path("id_token").asText()).claims().path("iss").asText());
    }

    /** Waits until the service's container reports its healthcheck healthy; fails at once if it stopped. */
    private void awaitHealthy(String service) throws InterruptedException {
        DockerClient docker = DockerClientFactory.instance().client();
        long deadline = System.nanoTime() + HEALTHY_TIMEOUT.toNanos();
        String last = "no container";
        while (System.nanoTime() < deadline) {
            List<Container> containers = docker.listContainersCmd().withShowAll(true)
                    .withLabelFilter(Map.of("com.docker.compose.project", PROJECT, "com.docker.compose.service", service)).exec();
            if (!containers.isEmpty()) {
                InspectContainerResponse.ContainerState state = docker.inspectContainerCmd(containers.get(0).getId()).exec().getState();
                HealthState health = state.getHealth();
                last = state.getStatus() + ", " + (health == null ? "no healthcheck" : health.getStatus());
                if (health != null && "healthy".equals(health.getStatus())) {
                    say(service + " healthy");
                    return;
                }
                if (!Boolean.TRUE.equals(state.getRunning()) && !"created".equals(state.getStatus())) {
                    throw new AssertionError(service + " is not running: " + last);
                }
            }
            Thread.sleep(2_000);
        }
        throw new AssertionError(service + " not healthy within " + HEALTHY_TIMEOUT + ": " + last);
    }

    /** Waits until the URL answers that status (the load balancer's, once its upstreams are up; the web app's). */
    private void awaitAnswer(String url, int status) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        String last = "nothing";
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == status) {
                    return;
                }
                last = "HTTP " + response.statusCode();
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(1_000);
        }
        throw new AssertionError(url + " did not answer " + status + " within 2 minutes: " + last);
    }

    /** {@code down -v}; again when it fails (docker-compose 1.29 on podman, with network_mode: service:x). */
    private void down() throws IOException, InterruptedException {
        if (exec(Duration.ofMinutes(3), "down", "-v", "--remove-orphans") != 0
                && exec(Duration.ofMinutes(3), "down", "-v", "--remove-orphans") != 0) {
            say("down -v failed twice: see " + OUTPUT.resolve("docker-compose.log"));
        }
    }

    private void dumpLogs() {
        try {
            exec(Duration.ofMinutes(2), OUTPUT.resolve("containers.log"), "logs", "--no-color", "--timestamps");
            say("the containers' logs: " + OUTPUT.resolve("containers.log") + ", compose's: " + OUTPUT.resolve("docker-compose.log"));
        } catch (Exception e) {
            say("could not dump the containers' logs: " + e);
        }
    }

    private void run(Duration timeout, String... arguments) throws IOException, InterruptedException {
        int status = exec(timeout, arguments);
        assertThat(status).as("%s %s (exit status; output in %s)", String.join(" ", compose), String.join(" ", arguments),
                OUTPUT.resolve("docker-compose.log")).isZero();
    }

    private int exec(Duration timeout, String... arguments) throws IOException, InterruptedException {
        return exec(timeout, OUTPUT.resolve("docker-compose.log"), arguments);
    }

    /** Runs compose with this project's name and ports, in the environment of this process; output appended to {@code log}. */
    private int exec(Duration timeout, Path log, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(compose);
        command.addAll(List.of("-p", PROJECT, "-f", "docker-compose.yml"));
        command.addAll(List.of(arguments));
        Files.writeString(log, "$ " + String.join(" ", command) + "\n", StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Map<String, String> ports = new LinkedHashMap<>();
        ports.put("KCWECHAT_HTTP_PORT", String.valueOf(httpPort));
        ports.put("KCWECHAT_SIMULATOR_PORT", String.valueOf(simulatorPort));
        ports.put("KCWECHAT_WEB_APP_PORT", String.valueOf(webAppPort));
        builder.environment().putAll(ports);
        if (compose.equals(List.of("docker-compose")) && System.getenv("COMPOSE_DOCKER_CLI_BUILD") == null) {
            // docker-compose 1.29 builds with the docker CLI, which containers/setup does not install: with the API instead
            builder.environment().put("COMPOSE_DOCKER_CLI_BUILD", "0");
        }
        long start = System.nanoTime();
        Process process = builder.start();
        if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish within " + timeout);
        }
        say(String.join(" ", arguments) + ": exit " + process.exitValue() + " in " + millis(start) / 1000.0 + " s");
        return process.exitValue();
    }

    private void say(String line) {
        System.out.printf("DockerComposeIT %6.1f s: %s%n", (System.nanoTime() - started) / 1e9, line);
    }

    private static long millis(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    /** Skips the test, with a {@code SKIPPED:} line, where neither {@code docker compose} (v2) nor {@code docker-compose} runs. */
    static final class ComposeAvailable implements ExecutionCondition {

        private static List<String> command;

        static synchronized List<String> command() {
            if (command == null) {
                command = answers(List.of("docker", "compose", "version")) ? List.of("docker", "compose")
                        : answers(List.of("docker-compose", "version")) ? List.of("docker-compose") : List.of();
            }
            return command;
        }

        private static boolean answers(List<String> command) {
            try {
                Process process = new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    return false;
                }
                return process.exitValue() == 0;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }

        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            if (!command().isEmpty()) {
                return ConditionEvaluationResult.enabled("compose: " + String.join(" ", command()));
            }
            String reason = "neither `docker compose` nor `docker-compose` runs (containers/setup installs Debian's docker-compose)";
            System.out.println("SKIPPED: " + context.getDisplayName() + ": " + reason);
            return ConditionEvaluationResult.disabled(reason);
        }
    }
}
