package dev.kcwechat.wecom;

import dev.kcwechat.session.UserSessions;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;

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
            UserSessions.endAll(s, r, user);
            disabled[0] = user.getId();
        });
        return disabled[0];
    }
}
