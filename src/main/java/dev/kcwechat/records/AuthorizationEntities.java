package dev.kcwechat.records;

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
 * Adds the authorization records' table to Keycloak's database (Liquibase creates it at start) and
 * schedules their retention: records are kept {@code authorization-retention-days} (SPI option,
 * at least and by default {@value #MIN_RETENTION_DAYS}) after they were made, checked daily
 * (SPI option {@code retention-interval}, seconds) by one node of the cluster at a time.
 */
public final class AuthorizationEntities implements JpaEntityProvider, JpaEntityProviderFactory {

    public static final String PROVIDER_ID = "kcwechat-authorizations";
    /** Three years: what regulated mini-programs must keep. */
    public static final int MIN_RETENTION_DAYS = 1095;

    private long retentionIntervalMillis;
    private int retentionDays;

    @Override
    public List<Class<?>> getEntities() {
        return List.of(AuthorizationRecordEntity.class);
    }

    @Override
    public String getChangelogLocation() {
        return "META-INF/kcwechat-authorizations-changelog.xml";
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
        retentionIntervalMillis = TimeUnit.SECONDS.toMillis(config.getLong("retentionInterval", TimeUnit.DAYS.toSeconds(1)));
        retentionDays = Math.max(MIN_RETENTION_DAYS, config.getInt("authorizationRetentionDays", MIN_RETENTION_DAYS));
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        StartupTimers.afterMigration(factory, timer -> timer.schedule(
                new ClusterAwareScheduledTaskRunner(factory, new AuthorizationRetention(retentionDays), retentionIntervalMillis),
                retentionIntervalMillis));
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
