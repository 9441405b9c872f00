package dev.kcwechat.records;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/**
 * One authorization on record. Ids, not foreign keys: a record outlives its user and its client
 * (kept {@code authorizationRetentionDays} after it was made, whatever happens to them).
 */
@Entity
@Table(name = "KCWECHAT_AUTHORIZATION")
@NamedQueries({
        @NamedQuery(name = "kcwechatAuthorizationsOfUser", query = "select a from AuthorizationRecordEntity a where a.realmId = :realmId"
                + " and a.userId = :userId order by a.createdAt, a.id"),
        @NamedQuery(name = "kcwechatScopesGranted", query = "select a.detail from AuthorizationRecordEntity a where a.realmId = :realmId"
                + " and a.userId = :userId and a.clientId = :clientId and a.kind = :kind"),
        @NamedQuery(name = "kcwechatAuthorizationsDeleteOfUser", query = "delete from AuthorizationRecordEntity a where"
                + " a.realmId = :realmId and a.userId = :userId"),
        @NamedQuery(name = "kcwechatAuthorizationsBefore", query = "delete from AuthorizationRecordEntity a where a.realmId = :realmId"
                + " and a.createdAt < :before")
})
public class AuthorizationRecordEntity {

    @Id
    @Column(name = "ID", length = 36)
    private String id;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    @Column(name = "USER_ID", length = 36, nullable = false)
    private String userId;

    @Column(name = "CLIENT_ID", length = 255)
    private String clientId;

    @Column(name = "KIND", length = 32, nullable = false)
    private String kind;

    @Column(name = "DETAIL", length = 1024)
    private String detail;

    @Column(name = "PRIVACY_VERSION", length = 64)
    private String privacyVersion;

    @Column(name = "CREATED_AT", nullable = false)
    private long createdAt;

    @Column(name = "IP_ADDRESS", length = 64)
    private String ipAddress;

    @Column(name = "USER_AGENT", length = 512)
    private String userAgent;

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

    public String getUserId() {
        return userId;
    }

    public void setUserId(String userId) {
        this.userId = userId;
    }

    public String getClientId() {
        return clientId;
    }

    public void setClientId(String clientId) {
        this.clientId = clientId;
    }

    public String getKind() {
        return kind;
    }

    public void setKind(String kind) {
        this.kind = kind;
    }

    public String getDetail() {
        return detail;
    }

    public void setDetail(String detail) {
        this.detail = detail;
    }

    public String getPrivacyVersion() {
        return privacyVersion;
    }

    public void setPrivacyVersion(String privacyVersion) {
        this.privacyVersion = privacyVersion;
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
}
