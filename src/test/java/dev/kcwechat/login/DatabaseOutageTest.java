package dev.kcwechat.login;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.persistence.PersistenceException;
import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;
import org.keycloak.models.ModelException;

class DatabaseOutageTest {

    @Test
    void aRefusedConnectionDeepInsideHibernateAndKeycloakIsAnOutage() {
        SQLException refused = new SQLException("Connection to 127.0.0.1:5432 refused", "08001");
        Throwable wrapped = new ModelException("Database operation failed",
                new PersistenceException("Unable to acquire JDBC Connection", refused));

        assertThat(DatabaseOutage.causedBy(wrapped)).isTrue();
    }

    @Test
    void aServerShuttingDownOrStartingIsAnOutage() {
        assertThat(DatabaseOutage.causedBy(new PersistenceException(new SQLException("terminating connection due to administrator command",
                "57P01")))).isTrue();
        assertThat(DatabaseOutage.causedBy(new SQLException("the database system is starting up", "57P03"))).isTrue();
    }

    @Test
    void aRefusedSocketKeptAsTheOnlyCauseIsAnOutage() {
        assertThat(DatabaseOutage.causedBy(new ModelException("Database operation failed", new ConnectException("Connection refused"))))
                .isTrue();
    }

    @Test
    void theJdbcConnectionExceptionsAreOutagesWhateverTheirState() {
        assertThat(DatabaseOutage.causedBy(new RuntimeException(new SQLTransientConnectionException("pool")))).isTrue();
    }

    @Test
    void otherDatabaseErrorsAndOtherFailuresAreNot() {
        assertThat(DatabaseOutage.causedBy(new PersistenceException(new SQLIntegrityConstraintViolationException("duplicate", "23505"))))
                .isFalse();
        assertThat(DatabaseOutage.causedBy(new SQLException("no state"))).isFalse();
        assertThat(DatabaseOutage.causedBy(new IllegalStateException("bug"))).isFalse();
    }

    @Test
    void aCauseChainWithACycleEnds() {
        RuntimeException first = new RuntimeException("first");
        RuntimeException second = new RuntimeException("second", first);
        first.initCause(second);

        assertThat(DatabaseOutage.causedBy(second)).isFalse();
    }
}
