package dev.kcwechat.minors.store;

import java.time.Instant;
import org.keycloak.Config;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

/** The guardian policy's clock in production: Keycloak's own ({@link Time}). */
public final class KeycloakPolicyClockFactory implements PolicyClockFactory {

    public static final String PROVIDER_ID = "keycloak";
    private static final PolicyClock KEYCLOAK_TIME = realm -> Instant.ofEpochMilli(Time.currentTimeMillis());

    @Override
    public PolicyClock create(KeycloakSession session) {
        return KEYCLOAK_TIME;
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
