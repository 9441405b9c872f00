package dev.kcwechat.session;

import java.util.List;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.services.managers.AuthenticationManager;
import org.keycloak.services.managers.UserSessionManager;

/** Ends a user's sessions the way Keycloak's admin logout does: online ones with a backchannel logout, offline ones revoked. */
public final class UserSessions {

    /**
     * User session note of a session the guardian policy let a minor in. A session that lends
     * itself to another (a web-view ticket) passes it on, so the new session is governed too.
     */
    public static final String GUARDIAN_NOTE = "wechat_guardian_policy";

    private UserSessions() {
    }

    /** Outside a request (a scheduled task), where a back-channel logout cannot run: every session of the user, offline ones too, is removed. */
    public static void removeAll(KeycloakSession session, RealmModel realm, UserModel user) {
        session.sessions().removeUserSessions(realm, user);
        UserSessionManager manager = new UserSessionManager(session);
        session.sessions().getOfflineUserSessionsStream(realm, user).toList().forEach(manager::revokeOfflineUserSession);
    }

    /** In a request: online sessions end with a back-channel logout to their clients, offline ones are revoked. */
    public static void endAll(KeycloakSession session, RealmModel realm, UserModel user) {
        List<UserSessionModel> online = session.sessions().getUserSessionsStream(realm, user).toList();
        online.forEach(userSession -> AuthenticationManager.backchannelLogout(session, userSession, true));
        UserSessionManager manager = new UserSessionManager(session);
        session.sessions().getOfflineUserSessionsStream(realm, user).toList().forEach(manager::revokeOfflineUserSession);
    }
}
