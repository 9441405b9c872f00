package dev.kcwechat.testing.clock;

import dev.kcwechat.minors.store.PolicyClock;
import dev.kcwechat.minors.store.PolicyClockFactory;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.keycloak.Config;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;

/**
 * The tests' guardian-policy clock, deployed only into the tests' Keycloak (its own JAR, built by
 * {@code mvn verify} beside the extension's): a realm's attribute {@value #REALM_ATTRIBUTE} (an
 * ISO-8601 instant) pins that realm's clock; {@code -D}{@value #RUN_PROPERTY}{@code =<instant>}
 * pins every realm that pins none, so that a whole run stands at one time of day. Without either,
 * Keycloak's clock. Its order outranks Keycloak's clock.
 */
public final class RealmAttributeClockFactory implements PolicyClockFactory {

    public static final String PROVIDER_ID = "test-realm-attribute";
    public static final String REALM_ATTRIBUTE = "kcwechat.testClock";
    public static final String RUN_PROPERTY = "kcwechat.testClock.instant";

    private static final PolicyClock CLOCK = RealmAttributeClockFactory::now;

    @Override
    public PolicyClock create(KeycloakSession session) {
        return CLOCK;
    }

    private static Instant now(RealmModel realm) {
        String pinned = realm.getAttribute(REALM_ATTRIBUTE);
        if (pinned == null || pinned.isBlank()) {
            pinned = System.getProperty(RUN_PROPERTY);
        }
        if (pinned == null || pinned.isBlank()) {
            return Instant.ofEpochMilli(Time.currentTimeMillis());
        }
        try {
            return Instant.parse(pinned.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalStateException("The guardian policy's test clock is not an ISO-8601 instant: " + pinned, e);
        }
    }

    @Override
    public int order() {
        return 100;
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }
}
