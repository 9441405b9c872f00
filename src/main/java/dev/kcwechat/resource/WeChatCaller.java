package dev.kcwechat.resource;

import dev.kcwechat.common.SignedIn;
import dev.kcwechat.login.LoginNotes;
import dev.kcwechat.miniprogram.WeChatMiniProgramConfig;
import dev.kcwechat.miniprogram.WeChatMiniProgramIdentityProvider;
import dev.kcwechat.miniprogram.WeChatMiniProgramIdentityProviderFactory;
import dev.kcwechat.session.SessionKeyStore;
import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.core.Response;
import org.keycloak.events.Details;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.services.managers.AppAuthManager;

/**
 * Who calls a /wechat endpoint: the user and session of a valid bearer access token, the WeChat
 * identity provider the session signed in through, its openid and its session_key.
 */
record WeChatCaller(UserModel user, UserSessionModel userSession, String clientId, WeChatMiniProgramIdentityProvider idp,
                    String openid, String sessionKey) {

    /** The user and session of a valid bearer access token of the realm, whichever client it was issued to; else 401. */
    static SignedIn bearer(KeycloakSession session) {
        SignedIn auth;
        try {
            auth = SignedIn.of(new AppAuthManager.BearerTokenAuthenticator(session).authenticate());
        } catch (NotAuthorizedException malformed) {
            auth = null;   // an Authorization header that is not "Bearer <token>", an empty token among them
        }
        if (auth == null || auth.session() == null) {
            throw ResourceError.invalidToken("A valid bearer access token of an active session is required");
        }
        return auth;
    }

    static WeChatCaller authenticate(KeycloakSession session) {
        SignedIn auth = bearer(session);
        UserSessionModel userSession = auth.session();
        String alias = userSession.getNote(Details.IDENTITY_PROVIDER);
        IdentityProviderModel model = alias == null ? null : session.identityProviders().getByAlias(alias);
        String sessionKey = new SessionKeyStore(session, session.getContext().getRealm()).read(userSession).orElse(null);
        String openid = userSession.getNote(LoginNotes.OPENID);
        if (model == null || !WeChatMiniProgramIdentityProviderFactory.PROVIDER_ID.equals(model.getProviderId())
                || !model.isEnabled() || sessionKey == null || openid == null) {
            throw new ResourceError(Response.Status.BAD_REQUEST, ResourceError.NOT_A_WECHAT_SESSION,
                    "This session did not come from a WeChat mini-program code login");
        }
        WeChatMiniProgramConfig config = new WeChatMiniProgramConfig(model);
        if (!config.isClientAllowed(auth.token().getIssuedFor())) {
            throw new ResourceError(Response.Status.FORBIDDEN, ResourceError.CLIENT_NOT_ALLOWED,
                    "The access token was issued to a client that is not allowed on this WeChat identity provider");
        }
        WeChatMiniProgramIdentityProvider idp = new WeChatMiniProgramIdentityProvider(session, config);
        return new WeChatCaller(auth.user(), userSession, auth.token().getIssuedFor(), idp, openid, sessionKey);
    }

    @Override
    public String toString() {
        return "WeChatCaller[user=" + user.getUsername() + ", openid=" + openid + ", sessionKey=<hidden>]";
    }
}
