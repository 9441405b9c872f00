package dev.kcwechat.minors;

import dev.kcwechat.common.JsonErrors;
import dev.kcwechat.minors.policy.GuardianPolicy;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.ClientModel;
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
        switch (context.getEvent()) {
            case TOKEN_RESPONSE -> issued(((TokenResponseContext) context).getAccessTokenResponseBuilder(), EventType.CODE_TO_TOKEN_ERROR);
            case TOKEN_REFRESH_RESPONSE -> refreshed(((TokenRefreshResponseContext) context).getAccessTokenResponseBuilder());
            case RESOURCE_OWNER_PASSWORD_CREDENTIALS_RESPONSE ->
                    issued(((ResourceOwnerPasswordCredentialsResponseContext) context).getAccessTokenResponseBuilder(), EventType.LOGIN_ERROR);
            case SERVICE_ACCOUNT_TOKEN_RESPONSE ->
                    issued(((ServiceAccountTokenResponseContext) context).getAccessTokenResponseBuilder(), EventType.LOGIN_ERROR);
            case DEVICE_TOKEN_RESPONSE ->
                    issued(((DeviceTokenResponseContext) context).getAccessTokenResponseBuilder(), EventType.OAUTH2_DEVICE_CODE_TO_TOKEN_ERROR);
            case BACKCHANNEL_TOKEN_RESPONSE ->
                    issued(((BackchannelTokenResponseContext) context).getAccessTokenResponseBuilder(), EventType.AUTHREQID_TO_TOKEN_ERROR);
            case IMPLICIT_HYBRID_TOKEN_RESPONSE ->
                    issued(((ImplicitHybridTokenResponse) context).getAccessTokenResponseBuilder(), EventType.LOGIN_ERROR);
            case TOKEN_EXCHANGE_REQUEST -> exchanged((TokenExchangeRequestContext) context);
            default -> {
                // no token is issued to a user on the other events
            }
        }
    }

    private void issued(TokenManager.AccessTokenResponseBuilder builder, EventType errorEvent) {
        AuthenticatedClientSessionModel clientSession = builder.getClientSessionCtx().getClientSession();
        UserSessionModel userSession = clientSession.getUserSession();
        GuardianRefusal refusal = judge(userSession.getUser(), clientSession.getClient(), builder.getClientSessionCtx().getScopeString());
        if (refusal != null) {
            throw refused(refusal, errorEvent, userSession.getUser(), clientSession.getClient(), userSession.getId(),
                    Response.Status.FORBIDDEN, refusal.error(), refusal.description());
        }
    }

    private void refreshed(TokenManager.AccessTokenResponseBuilder builder) {
        AuthenticatedClientSessionModel clientSession = builder.getClientSessionCtx().getClientSession();
        UserSessionModel userSession = clientSession.getUserSession();
        GuardianRefusal refusal = judge(userSession.getUser(), clientSession.getClient(), builder.getClientSessionCtx().getScopeString());
        if (refusal == null) {
            return;
        }
        if (refusal.verdict() != null && refusal.verdict() != GuardianPolicy.Verdict.CONSENT_REQUIRED) {
            GuardianSessions.end(session, realm(), userSession);
        }
        String description = refusal.verdict() == null ? refusal.description() : GuardianSessions.endedBecause(refusal.verdict());
        throw refused(refusal, EventType.REFRESH_TOKEN_ERROR, userSession.getUser(), clientSession.getClient(), userSession.getId(),
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
        targets.add(context.getClient());
        List<String> audience = context.getTokenExchangeContext().getParams().getAudience();
        if (audience != null) {
            audience.stream().map(clientId -> realm().getClientByClientId(clientId)).filter(client -> client != null).forEach(targets::add);
        }
        for (ClientModel target : targets) {
            GuardianRefusal refusal = judge(user, target, context.getScopeParameter());
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
