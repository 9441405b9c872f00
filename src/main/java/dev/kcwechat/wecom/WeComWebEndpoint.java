package dev.kcwechat.wecom;

import dev.kcwechat.users.LinkedUsers;
import dev.kcwechat.login.LoginRefusedException;
import dev.kcwechat.users.WeChatUsernames;
import dev.kcwechat.wechatapi.AccessTokenCache;
import dev.kcwechat.wechatapi.WeChatApiClient;
import dev.kcwechat.wechatapi.WeChatException;
import dev.kcwechat.wechatapi.WeChatFailure;
import dev.kcwechat.wechatapi.WeComMember;
import dev.kcwechat.wechatapi.WeComWebUser;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.keycloak.broker.provider.BrokeredIdentityContext;
import org.keycloak.broker.provider.UserAuthenticationIdentityProvider.AuthenticationCallback;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.services.ErrorPage;
import org.keycloak.services.messages.Messages;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * The broker endpoint WeCom's pages return to: Keycloak's state checked, the code traded for the
 * member's userid, the member's status checked (a member who is not active is refused, and
 * offboarded when known), the identity linked to the user the WeCom mini-program made for the
 * same member. Failures are Keycloak's broker error page.
 */
public final class WeComWebEndpoint {

    private static final Logger LOG = Logger.getLogger(WeComWebEndpoint.class);

    private final KeycloakSession session;
    private final WeComWebIdentityProvider provider;
    private final AuthenticationCallback callback;
    private final EventBuilder event;

    WeComWebEndpoint(KeycloakSession session, WeComWebIdentityProvider provider, AuthenticationCallback callback, EventBuilder event) {
        this.session = session;
        this.provider = provider;
        this.callback = callback;
        this.event = event;
    }

    @GET
    public Response authResponse(@QueryParam("state") String state, @QueryParam("code") String code) {
        WeComWebConfig config = provider.getConfig();
        if (state == null || state.isBlank()) {
            return error(Response.Status.BAD_REQUEST, Messages.IDENTITY_PROVIDER_MISSING_STATE_ERROR, "WeCom came back without a state");
        }
        try {
            AuthenticationSessionModel authSession = callback.getAndVerifyAuthenticationSession(state);
            session.getContext().setAuthenticationSession(authSession);
            if (code == null || code.isBlank()) {
                return callback.cancelled(config);
            }
            WeChatApiClient client = provider.client();
            AccessTokenCache tokens = new AccessTokenCache(session, client);
            WeComWebUser user = tokens.call(token -> client.weComWebUser(token, code));
            if (user.userid() == null) {
                return error(Response.Status.FORBIDDEN, Messages.ACCESS_DENIED, "Not a member of the corp");
            }
            String id = config.getCorpId() + ":" + user.userid();
            WeComMember member = tokens.call(token -> client.weComMember(token, user.userid()));
            if (!member.isActive()) {
                LoginRefusedException refused = Offboarding.refuse(session, session.getContext().getRealm(), id, member.status());
                refused.eventDetails().forEach(event::detail);
                if (refused.userId() != null) {
                    event.user(refused.userId());
                }
                return error(Response.Status.FORBIDDEN, Messages.ACCESS_DENIED, "The WeCom member is not active");
            }
            BrokeredIdentityContext identity = new BrokeredIdentityContext(id, config);
            identity.setIdp(provider);
            identity.setUsername(user.userid());
            identity.setModelUsername(WeChatUsernames.forWeComMember(id));
            identity.getContextData().put(WeComMiniProgramIdentityProvider.CORP_ID, config.getCorpId());
            identity.getContextData().put(WeComMiniProgramIdentityProvider.USER_ID, user.userid());
            if (user.userTicket() != null) {
                String email = tokens.call(token -> client.weComConsentedEmail(token, user.userTicket()));
                if (email != null) {
                    identity.setEmail(email);
                }
            }
            identity.setAuthenticationSession(authSession);
            linkToSameMember(identity);
            return callback.authenticated(identity);
        } catch (WebApplicationException e) {
            return e.getResponse();
        } catch (WeChatException e) {
            LOG.warnf("WeCom refused the browser login of identity provider %s: %s", config.getAlias(), e.getMessage());
            return e.failure() == WeChatFailure.NOT_A_VISIBLE_MEMBER
                    ? error(Response.Status.FORBIDDEN, Messages.ACCESS_DENIED, e.getMessage())
                    : error(Response.Status.BAD_GATEWAY, Messages.IDENTITY_PROVIDER_UNEXPECTED_ERROR, e.getMessage());
        }
    }

    /** The member's user from the WeCom mini-program (or another WeCom provider) gets this provider's link too. */
    private void linkToSameMember(BrokeredIdentityContext identity) {
        LinkedUsers.linkToSameUser(session, session.getContext().getRealm(), WeComUsers.PROVIDER_IDS, provider.getConfig().getAlias(),
                identity);
    }

    private Response error(Response.Status status, String message, String reason) {
        event.event(EventType.IDENTITY_PROVIDER_LOGIN).detail("reason", reason).error(Errors.IDENTITY_PROVIDER_LOGIN_FAILURE);
        return ErrorPage.error(session, session.getContext().getAuthenticationSession(), status, message);
    }
}
