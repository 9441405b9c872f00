package dev.kcwechat.wecom;

import dev.kcwechat.login.LoginRefusedException;
import dev.kcwechat.session.UserSessions;
import java.util.HashMap;
import java.util.Map;
import org.jboss.logging.Logger;
import org.keycloak.events.Details;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * An employee WeCom no longer lists as active: their Keycloak user is disabled and every session
 * of theirs ends, in a transaction of its own (the refused login's own is rolled back).
 */
public final class Offboarding {

    /** Error event detail: WeCom's status of a member who is not active (2 disabled, 4 not activated, 5 left). */
    public static final String STATUS_DETAIL = "wecom_status";
    /** Error event detail: {@code true} when the refusal disabled the member's user. */
    public static final String OFFBOARDED_DETAIL = "offboarded";

    private static final Logger LOG = Logger.getLogger(Offboarding.class);

    private Offboarding() {
    }

    /**
     * Offboards the member and says why their login is refused.
     *
     * @param brokeredId {@code <corpid>:<userid>}
     * @param status     WeCom's status of the member
     */
    public static LoginRefusedException refuse(KeycloakSession session, RealmModel realm, String brokeredId, int status) {
        String offboarded = offboard(session, realm, brokeredId);
        Map<String, String> details = new HashMap<>();
        details.put(Details.IDENTITY_PROVIDER_USERNAME, brokeredId);
        details.put(STATUS_DETAIL, Integer.toString(status));
        if (offboarded != null) {
            details.put(OFFBOARDED_DETAIL, "true");
            LOG.infof("WeCom member %s is no longer active (status %d): user %s disabled, sessions ended", brokeredId, status, offboarded);
        }
        return new LoginRefusedException("This WeCom member is not active (left, disabled or not activated)", offboarded, details);
    }

    /** @return the id of the user disabled, or null when no WeCom provider of the realm linked a user to that member */
    private static String offboard(KeycloakSession session, RealmModel realm, String brokeredId) {
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
