package dev.kcwechat.minors.store;

import dev.kcwechat.minors.policy.ChildLimits;
import dev.kcwechat.minors.policy.Curfew;
import jakarta.persistence.EntityManager;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import org.keycloak.common.util.Time;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/** Guardians' own limits for their children, in the extension's table of Keycloak's database. */
public final class ChildPolicies {

    private final EntityManager em;

    public ChildPolicies(KeycloakSession session) {
        this.em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }

    /** The child's limits; none when no guardian set any. */
    public ChildLimits limitsOf(RealmModel realm, String childUserId) {
        return find(realm, childUserId).map(ChildPolicies::limits).orElse(ChildLimits.NONE);
    }

    /** Replaces the child's limits. */
    public void set(RealmModel realm, String childUserId, ChildLimits limits, String guardianUserId) {
        Optional<ChildPolicyEntity> existing = find(realm, childUserId);
        ChildPolicyEntity entity = existing.orElseGet(ChildPolicyEntity::new);
        entity.setCurfew(limits.curfew().map(Curfew::window).orElse(null));
        entity.setDailyMinutes(limits.dailyMinutes().isPresent() ? limits.dailyMinutes().getAsInt() : null);
        entity.setUpdatedAt(Time.currentTimeMillis());
        entity.setUpdatedBy(guardianUserId);
        if (existing.isEmpty()) {
            entity.setId(UUID.randomUUID().toString());
            entity.setRealmId(realm.getId());
            entity.setChildUserId(childUserId);
            em.persist(entity);
        }
    }

    private Optional<ChildPolicyEntity> find(RealmModel realm, String childUserId) {
        return em.createNamedQuery("kcwechatChildPolicy", ChildPolicyEntity.class)
                .setParameter("realmId", realm.getId())
                .setParameter("childUserId", childUserId)
                .getResultStream().findFirst();
    }

    private static ChildLimits limits(ChildPolicyEntity entity) {
        return new ChildLimits(entity.getCurfew() == null ? Optional.empty() : Curfew.fromConfig(entity.getCurfew()),
                entity.getDailyMinutes() == null ? OptionalInt.empty() : OptionalInt.of(entity.getDailyMinutes()));
    }
}
