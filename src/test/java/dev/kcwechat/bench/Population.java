package dev.kcwechat.bench;

import dev.kcwechat.bench.PopulationSql.Column;
import dev.kcwechat.bench.PopulationSql.Table;
import dev.kcwechat.bench.PopulationSql.Template;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Puts a population of WeChat-linked users with their sessions into Keycloak's PostgreSQL
 * database in bulk, as clones of what one real first login wrote ({@link PopulationSql}), in one
 * transaction while Keycloak runs: none of the clones has been looked up yet, so no cache of
 * Keycloak's holds a stale answer about them; Keycloak loads them from the database like any user
 * and session it has not seen (persistent user sessions: {@code offline_user_session} and
 * {@code offline_client_session} with {@code offline_flag = '0'} hold the online sessions).
 */
final class Population {

    /** The tables that hold a user's data, and how each is cloned. */
    static final List<Table> TABLES = List.of(
            // the template's e-mail holds its username, so each clone's e-mail and email_constraint are its own
            Table.ofUser("user_entity", "id"),
            Table.ofUser("user_attribute", "user_id", "id"),
            Table.ofUser("user_role_mapping", "user_id"),
            Table.ofUser("user_group_membership", "user_id"),
            Table.ofUser("federated_identity", "user_id"),
            // the template's password (for the password grant over the population): every clone has the same
            Table.ofUser("credential", "user_id", "id"),
            Table.ofUser("kcwechat_authorization", "user_id", "id"),
            Table.ofSession("offline_user_session", "user_id", "t.offline_flag = '0'"),
            Table.ofSession("offline_client_session", null, "t.offline_flag = '0'"));
    /** Tables with a user_id column that a first login leaves alone or that are not a user's data. */
    private static final Set<String> NOT_CLONED = Set.of("admin_event_entity", "event_entity");
    private static final Duration TEMPLATE_WAIT = Duration.ofSeconds(30);

    private final Supplier<Connection> database;

    Population(Supplier<Connection> database) {
        this.database = database;
    }

    /**
     * The rows of the template user, who signed in once through the stand-in: its id and its one
     * online session (the session is written to the database by Keycloak's persister, which may lag
     * the token response a little).
     */
    Template template(String realm, String username, String unionid, String openid) throws SQLException, InterruptedException {
        Instant deadline = Instant.now().plus(TEMPLATE_WAIT);
        try (Connection connection = database.get();
             PreparedStatement query = connection.prepareStatement("SELECT u.id, s.user_session_id FROM user_entity u"
                     + " JOIN realm r ON r.id = u.realm_id AND r.name = ?"
                     + " JOIN offline_user_session s ON s.user_id = u.id AND s.offline_flag = '0'"
                     + " JOIN offline_client_session c ON c.user_session_id = s.user_session_id AND c.offline_flag = '0'"
                     + " WHERE u.username = ?")) {
            query.setString(1, realm);
            query.setString(2, username);
            while (true) {
                try (ResultSet rows = query.executeQuery()) {
                    if (rows.next()) {
                        return new Template(rows.getString(1), unionid, openid, username, rows.getString(2));
                    }
                }
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("The template user " + username + " or its session is not in the database");
                }
                Thread.sleep(200);
            }
        }
    }

    /** Clones the template into {@code users} users with {@code sessions} sessions; returns how long it took. */
    Duration provision(PopulationSql sql, Template template, int users, int sessions) throws SQLException {
        long start = System.nanoTime();
        try (Connection connection = database.get()) {
            checkEveryTableIsCloned(connection, template);
            checkEmailIsPerClone(connection, template);
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                List<String> statements = new ArrayList<>(sql.createUsers(users));
                statements.addAll(sql.createSessions(sessions, users));
                for (Table table : TABLES) {
                    statements.add(sql.copy(table, columns(connection, table.name())));
                }
                statements.add("DROP TABLE " + PopulationSql.SESSIONS);
                statements.add("DROP TABLE " + PopulationSql.USERS);
                for (String each : statements) {
                    statement.execute(each);
                }
                connection.commit();
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            }
            connection.setAutoCommit(true);
            try (Statement statement = connection.createStatement()) {
                statement.execute("ANALYZE");
            }
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** Rows in a table: what the run reports of the population. */
    long count(String table, String where) throws SQLException {
        try (Connection connection = database.get(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT count(*) FROM " + table + (where.isEmpty() ? "" : " WHERE " + where))) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** Fails when the template user has rows in a table with a user_id column that the clones would lack. */
    private static void checkEveryTableIsCloned(Connection connection, Template template) throws SQLException {
        Set<String> cloned = TABLES.stream().map(Table::name).collect(Collectors.toSet());
        List<String> userTables = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT table_name FROM information_schema.columns"
                     + " WHERE table_schema = current_schema() AND column_name = 'user_id'")) {
            while (rows.next()) {
                userTables.add(rows.getString(1));
            }
        }
        for (String table : userTables) {
            if (cloned.contains(table) || NOT_CLONED.contains(table)) {
                continue;
            }
            try (PreparedStatement count = connection.prepareStatement(PopulationSql.templateRows(table, "user_id"))) {
                count.setString(1, template.userId());
                try (ResultSet rows = count.executeQuery()) {
                    rows.next();
                    if (rows.getLong(1) > 0) {
                        throw new IllegalStateException("A first login wrote rows to " + table + ", which the population does not clone");
                    }
                }
            }
        }
    }

    /**
     * Fails unless the template's e-mail and email_constraint (unique in the realm) hold its
     * username, which each clone's replace: a user without an e-mail, with its random
     * email_constraint, would give every clone the same one.
     */
    private static void checkEmailIsPerClone(Connection connection, Template template) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT email, email_constraint FROM user_entity WHERE id = ?")) {
            query.setString(1, template.userId());
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                for (int column = 1; column <= 2; column++) {
                    String value = rows.getString(column);
                    if (value == null || !value.contains(template.username())) {
                        throw new IllegalStateException("The template user's e-mail does not hold its username " + template.username()
                                + ": " + rows.getString(1) + " / " + rows.getString(2));
                    }
                }
            }
        }
    }

    private static List<Column> columns(Connection connection, String table) throws SQLException {
        List<Column> columns = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement("SELECT column_name, data_type FROM information_schema.columns"
                + " WHERE table_schema = current_schema() AND table_name = ? ORDER BY ordinal_position")) {
            query.setString(1, table);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    columns.add(new Column(rows.getString(1), rows.getString(2)));
                }
            }
        }
        if (columns.isEmpty()) {
            throw new IllegalStateException("No table " + table + " in Keycloak's database");
        }
        return columns;
    }
}
