package dev.kcwechat.records;

import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import jakarta.ws.rs.core.HttpHeaders;
import java.util.ArrayList;
import java.util.List;
import org.keycloak.common.util.Time;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * The authorization records of a realm, written in the caller's transaction: the record and the
 * act it records commit together, or neither does. A record names the request's client address
 * and user agent.
 */
public final class AuthorizationRecords {

    private static final int DETAIL_LENGTH = 1024;
    private static final int USER_AGENT_LENGTH = 512;

    private final KeycloakSession session;
    private final EntityManager em;

    public AuthorizationRecords(KeycloakSession session) {
        this.session = session;
        this.em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }

    /** What is recorded: who, through which client (null when none), what, and under which privacy policy (null when not tracked). */
    public record Act(String userId, String clientId, AuthorizationKind kind, String detail, String privacyVersion) {
    }

    public AuthorizationRecord record(RealmModel realm, Act act) {
        AuthorizationRecordEntity entity = new AuthorizationRecordEntity();
        entity.setId(KeycloakModelUtils.generateId());
        entity.setRealmId(realm.getId());
        entity.setUserId(act.userId());
        entity.setClientId(act.clientId());
        entity.setKind(act.kind().id());
        entity.setDetail(cut(act.detail(), DETAIL_LENGTH));
        entity.setPrivacyVersion(act.privacyVersion());
        entity.setCreatedAt(Time.currentTimeMillis());
        entity.setIpAddress(session.getContext().getConnection() == null ? null : session.getContext().getConnection().getRemoteAddr());
        HttpHeaders headers = session.getContext().getRequestHeaders();
        entity.setUserAgent(headers == null ? null : cut(headers.getHeaderString(HttpHeaders.USER_AGENT), USER_AGENT_LENGTH));
        em.persist(entity);
        return AuthorizationRecord.of(entity);
    }

    /** The details of a user's {@code scope} records for a client: the scopes they granted it, a login at a time. */
    public List<String> grantedScopes(RealmModel realm, String userId, String clientId) {
        return em.createNamedQuery("kcwechatScopesGranted", String.class).setParameter("realmId", realm.getId())
                .setParameter("userId", userId).setParameter("clientId", clientId).setParameter("kind", AuthorizationKind.SCOPE.id())
                .getResultList();
    }

    /** A user's records, oldest first. */
    public List<AuthorizationRecord> ofUser(RealmModel realm, String userId) {
        return em.createNamedQuery("kcwechatAuthorizationsOfUser", AuthorizationRecordEntity.class)
                .setParameter("realmId", realm.getId()).setParameter("userId", userId)
                .getResultStream().map(AuthorizationRecord::of).toList();
    }

    /** What an export keeps: each filter null when not filtering; {@code [from, to)} in epoch milliseconds. */
    public record Filter(String userId, String kind, String clientId, long from, long to) {
    }

    /** Where a batch ends: the last record's {@code createdAt} and {@code id}, the order of an export. */
    public record Cursor(long createdAt, String id) {

        static Cursor after(AuthorizationRecord last) {
            return new Cursor(last.createdAt(), last.id());
        }
    }

    /**
     * The realm's records that pass the filter, oldest first (by {@code createdAt}, then {@code id}):
     * at most {@code max} of those after the cursor (from the start when it is null), skipping
     * {@code skip} of them. A cursor, not an offset, goes from one batch to the next: each batch
     * costs the same, however far into the records it is.
     */
    public List<AuthorizationRecord> batch(RealmModel realm, Filter filter, Cursor after, int skip, int max) {
        StringBuilder jpql = new StringBuilder("select a from AuthorizationRecordEntity a where a.realmId = :realmId"
                + " and a.createdAt >= :from and a.createdAt < :to");
        if (filter.userId() != null) {
            jpql.append(" and a.userId = :userId");
        }
        if (filter.kind() != null) {
            jpql.append(" and a.kind = :kind");
        }
        if (filter.clientId() != null) {
            jpql.append(" and a.clientId = :clientId");
        }
        if (after != null) {
            // the first condition, implied by the second, lets the database start its index scan at the cursor
            jpql.append(" and a.createdAt >= :afterCreatedAt and (a.createdAt > :afterCreatedAt or a.id > :afterId)");
        }
        jpql.append(" order by a.createdAt, a.id");
        TypedQuery<AuthorizationRecordEntity> query = em.createQuery(jpql.toString(), AuthorizationRecordEntity.class)
                .setParameter("realmId", realm.getId()).setParameter("from", filter.from()).setParameter("to", filter.to());
        if (filter.userId() != null) {
            query.setParameter("userId", filter.userId());
        }
        if (filter.kind() != null) {
            query.setParameter("kind", filter.kind());
        }
        if (filter.clientId() != null) {
            query.setParameter("clientId", filter.clientId());
        }
        if (after != null) {
            query.setParameter("afterCreatedAt", after.createdAt()).setParameter("afterId", after.id());
        }
        List<AuthorizationRecord> records = new ArrayList<>(max);
        for (AuthorizationRecordEntity entity : query.setFirstResult(skip).setMaxResults(max).getResultList()) {
            records.add(AuthorizationRecord.of(entity));
            // read only: nothing of an export stays in the persistence context
            em.detach(entity);
        }
        return records;
    }

    /** Deletes a user's records: only to undo a registration that did not happen after all. */
    public void deleteOfUser(RealmModel realm, String userId) {
        em.createNamedQuery("kcwechatAuthorizationsDeleteOfUser").setParameter("realmId", realm.getId()).setParameter("userId", userId)
                .executeUpdate();
    }

    /** Deletes the realm's records made before that instant (epoch milliseconds); how many. */
    public int deleteBefore(RealmModel realm, long before) {
        return em.createNamedQuery("kcwechatAuthorizationsBefore").setParameter("realmId", realm.getId()).setParameter("before", before)
                .executeUpdate();
    }

    private static String cut(String value, int length) {
        return value == null || value.length() <= length ? value : value.substring(0, length);
    }
}
