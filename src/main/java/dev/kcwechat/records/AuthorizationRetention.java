package dev.kcwechat.records;

import java.time.Duration;
import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.timer.ScheduledTask;

/**
 * Deletes authorization records older than the retention, realm by realm, whether or not their
 * user still exists. One node of a cluster runs it each time.
 */
final class AuthorizationRetention implements ScheduledTask {

    private static final Logger LOG = Logger.getLogger(AuthorizationRetention.class);

    private final int days;

    AuthorizationRetention(int days) {
        this.days = days;
    }

    @Override
    public void run(KeycloakSession session) {
        long before = Time.currentTimeMillis() - Duration.ofDays(days).toMillis();
        session.realms().getRealmsStream().forEach(realm -> {
            int deleted = new AuthorizationRecords(session).deleteBefore(realm, before);
            if (deleted > 0) {
                LOG.infof("Deleted %d authorization records of realm %s made more than %d days ago", deleted, realm.getName(), days);
            }
        });
    }

    @Override
    public String getTaskName() {
        return "kcwechat-authorization-retention";
    }
}
