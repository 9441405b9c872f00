package dev.kcwechat.wecom;

import dev.kcwechat.login.LoginRefusedException;
import dev.kcwechat.session.UserSessions;
import dev.kcwechat.users.UserAttributes;
import java.util.HashMap;
import java.util.Map;
import org.jboss.logging.Logger;
import org.keycloak.events.Details;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * An employee WeCom no longer lists as active: their Keycloak user is disabled, marked as
 * offboarded for that member ({@value UserAttributes#WECOM_OFFBOARDED}), and every session of
 * theirs, offline ones too, ends on every node. Nothing re-enables the user but an administrator:
 * a userid WeCom later gives to someone else never inherits the account.
 */
public final class Offboarding {

    /** Error event detail: WeCom's status of a member who is not active (2 disabled, 4 not activated, 5 left). */
    public static final String STATUS_DETAIL = "wecom_status";
    /** Event detail: {@code true} when the member's user was disabled. */
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
        String offboarded = inTransactionOfItsOwn(session, realm, brokeredId);
        Map<String, String> details = new HashMap<>();
        details.put(Details.IDENTITY_PROVIDER_USERNAME, brokeredId);
        details.put(STATUS_DETAIL, Integer.toString(status));
        if (offboarded != null) {
            details.put(OFFBOARDED_DETAIL, "true");
            LOG.infof("WeCom member %s is no longer active (status %d): user %s disabled, sessions ended", brokeredId, status, offboarded);
        }
        return new LoginRefusedException("This WeCom member is not active (left, disabled or not activated)", offboarded, details);
    }

    /**
     * Offboards the user a WeCom provider of the realm linked to the member, in the caller's
     * transaction, in a request: the user's clients get a back-channel logout.
     *
     * @param brokeredId {@code <corpid>:<userid>}
     * @return the user disabled, or null when no WeCom provider of the realm linked a user to that member
     */
    public static UserModel offboard(KeycloakSession session, RealmModel realm, String brokeredId) {
        return offboard(session, realm, brokeredId, true);
    }

    /** The same outside a request (a scheduled task): the sessions are removed without a back-channel logout. */
    public static UserModel offboardInBackground(KeycloakSession session, RealmModel realm, String brokeredId) {
        return offboard(session, realm, brokeredId, false);
    }

    private static UserModel offboard(KeycloakSession session, RealmModel realm, String brokeredId, boolean inRequest) {
        UserModel user = WeComUsers.linkedTo(session, realm, brokeredId, null);
        if (user == null) {
            return null;
        }
        user.setEnabled(false);
        user.setSingleAttribute(UserAttributes.WECOM_OFFBOARDED, brokeredId);
        if (inRequest) {
            UserSessions.endAll(session, realm, user);
        } else {
            UserSessions.removeAll(session, realm, user);
        }
        return user;
    }

    /** The refused login's own transaction is rolled back: the offboarding gets one of its own. */
    private static String inTransactionOfItsOwn(KeycloakSession session, RealmModel realm, String brokeredId) {
        String realmId = realm.getId();
        String[] disabled = new String[1];
        KeycloakModelUtils.runJobInTransaction(session.getKeycloakSessionFactory(), s -> {
            RealmModel r = s.realms().getRealm(realmId);
            s.getContext().setRealm(r);
            UserModel user = offboard(s, r, brokeredId);
            disabled[0] = user == null ? null : user.getId();
        });
        return disabled[0];
    }
}
