package dev.kcwechat.minors.store;

import java.time.Instant;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.Provider;

/**
 * The time the guardian policy judges by, a provider of the extension's own SPI
 * ({@value PolicyClockSpi#NAME}): Keycloak's clock ({@link KeycloakPolicyClockFactory}). Nothing in
 * the extension lets realm data move it; the integration tests add a provider of their own.
 */
public interface PolicyClock extends Provider {

    Instant now(RealmModel realm);

    /** The session's clock. */
    static Instant now(KeycloakSession session, RealmModel realm) {
        return session.getProvider(PolicyClock.class).now(realm);
    }

    @Override
    default void close() {
    }
}
