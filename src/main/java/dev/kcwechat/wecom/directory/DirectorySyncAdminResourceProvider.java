package dev.kcwechat.wecom.directory;

import dev.kcwechat.common.StartupTimers;
import java.util.concurrent.TimeUnit;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProvider;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProviderFactory;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;
import org.keycloak.services.scheduled.ScheduledTaskRunner;

/**
 * Mounts {@link DirectorySyncAdminResource} at {@code /admin/realms/{realm}/wecom-directory}, and
 * schedules the {@link DirectorySyncTask} check on every node: every {@code check-interval}
 * seconds (SPI option, default 900, e.g.
 * {@code --spi-admin-realm-restapi-extension--wecom-directory--check-interval=300}).
 */
public final class DirectorySyncAdminResourceProvider implements AdminRealmResourceProvider, AdminRealmResourceProviderFactory {

    public static final String PROVIDER_ID = "wecom-directory";
    static final long DEFAULT_CHECK_SECONDS = 900;

    private long checkMillis;

    @Override
    public Object getResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth, AdminEventBuilder adminEvent) {
        return new DirectorySyncAdminResource(session, realm, auth);
    }

    @Override
    public AdminRealmResourceProvider create(KeycloakSession session) {
        return this;
    }

    @Override
    public void init(Config.Scope config) {
        checkMillis = TimeUnit.SECONDS.toMillis(Math.max(1, config.getLong("checkInterval", DEFAULT_CHECK_SECONDS)));
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        StartupTimers.afterMigration(factory, timer -> timer.schedule(new ScheduledTaskRunner(factory, new DirectorySyncTask()), checkMillis,
                "kcwechat-wecom-directory-check"));
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
