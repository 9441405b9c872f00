package dev.kcwechat.minors.store;

import dev.kcwechat.common.StartupTimers;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.keycloak.Config;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProvider;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.services.scheduled.ClusterAwareScheduledTaskRunner;

/**
 * Adds the extension's tables to Keycloak's own database (Liquibase creates them at start) and
 * schedules the consent records' retention ({@link ConsentRetention}), daily unless the SPI option
 * {@code retention-interval} (seconds) says otherwise: one cluster-wide task, each run on one node
 * (Keycloak's cluster-aware task runner), not one per node.
 */
public final class GuardianEntities implements JpaEntityProvider, JpaEntityProviderFactory {

    public static final String PROVIDER_ID = "kcwechat-guardian";

    @Override
    public List<Class<?>> getEntities() {
        return List.of(GuardianConsentEntity.class, ScreenTimeEntity.class, GuardianLinkEntity.class, ChildPolicyEntity.class);
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

    private long retentionIntervalMillis;

    @Override
    public void init(Config.Scope config) {
        retentionIntervalMillis = TimeUnit.SECONDS.toMillis(config.getLong("retentionInterval", TimeUnit.DAYS.toSeconds(1)));
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        StartupTimers.afterMigration(factory, timer -> timer.schedule(
                new ClusterAwareScheduledTaskRunner(factory, new ConsentRetention(), retentionIntervalMillis), retentionIntervalMillis));
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
