package dev.kcwechat.minors.store;

import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.keycloak.common.util.Time;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/** Who is whose guardian in a realm, in the extension's table of Keycloak's database. */
public final class GuardianLinks {

    /** A link made by the guardian's approval of a consent request. */
    public static final String APPROVAL = "approval";
    /** A link an admin made. */
    public static final String ADMIN = "admin";

    private final EntityManager em;

    public GuardianLinks(KeycloakSession session) {
        this.em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }

    /** Links them unless they are linked already; an admin's link is kept as the admin's. */
    public GuardianLinkEntity link(RealmModel realm, String childUserId, String guardianUserId, String source, String createdBy) {
        return find(realm, childUserId, guardianUserId).orElseGet(() -> {
            GuardianLinkEntity entity = new GuardianLinkEntity();
            entity.setId(UUID.randomUUID().toString());
            entity.setRealmId(realm.getId());
            entity.setChildUserId(childUserId);
            entity.setGuardianUserId(guardianUserId);
            entity.setSource(source);
            entity.setCreatedAt(Time.currentTimeMillis());
            entity.setCreatedBy(createdBy);
            em.persist(entity);
            return entity;
        });
    }

    public Optional<GuardianLinkEntity> find(RealmModel realm, String childUserId, String guardianUserId) {
        return em.createNamedQuery("kcwechatGuardianLink", GuardianLinkEntity.class)
                .setParameter("realmId", realm.getId())
                .setParameter("childUserId", childUserId)
                .setParameter("guardianUserId", guardianUserId)
                .getResultStream().findFirst();
    }

    /** Whether an admin linked that guardian to that child. */
    public boolean linkedByAdmin(RealmModel realm, String childUserId, String guardianUserId) {
        return find(realm, childUserId, guardianUserId).map(link -> ADMIN.equals(link.getSource())).orElse(false);
    }

    public boolean linked(RealmModel realm, String childUserId, String guardianUserId) {
        return find(realm, childUserId, guardianUserId).isPresent();
    }

    public List<GuardianLinkEntity> guardiansOf(RealmModel realm, String childUserId) {
        return em.createNamedQuery("kcwechatGuardiansOf", GuardianLinkEntity.class)
                .setParameter("realmId", realm.getId())
                .setParameter("childUserId", childUserId)
                .getResultList();
    }

    public List<GuardianLinkEntity> childrenOf(RealmModel realm, String guardianUserId) {
        return em.createNamedQuery("kcwechatChildrenOf", GuardianLinkEntity.class)
                .setParameter("realmId", realm.getId())
                .setParameter("guardianUserId", guardianUserId)
                .getResultList();
    }

    /** The link of that id in this realm, if any. */
    public Optional<GuardianLinkEntity> byId(RealmModel realm, String id) {
        GuardianLinkEntity entity = em.find(GuardianLinkEntity.class, id);
        return entity != null && realm.getId().equals(entity.getRealmId()) ? Optional.of(entity) : Optional.empty();
    }

    public void remove(GuardianLinkEntity link) {
        em.remove(link);
    }
}
