package dev.kcwechat.minors.store;

import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.keycloak.common.util.Time;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/** The consent records of a realm, in the extension's table of Keycloak's database. */
public final class ConsentRecords {

    public static final String APPROVE = "approve";
    public static final String DECLINE = "decline";
    /** The decision of a record of a guardian's own limits for the child (its scope says which). */
    public static final String LIMITS = "limits";

    private final EntityManager em;

    public ConsentRecords(KeycloakSession session) {
        this.em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }

    /** Records a guardian's decision on a request. */
    public GuardianConsentEntity record(ConsentRequest request, String guardianUserId, String decision, String birthdate,
                                        String ipAddress, String userAgent) {
        GuardianConsentEntity entity = new GuardianConsentEntity();
        entity.setId(UUID.randomUUID().toString());
        entity.setRealmId(request.realmId());
        entity.setChildUserId(request.childUserId());
        entity.setGuardianUserId(guardianUserId);
        entity.setClientId(request.clientId());
        entity.setScope(request.scope());
        entity.setDecision(decision);
        entity.setBirthdate(birthdate);
        entity.setRequestId(request.id());
        entity.setCreatedAt(Time.currentTimeMillis());
        entity.setIpAddress(truncate(ipAddress, 64));
        entity.setUserAgent(truncate(userAgent, 512));
        em.persist(entity);
        return entity;
    }

    /** Records a guardian's change of the child's own limits, made through {@code clientId}: {@code scope} says what they are now. */
    public GuardianConsentEntity recordLimits(RealmModel realm, String childUserId, String guardianUserId, String clientId, String limits,
                                              String ipAddress, String userAgent) {
        String id = UUID.randomUUID().toString();
        return record(new ConsentRequest(id, realm.getId(), childUserId, clientId, limits, Time.currentTimeMillis()), guardianUserId,
                LIMITS, null, ipAddress, userAgent);
    }

    /** The records of a child, oldest first. */
    public List<GuardianConsentEntity> ofChild(RealmModel realm, String childUserId) {
        return list(realm, childUserId, 0, Long.MAX_VALUE).stream()
                .filter(record -> childUserId.equals(record.getChildUserId())).toList();
    }

    /** Whether a guardian's approval for that child and client is in force. */
    public boolean hasActiveConsent(RealmModel realm, String childUserId, String clientId) {
        return !em.createNamedQuery("kcwechatActiveConsent", GuardianConsentEntity.class)
                .setParameter("realmId", realm.getId())
                .setParameter("childUserId", childUserId)
                .setParameter("clientId", clientId)
                .setMaxResults(1)
                .getResultList().isEmpty();
    }

    public Optional<GuardianConsentEntity> find(RealmModel realm, String id) {
        if (id == null) {
            return Optional.empty();
        }
        GuardianConsentEntity entity = em.find(GuardianConsentEntity.class, id);
        return entity == null || !entity.getRealmId().equals(realm.getId()) ? Optional.empty() : Optional.of(entity);
    }

    public void revoke(GuardianConsentEntity entity, String byUserId) {
        entity.setRevokedAt(Time.currentTimeMillis());
        entity.setRevokedBy(byUserId);
    }

    /**
     * Records decided in {@code [from, to)} (epoch milliseconds), oldest first; with a user id, only
     * those where that user is the child or the guardian.
     */
    public List<GuardianConsentEntity> list(RealmModel realm, String userId, long from, long to) {
        var query = userId == null
                ? em.createNamedQuery("kcwechatConsentsInRealm", GuardianConsentEntity.class)
                : em.createNamedQuery("kcwechatConsentsOfUser", GuardianConsentEntity.class).setParameter("userId", userId);
        return query.setParameter("realmId", realm.getId()).setParameter("from", from).setParameter("to", to).getResultList();
    }

    /** Deletes declines decided, and approvals revoked, before that time (epoch milliseconds); approvals in force stay. */
    public int deleteEndedBefore(RealmModel realm, long before) {
        return em.createNamedQuery("kcwechatEndedConsents").setParameter("realmId", realm.getId())
                .setParameter("before", before).executeUpdate();
    }

    private static String truncate(String value, int length) {
        return value == null || value.length() <= length ? value : value.substring(0, length);
    }
}
