package dev.kcwechat.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kcwechat.bench.PopulationSql.Column;
import dev.kcwechat.bench.PopulationSql.Table;
import dev.kcwechat.bench.PopulationSql.Template;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PopulationSqlTest {

    private static final Template TEMPLATE = new Template("1111-user", "uStandIn_template", "oStandIn_template",
            "wechat-7553", "2222-session");
    private static final PopulationSql SQL = new PopulationSql(TEMPLATE, "p", "uStandIn_", "oStandIn_", "wechat-");

    @Test
    void usersAreNumberedFromZeroWithTheStandInsIdsAndTheExtensionsUsername() {
        String create = SQL.createUsers(100_000).get(1);
        assertTrue(create.contains("'uStandIn_p' || g AS unionid"), create);
        assertTrue(create.contains("'oStandIn_p' || g AS openid"), create);
        assertTrue(create.contains("'wechat-' || encode(convert_to('uStandIn_p' || g, 'UTF8'), 'hex') AS username"), create);
        assertTrue(create.endsWith("FROM generate_series(0, 99999) g"), create);
    }

    @Test
    void sessionsAreDealtRoundRobinOverTheUsers() {
        String create = SQL.createSessions(200_000, 100_000).get(1);
        assertTrue(create.contains("FROM generate_series(0, 199999) g JOIN bench_population p ON p.n = g % 100000"), create);
    }

    @Test
    void aUserTableCopiesTheTemplatesRowsWithTheUserIdReplacedAndItsOwnIdRenewed() {
        String copy = SQL.copy(Table.ofUser("user_attribute", "user_id", "id"),
                List.of(new Column("name", "character varying"), new Column("value", "character varying"),
                        new Column("user_id", "character varying"), new Column("id", "character varying")));
        assertTrue(copy.startsWith("INSERT INTO user_attribute (name, value, user_id, id) SELECT "), copy);
        assertTrue(copy.contains(", p.user_id, gen_random_uuid()::text FROM bench_population p CROSS JOIN user_attribute t"
                + " WHERE t.user_id = '1111-user'"), copy);
    }

    @Test
    void textColumnsGetTheClonesIdsWhereverTheTemplatesOccurAndOtherColumnsAreCopied() {
        String copy = SQL.copy(Table.ofUser("user_entity", "id"),
                List.of(new Column("id", "character varying"), new Column("username", "character varying"),
                        new Column("created_timestamp", "bigint"), new Column("enabled", "boolean")));
        assertTrue(copy.contains("replace(replace(replace(replace(t.username, 'wechat-7553', p.username),"
                + " 'uStandIn_template', p.unionid), 'oStandIn_template', p.openid), '1111-user', p.user_id)"), copy);
        assertTrue(copy.contains(", t.created_timestamp, t.enabled FROM"), copy);
        assertTrue(copy.contains("SELECT p.user_id, "), copy);
    }

    @Test
    void theClonesEmailAndEmailConstraintAreTheTemplatesWithTheClonesUsername() {
        String copy = SQL.copy(Population.TABLES.get(0),
                List.of(new Column("id", "character varying"), new Column("email", "character varying"),
                        new Column("email_constraint", "character varying"), new Column("first_name", "character varying")));
        assertTrue(copy.startsWith("INSERT INTO user_entity (id, email, email_constraint, first_name) SELECT p.user_id, "), copy);
        for (String column : List.of("email", "email_constraint", "first_name")) {
            assertTrue(copy.contains("replace(replace(replace(replace(t." + column + ", 'wechat-7553', p.username),"
                    + " 'uStandIn_template', p.unionid), 'oStandIn_template', p.openid), '1111-user', p.user_id)"), copy);
        }
        assertFalse(copy.contains("gen_random_uuid()"), copy);
    }

    @Test
    void thePasswordIsClonedWithItsOwnIdAndTheSaltCopied() {
        Table credential = Population.TABLES.stream().filter(table -> table.name().equals("credential")).findFirst().orElseThrow();
        String copy = SQL.copy(credential,
                List.of(new Column("id", "character varying"), new Column("salt", "bytea"), new Column("type", "character varying"),
                        new Column("user_id", "character varying"), new Column("created_date", "bigint"),
                        new Column("secret_data", "text"), new Column("credential_data", "text"), new Column("priority", "integer")));
        assertTrue(copy.startsWith("INSERT INTO credential (id, salt, type, user_id, created_date, secret_data, credential_data, priority)"
                + " SELECT gen_random_uuid()::text, t.salt, replace("), copy);
        assertTrue(copy.contains(", p.user_id, t.created_date, replace(replace(replace(replace(t.secret_data, "), copy);
        assertTrue(copy.endsWith(", t.priority FROM bench_population p CROSS JOIN credential t WHERE t.user_id = '1111-user'"), copy);
    }

    @Test
    void everyTableOfAUsersDataIsClonedOnce() {
        List<String> names = Population.TABLES.stream().map(Table::name).toList();
        assertEquals(List.of("user_entity", "user_attribute", "user_role_mapping", "user_group_membership", "federated_identity",
                "credential", "kcwechat_authorization", "offline_user_session", "offline_client_session"), names);
    }

    @Test
    void aSessionTableCopiesTheTemplateSessionsRowsOncePerSession() {
        String copy = SQL.copy(Table.ofSession("offline_client_session", null, "t.offline_flag = '0'"),
                List.of(new Column("user_session_id", "character varying"), new Column("client_id", "character varying"),
                        new Column("data", "text"), new Column("timestamp", "integer")));
        assertTrue(copy.contains("SELECT p.session_id, replace("), copy);
        assertTrue(copy.endsWith("FROM bench_population_sessions p CROSS JOIN offline_client_session t"
                + " WHERE t.user_session_id = '2222-session' AND t.offline_flag = '0'"), copy);
        assertFalse(copy.contains("p.user_id,"), copy);
    }

    @Test
    void aSessionsUserColumnIsTheClonesUser() {
        String copy = SQL.copy(Table.ofSession("offline_user_session", "user_id", "t.offline_flag = '0'"),
                List.of(new Column("user_session_id", "character varying"), new Column("user_id", "character varying")));
        assertTrue(copy.contains("SELECT p.session_id, p.user_id FROM bench_population_sessions p"), copy);
    }

    @Test
    void quotesInLiteralsAreDoubled() {
        assertEquals("'o''Brien'", PopulationSql.literal("o'Brien"));
    }

    @ParameterizedTest
    @CsvSource({",H2", "h2,H2", "postgres,POSTGRES", "PostgreSQL,POSTGRES"})
    void theDatabaseIsH2UnlessPostgresIsAskedFor(String property, BenchDatabase expected) {
        assertEquals(expected, BenchDatabase.of(property));
    }

    @Test
    void anUnknownDatabaseIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> BenchDatabase.of("mysql"));
    }
}
