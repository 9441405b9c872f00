package dev.kcwechat.guardian;

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

    /** Seconds counted so far on that day. */
    public long secondsOf(RealmModel realm, UserModel user, LocalDate day) {
        return em.createNamedQuery("kcwechatSecondsOfDay", Long.class)
                .setParameter("realmId", realm.getId())
                .setParameter("userId", user.getId())
                .setParameter("day", day.toString())
                .getSingleResult();
    }

    /** Counts a stretch on that day; the user's rows of earlier days, no longer needed, go. */
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
        em.createNamedQuery("kcwechatOldScreenTime")
                .setParameter("realmId", realm.getId())
                .setParameter("userId", user.getId())
                .setParameter("day", day.minusDays(1).toString())
                .executeUpdate();
    }
}
