package dev.kcwechat.minors;

import dev.kcwechat.common.JsonErrors;
import dev.kcwechat.common.KeycloakFeatures;
import dev.kcwechat.minors.policy.GuardianPolicy;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.TokenManager;
import org.keycloak.protocol.oidc.grants.ciba.clientpolicy.context.BackchannelTokenResponseContext;
import org.keycloak.protocol.oidc.grants.device.clientpolicy.context.DeviceTokenResponseContext;
import org.keycloak.representations.AccessToken;
import org.keycloak.representations.idm.ClientPolicyExecutorConfigurationRepresentation;
import org.keycloak.services.clientpolicy.ClientPolicyContext;
import org.keycloak.services.clientpolicy.context.ImplicitHybridTokenResponse;
import org.keycloak.services.clientpolicy.context.ResourceOwnerPasswordCredentialsResponseContext;
import org.keycloak.services.clientpolicy.context.ServiceAccountTokenResponseContext;
import org.keycloak.services.clientpolicy.context.TokenExchangeRequestContext;
import org.keycloak.services.clientpolicy.context.TokenRefreshResponseContext;
import org.keycloak.services.clientpolicy.context.TokenResponseContext;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProvider;

/**
 * The client-policy executor {@value GuardianPolicy#PROVIDER_ID}: the realm's guardian policy on
 * every token issued to a minor, whatever made the session (a browser flow, a web-view ticket, an
 * SSO cookie, the mini-program grant): the authorization code's exchange, refresh, token exchange,
 * the direct grant, device and CIBA, the implicit and hybrid flows, and the mini-program grant.
 * A minor's time counts at each. Consent under 14 is per client. A refused refresh ends the
 * session ({@code invalid_grant}); other refusals are 403 {@code access_denied} or
 * {@code consent_required} with the contract's members, and an error event.
 */
final class GuardianPolicyExecutor implements ClientPolicyExecutorProvider<ClientPolicyExecutorConfigurationRepresentation> {

    private final KeycloakSession session;

    GuardianPolicyExecutor(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public String getProviderId() {
        return GuardianPolicy.PROVIDER_ID;
    }

    @Override
    public void executeOnEvent(ClientPolicyContext context) {
        // each context is read through what every supported Keycloak has (26.7 added more, e.g. the builder's client session)
        switch (context.getEvent()) {
            case TOKEN_RESPONSE -> issued(((TokenResponseContext) context).getClientSessionContext(), EventType.CODE_TO_TOKEN_ERROR);
            case TOKEN_REFRESH_RESPONSE -> refreshed(((TokenRefreshResponseContext) context).getAccessTokenResponseBuilder());
            case RESOURCE_OWNER_PASSWORD_CREDENTIALS_RESPONSE ->
                    issued(((ResourceOwnerPasswordCredentialsResponseContext) context).getClientSessionContext(), EventType.LOGIN_ERROR);
            case SERVICE_ACCOUNT_TOKEN_RESPONSE -> {
                ServiceAccountTokenResponseContext response = (ServiceAccountTokenResponseContext) context;
                issued(response.getClientSession(), response.getAccessTokenResponseBuilder(), EventType.LOGIN_ERROR);
            }
            case DEVICE_TOKEN_RESPONSE -> {
                DeviceTokenResponseContext response = (DeviceTokenResponseContext) context;
                issued(response.getClientSession(), response.getAccessTokenResponseBuilder(), EventType.OAUTH2_DEVICE_CODE_TO_TOKEN_ERROR);
            }
            case BACKCHANNEL_TOKEN_RESPONSE ->
                    issued(((BackchannelTokenResponseContext) context).getClientSessionContext(), EventType.AUTHREQID_TO_TOKEN_ERROR);
            case IMPLICIT_HYBRID_TOKEN_RESPONSE ->
                    issued(((ImplicitHybridTokenResponse) context).getClientSessionContext(), EventType.LOGIN_ERROR);
            case TOKEN_EXCHANGE_REQUEST -> exchanged((TokenExchangeRequestContext) context);
            default -> {
                // no token is issued to a user on the other events
            }
        }
    }

    private void issued(ClientSessionContext clientSessionCtx, EventType errorEvent) {
        issued(clientSessionCtx.getClientSession(), clientSessionCtx.getScopeString(), errorEvent);
    }

    /** The token's {@code scope} is its client session context's scope string. */
    private void issued(AuthenticatedClientSessionModel clientSession, TokenManager.AccessTokenResponseBuilder builder,
                        EventType errorEvent) {
        issued(clientSession, builder.getAccessToken().getScope(), errorEvent);
    }

    private void issued(AuthenticatedClientSessionModel clientSession, String scope, EventType errorEvent) {
        UserSessionModel userSession = clientSession.getUserSession();
        GuardianRefusal refusal = judge(userSession.getUser(), clientSession.getClient(), scope);
        if (refusal != null) {
            throw refused(refusal, errorEvent, userSession.getUser(), clientSession.getClient(), userSession.getId(),
                    Response.Status.FORBIDDEN, refusal.error(), refusal.description());
        }
    }

    /**
     * A refreshed token's session and client: the builder's client session where Keycloak hands it
     * out (26.7), else looked up from the new access token's {@code sid} (an offline session's when
     * the refresh token is offline) and {@code azp}.
     */
    private void refreshed(TokenManager.AccessTokenResponseBuilder builder) {
        AccessToken token = builder.getAccessToken();
        UserSessionModel userSession;
        ClientModel client;
        if (KeycloakFeatures.TOKEN_BUILDER_CLIENT_SESSION) {
            AuthenticatedClientSessionModel clientSession = builder.getClientSessionCtx().getClientSession();
            userSession = clientSession.getUserSession();
            client = clientSession.getClient();
        } else {
            String sessionId = token.getSessionId();
            userSession = sessionId == null ? null : builder.isOfflineToken()
                    ? session.sessions().getOfflineUserSession(realm(), sessionId) : session.sessions().getUserSession(realm(), sessionId);
            client = token.getIssuedFor() == null ? null : realm().getClientByClientId(token.getIssuedFor());
        }
        if (userSession == null || client == null) {
            return;   // Keycloak's own checks have refused such a refresh already
        }
        GuardianRefusal refusal = judge(userSession.getUser(), client, token.getScope());
        if (refusal == null) {
            return;
        }
        if (refusal.verdict() != null && refusal.verdict() != GuardianPolicy.Verdict.CONSENT_REQUIRED) {
            GuardianSessions.end(session, realm(), userSession);
        }
        String description = refusal.verdict() == null ? refusal.description() : GuardianSessions.endedBecause(refusal.verdict());
        throw refused(refusal, EventType.REFRESH_TOKEN_ERROR, userSession.getUser(), client, userSession.getId(),
                Response.Status.BAD_REQUEST, "invalid_grant", description);
    }

    /** The subject token's user gets a token for the requesting client and for each client the audience names. */
    private void exchanged(TokenExchangeRequestContext context) {
        AccessToken subject = session.tokens().decode(context.getTokenExchangeContext().getParams().getSubjectToken(), AccessToken.class);
        if (subject == null || subject.getSubject() == null) {
            return;   // not a valid token of this realm: the exchange refuses it on its own
        }
        UserModel user = session.users().getUserById(realm(), subject.getSubject());
        if (user == null) {
            return;
        }
        List<ClientModel> targets = new ArrayList<>();
        targets.add(context.getTokenExchangeContext().getClient());
        List<String> audience = context.getTokenExchangeContext().getParams().getAudience();
        if (audience != null) {
            audience.stream().map(clientId -> realm().getClientByClientId(clientId)).filter(client -> client != null).forEach(targets::add);
        }
        for (ClientModel target : targets) {
            GuardianRefusal refusal = judge(user, target, context.getTokenExchangeContext().getParams().getScope());
            if (refusal != null) {
                throw refused(refusal, EventType.TOKEN_EXCHANGE_ERROR, user, target, subject.getSessionId(),
                        Response.Status.FORBIDDEN, refusal.error(), refusal.description());
            }
        }
    }

    /** @return null when the policy lets the token be issued */
    private GuardianRefusal judge(UserModel user, ClientModel client, String scope) {
        return GuardianTokens.refusal(session, realm(), user, client, scope).orElse(null);
    }

    /** Records the error event (stored at once: the refused request's transaction is rolled back) and answers the error. */
    private WebApplicationException refused(GuardianRefusal refusal, EventType type, UserModel user, ClientModel client, String sessionId,
                                            Response.Status status, String error, String description) {
        EventBuilder event = new EventBuilder(realm(), session, session.getContext().getConnection())
                .event(type).client(client).user(user).session(sessionId);
        if (refusal.verdict() != null) {
            event.detail(GuardianPolicy.GUARDIAN_POLICY, refusal.verdict().policy());
        }
        event.error(error);
        return new WebApplicationException(JsonErrors.answer(status, error, description, refusal.members()).build());
    }

    private RealmModel realm() {
        return session.getContext().getRealm();
    }
}
