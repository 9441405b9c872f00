package dev.kcwechat.minors.store;

import jakarta.persistence.EntityManager;
import java.time.LocalDate;
import java.util.UUID;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/** A minor's time of a day, across all their sessions and every node: rows in Keycloak's database. */
public final class ScreenTime {

    private final EntityManager em;

    public ScreenTime(KeycloakSession session) {
        this.em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }

    /** Deletes the realm's rows of days before {@code day}: no budget looks at them again. */
    public int deleteBefore(RealmModel realm, LocalDate day) {
        return em.createNamedQuery("kcwechatOldScreenTime")
                .setParameter("realmId", realm.getId())
                .setParameter("day", day.toString())
                .executeUpdate();
    }

    /** Seconds counted so far on that day. */
    public long secondsOf(RealmModel realm, UserModel user, LocalDate day) {
        return em.createNamedQuery("kcwechatSecondsOfDay", Long.class)
                .setParameter("realmId", realm.getId())
                .setParameter("userId", user.getId())
                .setParameter("day", day.toString())
                .getSingleResult();
    }

    /** Counts a stretch on that day (one insert: the refresh path does nothing else here). */
    public void add(RealmModel realm, UserModel user, LocalDate day, long seconds) {
        if (seconds <= 0) {
            return;
        }
        ScreenTimeEntity entity = new ScreenTimeEntity();
        entity.setId(UUID.randomUUID().toString());
        entity.setRealmId(realm.getId());
        entity.setUserId(user.getId());
        entity.setDay(day.toString());
        entity.setSeconds((int) Math.min(seconds, Integer.MAX_VALUE));
        em.persist(entity);
    }
}
