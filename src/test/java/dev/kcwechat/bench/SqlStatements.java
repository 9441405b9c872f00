package dev.kcwechat.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The statements Keycloak sends PostgreSQL, from {@code pg_stat_statements}: reset before a case's
 * round and read after it, so that each case has its statements per login and, summed over its
 * rounds, its most frequent statements (for the profile: {@code target/benchmark/sql-statements.txt}).
 */
final class SqlStatements {

    /** The server settings that load the extension. */
    static final Map<String, String> SERVER_SETTINGS = Map.of("shared_preload_libraries", "pg_stat_statements",
            "pg_stat_statements.max", "5000");
    private static final int TOP = 40;

    private final Supplier<Connection> superuser;
    /** Per case: statement text to calls, over the measured rounds. */
    private final Map<String, Map<String, Long>> perCase = new LinkedHashMap<>();
    private final Map<String, Long> loginsPerCase = new LinkedHashMap<>();

    SqlStatements(Supplier<Connection> superuser) throws SQLException {
        this.superuser = superuser;
        execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
    }

    void reset() {
        try {
            execute("SELECT pg_stat_statements_reset()");
        } catch (SQLException e) {
            throw new IllegalStateException("Resetting pg_stat_statements failed", e);
        }
    }

    /**
     * How many statements ran since {@link #reset()}; added to the case's profile unless {@code name}
     * is null (a warm-up round).
     */
    long add(String name, long logins) {
        Map<String, Long> calls = name == null ? new LinkedHashMap<>() : perCase.computeIfAbsent(name, n -> new LinkedHashMap<>());
        if (name != null) {
            loginsPerCase.merge(name, logins, Long::sum);
        }
        long total = 0;
        try (Connection connection = superuser.get(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT s.query, s.calls FROM pg_stat_statements s"
                     + " JOIN pg_database d ON d.oid = s.dbid AND d.datname = current_database()"
                     + " WHERE s.query NOT LIKE '%pg_stat_statements%'")) {
            while (rows.next()) {
                calls.merge(rows.getString(1), rows.getLong(2), Long::sum);
                total += rows.getLong(2);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Reading pg_stat_statements failed", e);
        }
        return total;
    }

    /** Per case, its most frequent statements with their calls per login. */
    String report() {
        StringBuilder out = new StringBuilder();
        perCase.forEach((name, calls) -> {
            long logins = Math.max(1, loginsPerCase.get(name));
            out.append(String.format("== %s: %.2f statements per login (%d logins)%n", name,
                    calls.values().stream().mapToLong(Long::longValue).sum() / (double) logins, logins));
            List<Map.Entry<String, Long>> top = calls.entrySet().stream()
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(TOP).toList();
            top.forEach(entry -> out.append(String.format("%8.3f  %s%n", entry.getValue() / (double) logins,
                    entry.getKey().replaceAll("\\s+", " "))));
        });
        return out.toString();
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = superuser.get(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
