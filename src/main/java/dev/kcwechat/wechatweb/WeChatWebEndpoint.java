package dev.kcwechat.wechatweb;

import dev.kcwechat.login.LoginNotes;
import dev.kcwechat.miniprogram.WeChatFamily;
import dev.kcwechat.users.LinkedUsers;
import dev.kcwechat.users.WeChatUsernames;
import dev.kcwechat.wechatapi.WeChatApiClient;
import dev.kcwechat.wechatapi.WeChatException;
import dev.kcwechat.wechatapi.WeChatFailure;
import dev.kcwechat.wechatapi.WebAuthorization;
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
import org.keycloak.models.UserModel;
import org.keycloak.services.ErrorPage;
import org.keycloak.services.messages.Messages;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * The broker endpoint WeChat's authorization page returns to: checks Keycloak's {@code state},
 * trades the code, refuses a page snapshot's virtual user, keys the identity, and links it to the
 * user another WeChat provider already knows by the same unionid. Every WeChat failure is
 * Keycloak's broker error page, never a server error.
 */
public final class WeChatWebEndpoint {

    private static final Logger LOG = Logger.getLogger(WeChatWebEndpoint.class);

    private final KeycloakSession session;
    private final WeChatWebIdentityProvider provider;
    private final AuthenticationCallback callback;
    private final EventBuilder event;

    WeChatWebEndpoint(KeycloakSession session, WeChatWebIdentityProvider provider, AuthenticationCallback callback, EventBuilder event) {
        this.session = session;
        this.provider = provider;
        this.callback = callback;
        this.event = event;
    }

    @GET
    public Response authResponse(@QueryParam("state") String state, @QueryParam("code") String code) {
        WeChatWebConfig config = provider.getConfig();
        if (state == null || state.isBlank()) {
            return error(Messages.IDENTITY_PROVIDER_MISSING_STATE_ERROR, "WeChat came back without a state");
        }
        try {
            AuthenticationSessionModel authSession = callback.getAndVerifyAuthenticationSession(state);
            session.getContext().setAuthenticationSession(authSession);
            if (code == null || code.isBlank()) {
                return callback.cancelled(config);   // the user declined on WeChat's page
            }
            WeChatApiClient client = provider.client();
            WebAuthorization answer = client.webAuthorization(code);
            if (answer.snapshotUser()) {
                return error(Messages.IDENTITY_PROVIDER_UNEXPECTED_ERROR, "WeChat signed in a page snapshot's virtual user (is_snapshotuser)");
            }
            String unionid = answer.hasUnionid() || "snsapi_base".equals(config.getScope()) ? answer.unionid() : client.webUnionid(answer);
            String id = config.getIdentityKey().select(answer.openid(), unionid).orElse(null);
            if (id == null) {
                return error(Messages.IDENTITY_PROVIDER_UNEXPECTED_ERROR, "WeChat sent no unionid and identityKey=unionid");
            }
            BrokeredIdentityContext identity = new BrokeredIdentityContext(id, config);
            identity.setIdp(provider);
            identity.setUsername(answer.openid());
            identity.setModelUsername(WeChatUsernames.forIdentity(id));
            identity.getContextData().put(LoginNotes.OPENID, answer.openid());
            if (unionid != null) {
                identity.getContextData().put(LoginNotes.UNIONID, unionid);
            }
            identity.setAuthenticationSession(authSession);
            linkToSamePerson(identity, unionid);
            return callback.authenticated(identity);
        } catch (WebApplicationException e) {
            return e.getResponse();
        } catch (WeChatException e) {
            LOG.warnf("WeChat refused the browser login of identity provider %s: %s", config.getAlias(), e.getMessage());
            boolean codeRefused = e.failure() == WeChatFailure.INVALID_CODE || e.failure() == WeChatFailure.CODE_USED;
            return codeRefused ? error(Response.Status.BAD_REQUEST, Messages.INVALID_CODE, e.getMessage())
                    : error(Messages.IDENTITY_PROVIDER_UNEXPECTED_ERROR, e.getMessage());
        }
    }

    /**
     * When another WeChat provider of the realm has linked this unionid to a user, this provider's
     * link goes to the same user, so Keycloak signs that user in rather than creating a second one.
     */
    private void linkToSamePerson(BrokeredIdentityContext identity, String unionid) {
        if (unionid == null || !unionid.equals(identity.getId())) {
            return;
        }
        String alias = provider.getConfig().getAlias();
        UserModel user = LinkedUsers.linkToSameUser(session, session.getContext().getRealm(), WeChatFamily.PROVIDER_IDS, alias, identity);
        if (user != null) {
            LOG.debugf("Linked identity provider %s to user %s by its WeChat unionid", alias, user.getId());
        }
    }

    private Response error(String message, String reason) {
        return error(Response.Status.BAD_GATEWAY, message, reason);
    }

    /** Keycloak's broker error page, and an {@code IDENTITY_PROVIDER_LOGIN_ERROR} event with the reason. */
    private Response error(Response.Status status, String message, String reason) {
        event.event(EventType.IDENTITY_PROVIDER_LOGIN).detail("reason", reason).error(Errors.IDENTITY_PROVIDER_LOGIN_FAILURE);
        return ErrorPage.error(session, session.getContext().getAuthenticationSession(), status, message);
    }
}
