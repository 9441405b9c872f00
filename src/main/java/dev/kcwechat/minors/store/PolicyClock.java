package dev.kcwechat.minors.store;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.keycloak.common.util.Time;
import org.keycloak.models.RealmModel;

/**
 * The time the guardian policy judges by: Keycloak's clock. Only when the server's JVM runs with
 * {@code -D}{@value #ENABLING_PROPERTY}{@code =true}, which no production start sets, may tests pin
 * it: a realm's attribute {@value #REALM_ATTRIBUTE} (an ISO-8601 instant) pins that realm's, and
 * {@code -D}{@value #SERVER_PROPERTY}{@code =<instant>} pins every realm that pins none, so that a
 * whole test run can stand at one time of day whatever the machine's clock says.
 */
public final class PolicyClock {

    public static final String REALM_ATTRIBUTE = "kcwechat.testClock";
    public static final String ENABLING_PROPERTY = "kcwechat.testClock";
    public static final String SERVER_PROPERTY = "kcwechat.testClock.instant";

    private PolicyClock() {
    }

    public static Instant now(RealmModel realm) {
        if (Boolean.getBoolean(ENABLING_PROPERTY)) {
            String pinned = realm.getAttribute(REALM_ATTRIBUTE);
            if (pinned == null || pinned.isBlank()) {
                pinned = System.getProperty(SERVER_PROPERTY);
            }
            if (pinned != null && !pinned.isBlank()) {
                try {
                    return Instant.parse(pinned.trim());
                } catch (DateTimeParseException e) {
                    throw new IllegalStateException("The guardian policy's test clock is not an ISO-8601 instant: " + pinned, e);
                }
            }
        }
        return Instant.ofEpochMilli(Time.currentTimeMillis());
    }
}
