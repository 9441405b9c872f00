package dev.kcwechat.minors.store;

import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import java.util.function.ToLongFunction;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelException;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * A minor's time of a day, across all their sessions and every node: one row per minor and day in
 * Keycloak's database, counted in a transaction of its own (a refused login rolls its own back, and
 * the time it took still counts).
 */
public final class ScreenTime {

    private final KeycloakSession session;

    public ScreenTime(KeycloakSession session) {
        this.session = session;
    }

    /** Deletes the realm's rows of days before {@code day}: no budget looks at them again. */
    public int deleteBefore(RealmModel realm, LocalDate day) {
        return em(session).createNamedQuery("kcwechatOldScreenTime")
                .setParameter("realmId", realm.getId())
                .setParameter("day", day.toString())
                .executeUpdate();
    }

    /** Seconds counted on that day so far (nothing is counted by asking). */
    public long secondsOf(RealmModel realm, UserModel user, LocalDate day) {
        return em(session).createNamedQuery("kcwechatScreenDay", ScreenTimeEntity.class)
                .setParameter("realmId", realm.getId())
                .setParameter("userId", user.getId())
                .setParameter("day", day.toString())
                .getResultStream().findFirst().map(ScreenTimeEntity::getSeconds).orElse(0);
    }

    /**
     * Counts a token issued {@code now}: the day's row gains what {@code credit} makes of the time
     * since the last token (0 for the day's first), and remembers {@code now}.
     *
     * @param credit seconds to count, given when the last token was issued
     * @return the seconds counted on that day so far, this token's included
     */
    public long count(RealmModel realm, UserModel user, LocalDate day, Instant now, ToLongFunction<Instant> credit) {
        String realmId = realm.getId();
        String userId = user.getId();
        for (int attempt = 1; ; attempt++) {
            try {
                return KeycloakModelUtils.runJobInTransactionWithResult(session.getKeycloakSessionFactory(), session.getContext(),
                        s -> countIn(em(s), realmId, userId, day, now, credit), "WeChat guardian screen time");
            } catch (PersistenceException | ModelException e) {
                // two first tokens of the day raced for the row: the other one's insert won, the next try updates it
                if (attempt == 3) {
                    throw e;
                }
            }
        }
    }

    private static long countIn(EntityManager em, String realmId, String userId, LocalDate day, Instant now, ToLongFunction<Instant> credit) {
        ScreenTimeEntity row = em.createNamedQuery("kcwechatScreenDay", ScreenTimeEntity.class)
                .setParameter("realmId", realmId)
                .setParameter("userId", userId)
                .setParameter("day", day.toString())
                .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .getResultStream().findFirst().orElse(null);
        if (row == null) {
            row = new ScreenTimeEntity();
            row.setId(UUID.randomUUID().toString());
            row.setRealmId(realmId);
            row.setUserId(userId);
            row.setDay(day.toString());
            row.setSeconds(0);
            row.setLastSeen(now.getEpochSecond());
            em.persist(row);
            em.flush();
            return 0;
        }
        long added = Math.max(0, credit.applyAsLong(Instant.ofEpochSecond(row.getLastSeen())));
        row.setSeconds((int) Math.min(row.getSeconds() + added, Integer.MAX_VALUE));
        row.setLastSeen(now.getEpochSecond());
        return row.getSeconds();
    }

    private static EntityManager em(KeycloakSession session) {
        return session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }
}
