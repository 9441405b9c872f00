package dev.kcwechat.login;

import dev.kcwechat.session.SessionKeyStore;
import jakarta.ws.rs.core.Response;
import org.keycloak.broker.provider.BrokeredIdentityContext;
import org.keycloak.common.ClientConnection;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.http.HttpRequest;
import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.protocol.oidc.TokenManager;
import org.keycloak.services.Urls;
import org.keycloak.services.cors.Cors;
import org.keycloak.services.managers.AuthenticationSessionManager;
import org.keycloak.services.managers.UserSessionManager;
import org.keycloak.sessions.AuthenticationSessionModel;
import org.keycloak.sessions.RootAuthenticationSessionModel;

/**
 * A persistent user session for the client, as Keycloak's own grants create one, noting the
 * identity provider and what the code proved, with the session_key sealed in it; first the
 * identity provider's post-login flow, if it has one.
 */
final class SessionStart {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final ClientModel client;
    private final ClientConnection connection;
    private final HttpRequest request;
    private final EventBuilder event;
    private final Cors cors;
    private final LoginErrors errors;

    SessionStart(KeycloakSession session, ClientModel client, ClientConnection connection, HttpRequest request, EventBuilder event,
                 Cors cors, LoginErrors errors) {
        this.session = session;
        this.realm = session.getContext().getRealm();
        this.client = client;
        this.connection = connection;
        this.request = request;
        this.event = event;
        this.cors = cors;
        this.errors = errors;
    }

    ClientSessionContext start(CodeLoginProvider idp, UserModel user, WeChatLogin login, String scope, SessionKeyStore sessionKeys) {
        BrokeredIdentityContext identity = login.identity();
        String alias = idp.model().getAlias();
        RootAuthenticationSessionModel rootAuthSession = new AuthenticationSessionManager(session).createAuthenticationSession(realm, false);
        AuthenticationSessionModel authSession = rootAuthSession.createAuthenticationSession(client);
        authSession.setAuthenticatedUser(user);
        authSession.setProtocol(OIDCLoginProtocol.LOGIN_PROTOCOL);
        authSession.setClientNote(OIDCLoginProtocol.ISSUER, Urls.realmIssuer(session.getContext().getUri().getBaseUri(), realm.getName()));
        authSession.setClientNote(OIDCLoginProtocol.SCOPE_PARAM, scope);
        authSession.setUserSessionNote(Details.IDENTITY_PROVIDER, alias);
        authSession.setUserSessionNote(Details.IDENTITY_PROVIDER_USERNAME, identity.getUsername());
        idp.sessionNotes(identity).forEach(authSession::setUserSessionNote);
        String postLoginFlow = identity.getIdpConfig().getPostBrokerLoginFlowId();
        if (postLoginFlow != null) {
            PostLoginFlow.Refusal refusal = new PostLoginFlow(session, realm, connection, event, request)
                    .run(postLoginFlow, authSession, identity);
            if (refusal != null) {
                new AuthenticationSessionManager(session).removeAuthenticationSession(realm, authSession, false);
                throw refusal.answer() != null ? answered(refusal.answer()) : errors.error(refusal.error(), refusal.description());
            }
        }

        UserSessionModel userSession = new UserSessionManager(session).createUserSession(rootAuthSession.getId(), realm, user,
                user.getUsername(), connection.getRemoteHost(), OIDCLoginProtocol.LOGIN_PROTOCOL, false, null,
                alias + "." + identity.getId(), UserSessionModel.SessionPersistenceState.PERSISTENT);
        event.session(userSession);
        identity.addSessionNotesToUserSession(userSession);
        sessionKeys.store(userSession, login.sessionKey());
        return TokenManager.attachAuthenticationSession(session, userSession, authSession);
    }

    /**
     * A post-login flow's own JSON error, passed on as it is and recorded as the event's error. The
     * login is undone, except for {@value PostLoginAnswer#CONSENT_REQUIRED}.
     */
    private PostLoginAnswer answered(Response answer) {
        String error = PostLoginAnswer.errorOf(answer);
        if (error == null) {
            error = Errors.ACCESS_DENIED;
        }
        boolean keepsLogin = PostLoginAnswer.CONSENT_REQUIRED.equals(error);
        if (!keepsLogin) {
            session.getTransactionManager().setRollbackOnly();
        }
        event.error(error);
        return new PostLoginAnswer(cors.add(Response.fromResponse(answer)), keepsLogin);
    }
}
