package dev.kcwechat.cluster;

import dev.kcwechat.testing.KeycloakServer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One Keycloak node of the cluster: a production-mode server from its own copy of the built
 * distribution, on its own HTTP, management and JGroups ports, all bound to loopback. It can be
 * killed (SIGKILL) and started again; each start logs to a file of its own.
 */
final class KeycloakNode {

    /** Infinispan's line for each new view: {@code ISPN000094: Received new cluster view for channel ISPN: [a|3] (2) [a, b]}. */
    private static final Pattern CLUSTER_VIEW = Pattern.compile("ISPN000094: Received new cluster view for channel \\S+: \\[[^\\]]*\\] \\((\\d+)\\)");

    private final String name;
    private final Path home;
    private final Path javaHome;
    private final Path providerJar;
    private final Path logDirectory;
    private final int httpPort;
    private final int managementPort;
    private final int jgroupsPort;
    private final List<String> startArguments;
    private KeycloakServer server;
    private int starts;

    KeycloakNode(String name, Path home, Path javaHome, Path providerJar, Path logDirectory, int jgroupsPort,
                 List<String> startArguments) {
        this.name = name;
        this.home = home;
        this.javaHome = javaHome;
        this.providerJar = providerJar;
        this.logDirectory = logDirectory;
        this.httpPort = KeycloakServer.freePort();
        this.managementPort = KeycloakServer.freePort();
        this.jgroupsPort = jgroupsPort;
        this.startArguments = startArguments;
    }

    /** Starts the node and waits until it is ready ({@code /health/ready} on the management port). */
    synchronized void start() {
        starts++;
        List<String> arguments = new ArrayList<>(startArguments);
        arguments.add("--cache-embedded-network-bind-address=127.0.0.1");
        arguments.add("--cache-embedded-network-bind-port=" + jgroupsPort);
        arguments.add("--spi-cache-embedded-default-node-name=" + name);
        arguments.add("--log-level=INFO,dev.kcwechat:debug");
        server = KeycloakServer.start(new KeycloakServer.Options(ClusterSettings.START, home, javaHome, providerJar, null,
                httpPort, managementPort, false, logDirectory.resolve(name + "-" + starts + ".log"),
                Map.of(), arguments));
    }

    /** SIGKILL: no shutdown, no goodbye to the other node, as when a machine dies. */
    synchronized void kill() {
        server.kill();
    }

    synchronized boolean isRunning() {
        return server != null && server.isAlive();
    }

    /** Waits until this node's latest cluster view has that many members. */
    void awaitClusterView(int members, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (clusterViewSize() != members) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException(name + ": no cluster view of " + members + " within " + timeout
                        + " (latest: " + clusterViewSize() + "); see " + server.logFile());
            }
            sleep(250);
        }
    }

    /** Members in the latest cluster view this node's current run logged (0 before the first). */
    int clusterViewSize() {
        Matcher views = CLUSTER_VIEW.matcher(server.log());
        int size = 0;
        while (views.find()) {
            size = Integer.parseInt(views.group(1));
        }
        return size;
    }

    String name() {
        return name;
    }

    String baseUrl() {
        return "http://127.0.0.1:" + httpPort;
    }

    int httpPort() {
        return httpPort;
    }

    int jgroupsPort() {
        return jgroupsPort;
    }

    synchronized KeycloakServer server() {
        return server;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
