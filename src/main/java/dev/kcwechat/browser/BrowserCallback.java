package dev.kcwechat.browser;

import dev.kcwechat.wechatapi.WeChatException;
import dev.kcwechat.wechatapi.WeChatFailure;
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
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.services.ErrorPage;
import org.keycloak.services.messages.Messages;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * The broker endpoint the vendor's page returns to, one for the three browser providers (website,
 * official account, WeCom web): Keycloak's {@code state} checked, a declined login cancelled, the
 * code turned into an identity by the provider's {@link BrowserIdentities}, and every failure
 * Keycloak's broker error page with an {@code IDENTITY_PROVIDER_LOGIN_ERROR} event, never a server
 * error.
 */
public final class BrowserCallback {

    private static final Logger LOG = Logger.getLogger(BrowserCallback.class);

    private final KeycloakSession session;
    private final IdentityProviderModel config;
    private final BrowserIdentities identities;
    private final AuthenticationCallback callback;
    private final EventBuilder event;

    public BrowserCallback(KeycloakSession session, IdentityProviderModel config, BrowserIdentities identities,
            AuthenticationCallback callback, EventBuilder event) {
        this.session = session;
        this.config = config;
        this.identities = identities;
        this.callback = callback;
        this.event = event;
    }

    @GET
    public Response authResponse(@QueryParam("state") String state, @QueryParam("code") String code) {
        if (state == null || state.isBlank()) {
            return error(Response.Status.BAD_REQUEST, Messages.IDENTITY_PROVIDER_MISSING_STATE_ERROR, "The provider came back without a state");
        }
        try {
            AuthenticationSessionModel authSession = callback.getAndVerifyAuthenticationSession(state);
            session.getContext().setAuthenticationSession(authSession);
            if (code == null || code.isBlank()) {
                return callback.cancelled(config);   // the user declined on the vendor's page
            }
            BrokeredIdentityContext identity = identities.identify(code);
            identity.setAuthenticationSession(authSession);
            return callback.authenticated(identity);
        } catch (WebApplicationException e) {
            return e.getResponse();
        } catch (BrowserLoginRefused e) {
            e.eventDetails().forEach(event::detail);
            if (e.userId() != null) {
                event.user(e.userId());
            }
            return error(e.status(), e.messageKey(), e.getMessage());
        } catch (WeChatException e) {
            LOG.warnf("The browser login of identity provider %s failed at the vendor's API: %s", config.getAlias(), e.getMessage());
            return wechatError(e);
        }
    }

    /** A refused code is the user's to retry, a member outside the app's range is refused, the rest is the vendor's fault. */
    private Response wechatError(WeChatException e) {
        WeChatFailure failure = e.failure();
        if (failure == WeChatFailure.INVALID_CODE || failure == WeChatFailure.CODE_USED) {
            return error(Response.Status.BAD_REQUEST, Messages.INVALID_CODE, e.getMessage());
        }
        if (failure == WeChatFailure.NOT_A_VISIBLE_MEMBER) {
            return error(Response.Status.FORBIDDEN, Messages.ACCESS_DENIED, e.getMessage());
        }
        return error(Response.Status.BAD_GATEWAY, Messages.IDENTITY_PROVIDER_UNEXPECTED_ERROR, e.getMessage());
    }

    private Response error(Response.Status status, String messageKey, String reason) {
        event.event(EventType.IDENTITY_PROVIDER_LOGIN).detail("reason", reason).error(Errors.IDENTITY_PROVIDER_LOGIN_FAILURE);
        return ErrorPage.error(session, session.getContext().getAuthenticationSession(), status, messageKey);
    }
}
