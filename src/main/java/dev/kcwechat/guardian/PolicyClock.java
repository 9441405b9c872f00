package dev.kcwechat.guardian;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.keycloak.common.util.Time;
import org.keycloak.models.RealmModel;

/**
 * The time the guardian policy judges by: Keycloak's clock. Tests of curfew edges and budgets set a
 * fixed instant in the realm attribute {@value #REALM_ATTRIBUTE}, honoured only when the server's
 * JVM runs with {@code -D}{@value #ENABLING_PROPERTY}{@code =true}, which no production start sets.
 */
public final class PolicyClock {

    public static final String REALM_ATTRIBUTE = "kcwechat.testClock";
    public static final String ENABLING_PROPERTY = "kcwechat.testClock";

    private PolicyClock() {
    }

    public static Instant now(RealmModel realm) {
        if (Boolean.getBoolean(ENABLING_PROPERTY)) {
            String fixed = realm.getAttribute(REALM_ATTRIBUTE);
            if (fixed != null && !fixed.isBlank()) {
                try {
                    return Instant.parse(fixed.trim());
                } catch (DateTimeParseException e) {
                    throw new IllegalStateException(REALM_ATTRIBUTE + " is not an ISO-8601 instant: " + fixed, e);
                }
            }
        }
        return Instant.ofEpochMilli(Time.currentTimeMillis());
    }
}
