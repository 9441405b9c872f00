package dev.kcwechat.login;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Locale;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.authentication.AuthenticationFlowException;
import org.keycloak.authentication.AuthenticationProcessor;
import org.keycloak.authentication.authenticators.broker.util.PostBrokerLoginConstants;
import org.keycloak.authentication.authenticators.broker.util.SerializedBrokeredIdentityContext;
import org.keycloak.broker.provider.BrokeredIdentityContext;
import org.keycloak.common.ClientConnection;
import org.keycloak.events.EventBuilder;
import org.keycloak.http.HttpRequest;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * Runs an identity provider's post-login flow for a code login, without a browser, the way
 * Keycloak runs the direct-grant flow: each authenticator succeeds, fails, or is skipped; an
 * authenticator that answers with a form cannot be shown, so the login needs interaction.
 * The flow sees the brokered identity as Keycloak's own post-login flows do.
 */
final class PostLoginFlow {

    /** Why the flow did not let the login through: an error of the contract, or the authenticator's own answer. */
    record Refusal(GrantError error, String description, Response answer) {
    }

    private final KeycloakSession session;
    private final RealmModel realm;
    private final ClientConnection connection;
    private final EventBuilder event;
    private final HttpRequest request;

    PostLoginFlow(KeycloakSession session, RealmModel realm, ClientConnection connection, EventBuilder event, HttpRequest request) {
        this.session = session;
        this.realm = realm;
        this.connection = connection;
        this.event = event;
        this.request = request;
    }

    /**
     * @param authSession the login's authentication session, its user set
     * @return null when the flow let the login through
     */
    Refusal run(String flowId, AuthenticationSessionModel authSession, BrokeredIdentityContext identity) {
        UserModel user = authSession.getAuthenticatedUser();
        identity.setAuthenticationSession(authSession);
        SerializedBrokeredIdentityContext.serialize(identity)
                .saveToAuthenticationSession(authSession, PostBrokerLoginConstants.PBL_BROKERED_IDENTITY_CONTEXT);
        AuthenticationProcessor processor = new AuthenticationProcessor()
                .setAuthenticationSession(authSession)
                .setFlowId(flowId)
                .setFlowPath("token")
                .setConnection(connection)
                .setEventBuilder(event)
                .setRealm(realm)
                .setSession(session)
                .setUriInfo(session.getContext().getUri())
                .setRequest(request);
        Response challenge;
        try {
            challenge = processor.authenticateOnly();
        } catch (AuthenticationFlowException e) {
            return refusal(e.getError());
        } finally {
            authSession.removeAuthNote(PostBrokerLoginConstants.PBL_BROKERED_IDENTITY_CONTEXT);
        }
        if (challenge != null) {
            return refusal(challenge);
        }
        if (!user.equals(authSession.getAuthenticatedUser())) {
            return new Refusal(GrantError.accessDenied(), "The identity provider's post-login flow changed the user", null);
        }
        return null;
    }

    /**
     * A challenge: a page to show (a form: interaction needed), an error page (the authenticator
     * failed the login), or a JSON error of a direct-grant authenticator, which reaches the client as it is.
     */
    private static Refusal refusal(Response challenge) {
        boolean json = challenge.getMediaType() != null && MediaType.APPLICATION_JSON_TYPE.isCompatible(challenge.getMediaType());
        if (json && challenge.getStatus() >= 400) {
            return new Refusal(null, null, challenge);
        }
        if (challenge.getStatus() >= 400) {
            return new Refusal(GrantError.accessDenied(), "The identity provider's post-login flow refused the login", null);
        }
        return new Refusal(GrantError.interactionRequired(),
                "The identity provider's post-login flow needs a form, which a mini-program login cannot show", null);
    }

    private static Refusal refusal(AuthenticationFlowError error) {
        String description = "The identity provider's post-login flow refused the login (" + error + ")";
        return switch (error) {
            case USER_DISABLED, USER_TEMPORARILY_DISABLED, INVALID_USER, UNKNOWN_USER, EXPIRED_CODE ->
                    new Refusal(GrantError.invalidGrant(error.toString().toLowerCase(Locale.ROOT)), description, null);
            default -> new Refusal(GrantError.accessDenied(), description, null);
        };
    }
}
