package dev.kcwechat.cluster;

import dev.kcwechat.testing.FileVault;
import dev.kcwechat.testing.KeycloakAdmin;
import dev.kcwechat.testing.KeycloakServer;
import dev.kcwechat.testing.Trees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The cluster the cluster tests share, started once per run on first use: a PostgreSQL server, one
 * {@code kc.sh build} of the run's Keycloak ({@code -Dkeycloak.version}) with the freshly built
 * JAR, and two production-mode nodes started from copies of it, clustered by Keycloak's default
 * {@code jdbc-ping} stack on loopback. Ready means both nodes answer {@code /health/ready} and both
 * logged a cluster view of 2.
 */
public final class KeycloakCluster {

    static final Duration VIEW_TIMEOUT = Duration.ofSeconds(90);
    /** JGroups' failure detection listens on the transport's port + 50000: the transport's port stays below 15536. */
    private static final int JGROUPS_FIRST_PORT = 7800;
    private static final int JGROUPS_LAST_PORT = 15000;
    private static final int FD_SOCK2_OFFSET = 50000;
    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(5);
    /** How often the nodes look for a WeCom provider whose directory reconciliation is due. */
    static final int DIRECTORY_CHECK_SECONDS = 3;

    /** The nodes' file vault: {@code <realm>_<key>} files. */
    private static final Path VAULT = Path.of("target/cluster/vault").toAbsolutePath();

    private static KeycloakCluster instance;

    private final Postgres postgres;
    private final KeycloakNode a;
    private final KeycloakNode b;

    private KeycloakCluster(Postgres postgres, KeycloakNode a, KeycloakNode b) {
        this.postgres = postgres;
        this.a = a;
        this.b = b;
    }

    /** Puts a secret in the nodes' file vault, where {@code ${vault.<key>}} of that realm finds it. */
    void vaultSecret(String realm, String key, String value) {
        FileVault.put(VAULT, realm, key, value);
    }

    public static synchronized KeycloakCluster get() {
        if (instance == null) {
            instance = start();
        }
        return instance;
    }

    private static KeycloakCluster start() {
        Path root = Path.of("target/cluster").toAbsolutePath();
        Path javaHome = Path.of(System.getProperty("keycloak.java.home", System.getProperty("java.home")));
        Path providerJar = Path.of(required("provider.jar"));
        Postgres postgres = Postgres.create(root.resolve("postgres"), root.resolve("logs/postgres.log"), KeycloakServer.freePort());
        Runtime.getRuntime().addShutdownHook(new Thread(postgres::close));

        Path homeA = root.resolve("node-a");
        Trees.copy(Path.of(required("keycloak.home")), homeA);
        build(homeA, javaHome, providerJar, root.resolve("logs/build.log"));
        Path homeB = root.resolve("node-b");
        Trees.copy(homeA, homeB);

        Path vault = VAULT;
        Trees.delete(vault);
        try {
            Files.createDirectories(vault);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> arguments = List.of("--db-url=" + postgres.jdbcUrl(), "--db-username=" + Postgres.USER,
                "--db-password=" + Postgres.PASSWORD, "--vault-dir=" + vault,
                // a WeCom provider is reconciled, when due, within 3 s (ClusterDirectoryIT)
                "--spi-admin-realm-restapi-extension--wecom-directory--check-interval=" + DIRECTORY_CHECK_SECONDS);
        List<Integer> jgroupsPorts = jgroupsPorts(2);
        KeycloakNode a = new KeycloakNode("node-a", homeA, javaHome, providerJar, root.resolve("logs"), jgroupsPorts.get(0), arguments);
        KeycloakNode b = new KeycloakNode("node-b", homeB, javaHome, providerJar, root.resolve("logs"), jgroupsPorts.get(1), arguments);
        a.start();
        b.start();
        a.awaitClusterView(2, VIEW_TIMEOUT);
        b.awaitClusterView(2, VIEW_TIMEOUT);
        return new KeycloakCluster(postgres, a, b);
    }

    /** {@code kc.sh build} with the cluster's build options and the JAR in {@code providers/}, as an image build would. */
    private static void build(Path home, Path javaHome, Path providerJar, Path log) {
        try {
            KeycloakServer.installProvider(home, providerJar);
            Files.createDirectories(log.getParent());
            List<String> command = new ArrayList<>(List.of(home.resolve("bin/kc.sh").toString(), "build"));
            command.addAll(ClusterSettings.BUILD);
            // the harness's own: secrets of its realms in a file vault (a deployment picks its own vault)
            command.add("--vault=file");
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().put("JAVA_HOME", javaHome.toString());
            Process process = builder.start();
            if (!process.waitFor(BUILD_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("kc.sh build did not finish within " + BUILD_TIMEOUT + "; see " + log);
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("kc.sh build failed:\n" + Files.readString(log));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Free ports for the JGroups transport whose failure-detection port (+50000) is free too. */
    private static List<Integer> jgroupsPorts(int count) {
        List<Integer> ports = new ArrayList<>();
        for (int port = JGROUPS_FIRST_PORT; port < JGROUPS_LAST_PORT && ports.size() < count; port += 11) {
            if (isFree(port) && isFree(port + FD_SOCK2_OFFSET)) {
                ports.add(port);
            }
        }
        if (ports.size() < count) {
            throw new IllegalStateException("No free ports for JGroups between " + JGROUPS_FIRST_PORT + " and " + JGROUPS_LAST_PORT);
        }
        return ports;
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null) {
            throw new IllegalStateException("System property " + property + " is not set: run integration tests with 'mvn verify'");
        }
        return value;
    }

    KeycloakNode a() {
        return a;
    }

    KeycloakNode b() {
        return b;
    }

    List<KeycloakNode> nodes() {
        return List.of(a, b);
    }

    Postgres postgres() {
        return postgres;
    }

    /** The admin API through a node that is up; close it after use. */
    KeycloakAdmin admin() {
        return new KeycloakAdmin((a.isRunning() ? a : b).baseUrl());
    }
}
