package dev.kcwechat.login;

import java.net.SocketException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;

/**
 * Tells a failure because Keycloak's database cannot be reached (down, restarting, connection cut)
 * from other failures, whatever the layers (Hibernate, JPA, Keycloak's model) wrapped around it:
 * the JDBC connection exceptions, the SQL states of class 08 (connection exception) and 57P (the
 * server shut down or is starting, PostgreSQL's operator intervention), and a socket that could not
 * connect or was cut (Keycloak's model sometimes keeps only that as the cause).
 */
final class DatabaseOutage {

    /** Deeper cause chains than this are not followed (they do not occur; a cycle would). */
    private static final int MAX_DEPTH = 32;

    private DatabaseOutage() {
    }

    static boolean causedBy(Throwable failure) {
        Throwable cause = failure;
        for (int depth = 0; cause != null && depth < MAX_DEPTH; depth++) {
            if (cause instanceof SQLTransientConnectionException || cause instanceof SQLNonTransientConnectionException
                    || cause instanceof SQLRecoverableException || cause instanceof SocketException) {
                return true;
            }
            if (cause instanceof SQLException sql && isConnectionState(sql.getSQLState())) {
                return true;
            }
            cause = cause.getCause();
        }
        return false;
    }

    private static boolean isConnectionState(String sqlState) {
        return sqlState != null && (sqlState.startsWith("08") || sqlState.startsWith("57P"));
    }
}
