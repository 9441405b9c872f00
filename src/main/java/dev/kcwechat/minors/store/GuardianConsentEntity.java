package dev.kcwechat.minors.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/**
 * One guardian decision about a child's use of a client, kept at least three years and kept when
 * the child's or the guardian's user is deleted: ids are plain columns, not foreign keys.
 */
@Entity
@Table(name = "KCWECHAT_GUARDIAN_CONSENT")
@NamedQueries({
        @NamedQuery(name = "kcwechatActiveConsent", query = "select c from GuardianConsentEntity c where c.realmId = :realmId"
                + " and c.childUserId = :childUserId and c.clientId = :clientId and c.decision = 'approve' and c.revokedAt is null"),
        @NamedQuery(name = "kcwechatConsentsInRealm", query = "select c from GuardianConsentEntity c where c.realmId = :realmId"
                + " and c.createdAt >= :from and c.createdAt < :to order by c.createdAt, c.id"),
        @NamedQuery(name = "kcwechatConsentsOfUser", query = "select c from GuardianConsentEntity c where c.realmId = :realmId"
                + " and (c.childUserId = :userId or c.guardianUserId = :userId)"
                + " and c.createdAt >= :from and c.createdAt < :to order by c.createdAt, c.id"),
        @NamedQuery(name = "kcwechatEndedConsents", query = "delete from GuardianConsentEntity c where c.realmId = :realmId"
                + " and ((c.decision in ('decline', 'limits') and c.createdAt < :before) or (c.revokedAt is not null and c.revokedAt < :before))")
})
public class GuardianConsentEntity {

    @Id
    @Column(name = "ID", length = 36)
    private String id;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    @Column(name = "CHILD_USER_ID", length = 36, nullable = false)
    private String childUserId;

    @Column(name = "GUARDIAN_USER_ID", length = 36, nullable = false)
    private String guardianUserId;

    /** The client's {@code clientId}, readable after the client is gone. */
    @Column(name = "CLIENT_ID", nullable = false)
    private String clientId;

    @Column(name = "SCOPE", length = 1024)
    private String scope;

    /** {@code approve} or {@code decline}. */
    @Column(name = "DECISION", length = 16, nullable = false)
    private String decision;

    /** The child's birthdate as the guardian confirmed it. */
    @Column(name = "BIRTHDATE", length = 10)
    private String birthdate;

    @Column(name = "REQUEST_ID", length = 64, nullable = false)
    private String requestId;

    /** Epoch milliseconds of the decision. */
    @Column(name = "CREATED_AT", nullable = false)
    private long createdAt;

    @Column(name = "IP_ADDRESS", length = 64)
    private String ipAddress;

    @Column(name = "USER_AGENT", length = 512)
    private String userAgent;

    @Column(name = "REVOKED_AT")
    private Long revokedAt;

    @Column(name = "REVOKED_BY", length = 36)
    private String revokedBy;

    public String getId() {
        return id;
    }

    public void setId(String id) {
        this.id = id;
    }

    public String getRealmId() {
        return realmId;
    }

    public void setRealmId(String realmId) {
        this.realmId = realmId;
    }

    public String getChildUserId() {
        return childUserId;
    }

    public void setChildUserId(String childUserId) {
        this.childUserId = childUserId;
    }

    public String getGuardianUserId() {
        return guardianUserId;
    }

    public void setGuardianUserId(String guardianUserId) {
        this.guardianUserId = guardianUserId;
    }

    public String getClientId() {
        return clientId;
    }

    public void setClientId(String clientId) {
        this.clientId = clientId;
    }

    public String getScope() {
        return scope;
    }

    public void setScope(String scope) {
        this.scope = scope;
    }

    public String getDecision() {
        return decision;
    }

    public void setDecision(String decision) {
        this.decision = decision;
    }

    public String getBirthdate() {
        return birthdate;
    }

    public void setBirthdate(String birthdate) {
        this.birthdate = birthdate;
    }

    public String getRequestId() {
        return requestId;
    }

    public void setRequestId(String requestId) {
        this.requestId = requestId;
    }

    public long getCreatedAt() {
        return createdAt;
    }

    public void setCreatedAt(long createdAt) {
        this.createdAt = createdAt;
    }

    public String getIpAddress() {
        return ipAddress;
    }

    public void setIpAddress(String ipAddress) {
        this.ipAddress = ipAddress;
    }

    public String getUserAgent() {
        return userAgent;
    }

    public void setUserAgent(String userAgent) {
        this.userAgent = userAgent;
    }

    public Long getRevokedAt() {
        return revokedAt;
    }

    public void setRevokedAt(Long revokedAt) {
        this.revokedAt = revokedAt;
    }

    public String getRevokedBy() {
        return revokedBy;
    }

    public void setRevokedBy(String revokedBy) {
        this.revokedBy = revokedBy;
    }
}
