package dev.kcwechat.minors.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/** A guardian of a child: made by an approval of the guardian's or by an admin. Ids, not foreign keys, like the consent records. */
@Entity
@Table(name = "KCWECHAT_GUARDIAN_LINK")
@NamedQueries({
        @NamedQuery(name = "kcwechatGuardianLink", query = "select l from GuardianLinkEntity l where l.realmId = :realmId"
                + " and l.childUserId = :childUserId and l.guardianUserId = :guardianUserId"),
        @NamedQuery(name = "kcwechatGuardiansOf", query = "select l from GuardianLinkEntity l where l.realmId = :realmId"
                + " and l.childUserId = :childUserId order by l.createdAt"),
        @NamedQuery(name = "kcwechatChildrenOf", query = "select l from GuardianLinkEntity l where l.realmId = :realmId"
                + " and l.guardianUserId = :guardianUserId order by l.createdAt")
})
public class GuardianLinkEntity {

    @Id
    @Column(name = "ID", length = 36)
    private String id;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    @Column(name = "CHILD_USER_ID", length = 36, nullable = false)
    private String childUserId;

    @Column(name = "GUARDIAN_USER_ID", length = 36, nullable = false)
    private String guardianUserId;

    /** {@value GuardianLinks#APPROVAL} or {@value GuardianLinks#ADMIN}. */
    @Column(name = "SOURCE", length = 16, nullable = false)
    private String source;

    @Column(name = "CREATED_AT", nullable = false)
    private long createdAt;

    /** The admin who linked them; null for an approval. */
    @Column(name = "CREATED_BY", length = 36)
    private String createdBy;

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

    public String getSource() {
        return source;
    }

    public void setSource(String source) {
        this.source = source;
    }

    public long getCreatedAt() {
        return createdAt;
    }

    public void setCreatedAt(long createdAt) {
        this.createdAt = createdAt;
    }

    public String getCreatedBy() {
        return createdBy;
    }

    public void setCreatedBy(String createdBy) {
        this.createdBy = createdBy;
    }
}
