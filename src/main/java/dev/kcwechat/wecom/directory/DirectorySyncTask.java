package dev.kcwechat.wecom.directory;

import dev.kcwechat.common.Causes;
import dev.kcwechat.wecom.WeComMiniProgramConfig;
import dev.kcwechat.wecom.WeComUsers;
import java.util.concurrent.ExecutorService;
import org.jboss.logging.Logger;
import org.keycloak.executors.ExecutorsProvider;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.timer.ScheduledTask;

/**
 * Runs on every node at each check: a WeCom provider whose {@code directorySyncHours} is not 0
 * is reconciled when its interval has passed. The interval is a key in Keycloak's clustered
 * single-use store, taken with the atomic {@code putIfAbsent}: one node of the cluster runs a
 * provider's reconciliation per interval. The run goes to an executor of its own, off Keycloak's
 * timer thread.
 */
final class DirectorySyncTask implements ScheduledTask {

    static final String EXECUTOR = "kcwechat-wecom-directory";
    private static final String KEY_PREFIX = "kcwechat:wecom-directory-sync:";
    private static final Logger LOG = Logger.getLogger(DirectorySyncTask.class);

    @Override
    public void run(KeycloakSession session) {
        session.realms().getRealmsStream().toList().forEach(realm -> {
            session.getContext().setRealm(realm);
            session.identityProviders().getAllStream()
                    .filter(model -> WeComUsers.PROVIDER_IDS.contains(model.getProviderId()) && model.isEnabled())
                    .forEach(model -> startWhenDue(session, realm, model));
        });
    }

    private static void startWhenDue(KeycloakSession session, RealmModel realm, IdentityProviderModel model) {
        int hours;
        try {
            hours = new WeComMiniProgramConfig(model).getDirectorySyncHours();
        } catch (IllegalArgumentException e) {
            return;
        }
        if (hours == 0 || !session.singleUseObjects().putIfAbsent(KEY_PREFIX + realm.getId() + ':' + model.getAlias(), hours * 3600L)) {
            return;
        }
        String alias = model.getAlias();
        String realmName = realm.getName();
        DirectorySync sync = new DirectorySync(session.getKeycloakSessionFactory(), realm.getId(), alias);
        ExecutorService executor = session.getProvider(ExecutorsProvider.class).getExecutor(EXECUTOR);
        executor.submit(() -> {
            try {
                sync.run();
            } catch (RuntimeException e) {
                LOG.warnf("WeCom provider '%s' of realm '%s': the directory reconciliation failed: %s", alias, realmName, Causes.of(e));
            }
        });
    }
}
