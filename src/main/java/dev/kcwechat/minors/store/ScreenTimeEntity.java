package dev.kcwechat.minors.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/**
 * A minor's time of one day, counted against the day's budget: one row per minor and day, updated
 * under a row lock so that tokens issued on any node count together without a lost update, and
 * the last time a token was issued, from which the next one counts.
 */
@Entity
@Table(name = "KCWECHAT_SCREEN_TIME")
@NamedQueries({
        @NamedQuery(name = "kcwechatScreenDay", query = "select t from ScreenTimeEntity t"
                + " where t.realmId = :realmId and t.userId = :userId and t.day = :day"),
        @NamedQuery(name = "kcwechatOldScreenTime", query = "delete from ScreenTimeEntity t where t.realmId = :realmId"
                + " and t.day < :day")
})
public class ScreenTimeEntity {

    @Id
    @Column(name = "ID", length = 36)
    private String id;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    @Column(name = "USER_ID", length = 36, nullable = false)
    private String userId;

    /** The day in the policy's time zone, YYYY-MM-DD. */
    @Column(name = "USAGE_DAY", length = 10, nullable = false)
    private String day;

    @Column(name = "SECONDS", nullable = false)
    private int seconds;

    /** When the last token counted was issued, epoch seconds. */
    @Column(name = "LAST_SEEN", nullable = false)
    private long lastSeen;

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

    public String getDay() {
        return day;
    }

    public void setDay(String day) {
        this.day = day;
    }

    public int getSeconds() {
        return seconds;
    }

    public void setSeconds(int seconds) {
        this.seconds = seconds;
    }

    public long getLastSeen() {
        return lastSeen;
    }

    public void setLastSeen(long lastSeen) {
        this.lastSeen = lastSeen;
    }
}
