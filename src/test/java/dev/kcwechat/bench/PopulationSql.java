package dev.kcwechat.bench;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The SQL (PostgreSQL) that puts a population of WeChat-linked users and their sessions into
 * Keycloak's tables in bulk by cloning what one real first login wrote: the template user's rows in
 * every table that holds a user's data, and the rows of the template's user session and its client
 * session. Each clone is the template's row with the template's ids (user id, unionid, openid,
 * username) replaced by the clone's wherever they occur in a text column (usernames, links,
 * attributes, the session's JSON); a table's own row id (and any other random unique key) is renewed.
 *
 * <p>The population is numbered: user {@code n} is the stand-in's user {@code <prefix><n>} (its
 * unionid, openid and username as {@link WeChatStandIn} and the extension make them); the
 * sessions are dealt round-robin, so with twice as many sessions as users each user has two.
 */
final class PopulationSql {

    /** The staging table of the population: n, user_id, unionid, openid, username. */
    static final String USERS = "bench_population";
    /** The staging table of the sessions: session_id and the user's columns. */
    static final String SESSIONS = "bench_population_sessions";

    /** What the template's first login wrote, and how the stand-in and the extension name a user. */
    record Template(String userId, String unionid, String openid, String username, String sessionId) {
    }

    /** How a table's template rows are found and cloned: by the user's column, or by the session's. */
    record Table(String name, String userColumn, String sessionColumn, Set<String> renewedIds, String filter) {

        static Table ofUser(String name, String userColumn, String... renewedIds) {
            return new Table(name, userColumn, null, Set.of(renewedIds), null);
        }

        static Table ofSession(String name, String userColumn, String filter) {
            return new Table(name, userColumn, "user_session_id", Set.of(), filter);
        }

        boolean perSession() {
            return sessionColumn != null;
        }
    }

    /** A column of a table, as information_schema names it and its type. */
    record Column(String name, String dataType) {

        boolean text() {
            return dataType.equals("character varying") || dataType.equals("text") || dataType.equals("character");
        }
    }

    private final Template template;
    private final String userPrefix;
    private final String unionidPrefix;
    private final String openidPrefix;
    private final String usernamePrefix;

    /**
     * @param userPrefix     the stand-in user of clone n is {@code userPrefix + n}
     * @param unionidPrefix  a stand-in user's unionid is this and the user's name ({@link WeChatStandIn#unionid})
     * @param openidPrefix   its openid likewise
     * @param usernamePrefix a Keycloak username is this and the hex of the unionid's UTF-8 bytes
     */
    PopulationSql(Template template, String userPrefix, String unionidPrefix, String openidPrefix, String usernamePrefix) {
        this.template = template;
        this.userPrefix = userPrefix;
        this.unionidPrefix = unionidPrefix;
        this.openidPrefix = openidPrefix;
        this.usernamePrefix = usernamePrefix;
    }

    /** The staging table of {@code users} users, numbered from 0. */
    List<String> createUsers(int users) {
        String unionid = literal(unionidPrefix + userPrefix) + " || g";
        return List.of("DROP TABLE IF EXISTS " + USERS,
                "CREATE UNLOGGED TABLE " + USERS + " AS SELECT g AS n, gen_random_uuid()::text AS user_id, "
                        + unionid + " AS unionid, " + literal(openidPrefix + userPrefix) + " || g AS openid, "
                        + literal(usernamePrefix) + " || encode(convert_to(" + unionid + ", 'UTF8'), 'hex') AS username"
                        + " FROM generate_series(0, " + (users - 1) + ") g",
                "CREATE UNIQUE INDEX ON " + USERS + " (n)");
    }

    /** The staging table of {@code sessions} sessions dealt round-robin over the {@code users} users. */
    List<String> createSessions(int sessions, int users) {
        return List.of("DROP TABLE IF EXISTS " + SESSIONS,
                "CREATE UNLOGGED TABLE " + SESSIONS + " AS SELECT gen_random_uuid()::text AS session_id, p.*"
                        + " FROM generate_series(0, " + (sessions - 1) + ") g JOIN " + USERS + " p ON p.n = g % " + users);
    }

    /** Clones the template's rows of that table for every user (a user table) or every session (a session table). */
    String copy(Table table, List<Column> columns) {
        String into = columns.stream().map(Column::name).collect(Collectors.joining(", "));
        String values = columns.stream().map(column -> value(table, column)).collect(Collectors.joining(", "));
        String templateRows = table.perSession()
                ? "t." + table.sessionColumn() + " = " + literal(template.sessionId())
                : "t." + table.userColumn() + " = " + literal(template.userId());
        return "INSERT INTO " + table.name() + " (" + into + ") SELECT " + values
                + " FROM " + (table.perSession() ? SESSIONS : USERS) + " p CROSS JOIN " + table.name() + " t"
                + " WHERE " + templateRows + (table.filter() == null ? "" : " AND " + table.filter());
    }

    private String value(Table table, Column column) {
        if (column.name().equals(table.userColumn())) {
            return "p.user_id";
        }
        if (column.name().equals(table.sessionColumn())) {
            return "p.session_id";
        }
        if (table.renewedIds().contains(column.name())) {
            return "gen_random_uuid()::text";
        }
        return column.text() ? substituted("t." + column.name()) : "t." + column.name();
    }

    /** The template's ids in that text replaced by the clone's (the username first: it holds none of the others). */
    private String substituted(String expression) {
        String replaced = expression;
        replaced = "replace(" + replaced + ", " + literal(template.username()) + ", p.username)";
        replaced = "replace(" + replaced + ", " + literal(template.unionid()) + ", p.unionid)";
        replaced = "replace(" + replaced + ", " + literal(template.openid()) + ", p.openid)";
        return "replace(" + replaced + ", " + literal(template.userId()) + ", p.user_id)";
    }

    /** How many rows of that table belong to the template user: the check that no table of a user's data is left out. */
    static String templateRows(String table, String userColumn) {
        return "SELECT count(*) FROM " + table + " WHERE " + userColumn + " = ?";
    }

    static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }
}
