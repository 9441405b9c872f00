package dev.kcwechat.minors;

import dev.kcwechat.minors.policy.GuardianPolicy;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.services.managers.AuthenticationManager;
import org.keycloak.services.managers.UserSessionManager;

/** Ends a session the guardian policy no longer lets go on, in a transaction of its own (the refused request's is rolled back). */
final class GuardianSessions {

    private static final Logger LOG = Logger.getLogger(GuardianSessions.class);

    private GuardianSessions() {
    }

    static void end(KeycloakSession session, RealmModel realm, UserSessionModel userSession) {
        String realmId = realm.getId();
        String sessionId = userSession.getId();
        boolean offline = userSession.isOffline();
        KeycloakModelUtils.runJobInTransaction(session.getKeycloakSessionFactory(), session.getContext(), s -> {
            RealmModel r = s.realms().getRealm(realmId);
            UserSessionModel ending = offline ? s.sessions().getOfflineUserSession(r, sessionId) : s.sessions().getUserSession(r, sessionId);
            if (ending == null) {
                return;
            }
            if (offline) {
                new UserSessionManager(s).revokeOfflineUserSession(ending);
            } else {
                AuthenticationManager.backchannelLogout(s, ending, true);
            }
        });
        LOG.debugf("Ended session %s of realm %s by the guardian policy", sessionId, realm.getName());
    }

    /** The refused refresh's {@code error_description}. */
    static String endedBecause(GuardianPolicy.Verdict verdict) {
        return switch (verdict) {
            case CURFEW -> "Session ended: the guardian policy's curfew began";
            case DAILY_LIMIT -> "Session ended: today's time is used up";
            default -> "Session ended: the guardian policy no longer lets this user in";
        };
    }
}
