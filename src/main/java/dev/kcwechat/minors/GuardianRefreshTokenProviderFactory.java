package dev.kcwechat.minors;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.protocol.oidc.refresh.RefreshTokenProvider;
import org.keycloak.protocol.oidc.refresh.RefreshTokenProviderFactory;

/** Ranks {@link GuardianRefreshTokenProvider} before Keycloak's default, which it only serves for governed sessions. */
public final class GuardianRefreshTokenProviderFactory implements RefreshTokenProviderFactory {

    public static final String PROVIDER_ID = "wechat-guardian";

    @Override
    public RefreshTokenProvider create(KeycloakSession session) {
        return new GuardianRefreshTokenProvider(session);
    }

    @Override
    public int order() {
        return 10;
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

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
