package dev.kcwechat.minors.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/** A guardian's own limits for a child, stricter than the realm's policy; one row per child. */
@Entity
@Table(name = "KCWECHAT_CHILD_POLICY")
@NamedQueries({
        @NamedQuery(name = "kcwechatChildPolicy", query = "select p from ChildPolicyEntity p where p.realmId = :realmId"
                + " and p.childUserId = :childUserId")
})
public class ChildPolicyEntity {

    @Id
    @Column(name = "ID", length = 36)
    private String id;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    @Column(name = "CHILD_USER_ID", length = 36, nullable = false)
    private String childUserId;

    /** HH:MM-HH:MM; null: the realm's. */
    @Column(name = "CURFEW", length = 11)
    private String curfew;

    /** Null: the realm's. */
    @Column(name = "DAILY_MINUTES")
    private Integer dailyMinutes;

    @Column(name = "UPDATED_AT", nullable = false)
    private long updatedAt;

    /** The guardian who set them. */
    @Column(name = "UPDATED_BY", length = 36, nullable = false)
    private String updatedBy;

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

    public String getCurfew() {
        return curfew;
    }

    public void setCurfew(String curfew) {
        this.curfew = curfew;
    }

    public Integer getDailyMinutes() {
        return dailyMinutes;
    }

    public void setDailyMinutes(Integer dailyMinutes) {
        this.dailyMinutes = dailyMinutes;
    }

    public long getUpdatedAt() {
        return updatedAt;
    }

    public void setUpdatedAt(long updatedAt) {
        this.updatedAt = updatedAt;
    }

    public String getUpdatedBy() {
        return updatedBy;
    }

    public void setUpdatedBy(String updatedBy) {
        this.updatedBy = updatedBy;
    }
}
