package dev.kcwechat.wecom;

import java.util.List;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.services.managers.AuthenticationManager;
import org.keycloak.services.managers.UserSessionManager;

/**
 * An employee WeCom no longer lists as active: their Keycloak user is disabled and every session
 * of theirs ends, in a transaction of its own (the refused login's own is rolled back).
 */
public final class Offboarding {

    private Offboarding() {
    }

    /** @return the id of the user disabled, or null when no WeCom provider of the realm linked a user to that member */
    public static String offboard(KeycloakSession session, RealmModel realm, String brokeredId) {
        String realmId = realm.getId();
        String[] disabled = new String[1];
        KeycloakModelUtils.runJobInTransaction(session.getKeycloakSessionFactory(), s -> {
            RealmModel r = s.realms().getRealm(realmId);
            s.getContext().setRealm(r);
            UserModel user = WeComUsers.linkedTo(s, r, brokeredId, null);
            if (user == null) {
                return;
            }
            user.setEnabled(false);
            List<UserSessionModel> online = s.sessions().getUserSessionsStream(r, user).toList();
            online.forEach(userSession -> AuthenticationManager.backchannelLogout(s, userSession, true));
            UserSessionManager manager = new UserSessionManager(s);
            s.sessions().getOfflineUserSessionsStream(r, user).toList().forEach(manager::revokeOfflineUserSession);
            disabled[0] = user.getId();
        });
        return disabled[0];
    }
}
