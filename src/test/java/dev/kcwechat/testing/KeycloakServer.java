package dev.kcwechat.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A real Keycloak from the unpacked {@code keycloak-quarkus-dist}, started as a process with the
 * freshly built provider JAR in {@code providers/}: in dev mode on its embedded database, or (the
 * cluster tests) in production mode after a {@code kc.sh build}.
 */
public final class KeycloakServer implements AutoCloseable {

    public static final String ADMIN_USERNAME = "admin";
    public static final String ADMIN_PASSWORD = "admin";
    private static final Duration START_TIMEOUT = Duration.ofMinutes(4);

    /** Dev mode on the embedded database, with the health endpoints. */
    public static final List<String> DEV_MODE = List.of("start-dev", "--health-enabled=true");

    /**
     * How to start it: {@code startCommand} is {@link #DEV_MODE} or a production {@code start}.
     * {@code logFile} null means the console.
     */
    public record Options(List<String> startCommand, Path keycloakHome, Path javaHome, Path providerJar, Path realmImportDir,
                          int httpPort, int managementPort, boolean freshDatabase, Path logFile, Map<String, String> environment,
                          List<String> extraArguments, List<Path> testProviders) {

        public Options(List<String> startCommand, Path keycloakHome, Path javaHome, Path providerJar, Path realmImportDir,
                       int httpPort, int managementPort, boolean freshDatabase, Path logFile, Map<String, String> environment,
                       List<String> extraArguments) {
            this(startCommand, keycloakHome, javaHome, providerJar, realmImportDir, httpPort, managementPort, freshDatabase,
                    logFile, environment, extraArguments, List.of());
        }

        /** Dev mode. */
        public Options(Path keycloakHome, Path javaHome, Path providerJar, Path realmImportDir, int httpPort,
                       int managementPort, boolean freshDatabase, Path logFile, Map<String, String> environment,
                       List<String> extraArguments) {
            this(DEV_MODE, keycloakHome, javaHome, providerJar, realmImportDir, httpPort, managementPort, freshDatabase,
                    logFile, environment, extraArguments);
        }

        /** The same, with test-only provider JARs beside the extension's (e.g. the guardian policy's test clock). */
        public Options withTestProviders(List<Path> jars) {
            return new Options(startCommand, keycloakHome, javaHome, providerJar, realmImportDir, httpPort, managementPort,
                    freshDatabase, logFile, environment, extraArguments, List.copyOf(jars));
        }
    }

    private final Options options;
    private final Process process;

    private KeycloakServer(Options options, Process process) {
        this.options = options;
        this.process = process;
    }

    public static KeycloakServer start(Options options) {
        try {
            prepareHome(options);
            List<String> command = new ArrayList<>();
            command.add(options.keycloakHome().resolve("bin/kc.sh").toString());
            command.addAll(options.startCommand());
            command.addAll(List.of(
                    "--http-port=" + options.httpPort(),
                    "--http-management-port=" + options.managementPort(),
                    "--hostname-strict=false"));
            if (options.realmImportDir() != null) {
                command.add("--import-realm");
            }
            command.addAll(options.extraArguments());
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            if (options.logFile() != null) {
                Files.createDirectories(options.logFile().getParent());
                builder.redirectOutput(options.logFile().toFile());
            } else {
                builder.inheritIO();
            }
            builder.environment().put("JAVA_HOME", options.javaHome().toString());
            builder.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN_USERNAME);
            builder.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD);
            builder.environment().putAll(options.environment());
            KeycloakServer server = new KeycloakServer(options, builder.start());
            Runtime.getRuntime().addShutdownHook(new Thread(server::close));
            server.awaitReady();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void prepareHome(Options options) throws IOException {
        Path home = options.keycloakHome();
        if (!Files.isExecutable(home.resolve("bin/kc.sh"))) {
            throw new IllegalStateException("No Keycloak distribution at " + home + " (run 'mvn verify' once to unpack it)");
        }
        installProviders(home, concat(options.providerJar(), options.testProviders()));
        if (options.freshDatabase()) {
            Trees.delete(home.resolve("data"));
        }
        if (options.realmImportDir() != null) {
            Path importDir = Files.createDirectories(home.resolve("data/import"));
            try (DirectoryStream<Path> realms = Files.newDirectoryStream(options.realmImportDir(), "*.json")) {
                for (Path realm : realms) {
                    Files.copy(realm, importDir.resolve(realm.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    /**
     * Puts the provider JAR, and no other version of it, into the distribution's {@code providers/};
     * an identical copy already there stays untouched (a newer file would void a production build).
     */
    public static void installProvider(Path home, Path providerJar) throws IOException {
        installProviders(home, List.of(providerJar));
    }

    /** The same for several JARs of the project: those, and no other {@code keycloak-wechat*.jar}. */
    private static void installProviders(Path home, List<Path> jars) throws IOException {
        Path providers = home.resolve("providers");
        Map<Path, Path> wanted = new HashMap<>();
        jars.forEach(jar -> wanted.put(providers.resolve(jar.getFileName()), jar));
        try (DirectoryStream<Path> old = Files.newDirectoryStream(providers, "keycloak-wechat*.jar")) {
            for (Path jar : old) {
                if (!wanted.containsKey(jar) || Files.mismatch(jar, wanted.get(jar)) != -1) {
                    Files.delete(jar);
                }
            }
        }
        for (Map.Entry<Path, Path> jar : wanted.entrySet()) {
            if (Files.notExists(jar.getKey())) {
                Files.copy(jar.getValue(), jar.getKey());
            }
        }
    }

    private static List<Path> concat(Path first, List<Path> rest) {
        List<Path> all = new ArrayList<>(List.of(first));
        all.addAll(rest);
        return all;
    }

    private void awaitReady() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        URI ready = URI.create("http://127.0.0.1:" + options.managementPort() + "/health/ready");
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Keycloak exited with " + process.exitValue() + " while starting:\n" + logTail());
            }
            try {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(500);
        }
        close();
        throw new IllegalStateException("Keycloak was not ready within " + START_TIMEOUT + ":\n" + logTail());
    }

    /** CPU time Keycloak's processes have used so far (for per-request costs that leave out every other process). */
    public Duration cpuTime() {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(process.toHandle()), process.toHandle().descendants())
                .map(handle -> handle.info().totalCpuDuration().orElse(Duration.ZERO))
                .reduce(Duration.ZERO, Duration::plus);
    }

    /** The process id of Keycloak's JVM (a child of {@code kc.sh}), for the JDK's {@code jcmd}. */
    public long jvmPid() {
        return process.toHandle().descendants()
                .filter(handle -> handle.info().command().map(command -> command.endsWith("/java")).orElse(false))
                .mapToLong(ProcessHandle::pid).findFirst()
                .orElseThrow(() -> new IllegalStateException("Keycloak's JVM is not running"));
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + options.httpPort();
    }

    /** The management interface: {@code /health}, and {@code /metrics} when Keycloak runs with {@code --metrics-enabled=true}. */
    public String managementUrl() {
        return "http://127.0.0.1:" + options.managementPort();
    }

    public Path logFile() {
        return options.logFile();
    }

    /** The Keycloak distribution it runs from; in dev mode its H2 database is {@code data/h2/keycloakdb.mv.db} there. */
    public Path home() {
        return options.keycloakHome();
    }

    /** The server log's current length: pass it to {@link #logSince(long)} to read what a test caused. */
    public long logPosition() {
        try {
            return Files.size(options.logFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String logSince(long position) {
        try {
            byte[] all = Files.readAllBytes(options.logFile());
            return new String(all, (int) Math.min(position, all.length), (int) Math.max(0, all.length - position), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String log() {
        return logSince(0);
    }

    private String logTail() {
        if (options.logFile() == null) {
            return "(see the console)";
        }
        String log = log();
        return log.substring(Math.max(0, log.length() - 6000));
    }

    /** Kills Keycloak at once (SIGKILL, no shutdown): the JVM and the {@code kc.sh} that started it. */
    public void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
