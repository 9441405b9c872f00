package dev.kcwechat.minors.store;

import dev.kcwechat.minors.policy.GuardianPolicy;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.timer.ScheduledTask;

/**
 * Deletes consent records past their retention, realm by realm: declines decided, and approvals
 * revoked, more than {@code consentRetentionDays} ago (the realm's guardian
 * policy, never less than 1095). Approvals in force are kept, whatever their age. Also drops
 * minors' counted time of past days. One node of a cluster runs it each time; a second run would
 * find nothing left to delete.
 */
final class ConsentRetention implements ScheduledTask {

    private static final Logger LOG = Logger.getLogger(ConsentRetention.class);

    @Override
    public void run(KeycloakSession session) {
        session.realms().getRealmsStream().forEach(realm -> {
            int days = retentionDays(session, realm);
            Instant before = PolicyClock.now(session, realm).minus(Duration.ofDays(days));
            int deleted = new ConsentRecords(session).deleteEndedBefore(realm, before.toEpochMilli());
            if (deleted > 0) {
                LOG.infof("Deleted %d guardian-consent records of realm %s ended more than %d days ago", deleted, realm.getName(), days);
            }
            // minors' counted time of days before yesterday (UTC): every time zone's today is later
            new ScreenTime(session).deleteBefore(realm, LocalDate.ofInstant(PolicyClock.now(session, realm), ZoneOffset.UTC).minusDays(1));
        });
    }

    @Override
    public String getTaskName() {
        return "kcwechat-consent-retention";
    }

    /** The realm's retention; 1095 days when its settings are invalid (they cannot shorten it). */
    static int retentionDays(KeycloakSession session, RealmModel realm) {
        try {
            return GuardianSettings.of(session, realm).consentRetentionDays();
        } catch (IllegalArgumentException e) {
            return GuardianPolicy.MIN_RETENTION_DAYS;
        }
    }
}
