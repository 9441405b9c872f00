package dev.kcwechat.guardian;

import java.util.List;
import org.keycloak.Config;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProvider;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

/** Adds the extension's tables to Keycloak's own database; Liquibase creates them at start. */
public final class GuardianEntities implements JpaEntityProvider, JpaEntityProviderFactory {

    public static final String PROVIDER_ID = "kcwechat-guardian";

    @Override
    public List<Class<?>> getEntities() {
        return List.of(GuardianConsentEntity.class, ScreenTimeEntity.class);
    }

    @Override
    public String getChangelogLocation() {
        return "META-INF/kcwechat-guardian-changelog.xml";
    }

    @Override
    public String getFactoryId() {
        return PROVIDER_ID;
    }

    @Override
    public JpaEntityProvider create(KeycloakSession session) {
        return this;
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
