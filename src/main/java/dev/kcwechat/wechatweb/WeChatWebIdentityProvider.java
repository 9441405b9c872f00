package dev.kcwechat.wechatweb;

import dev.kcwechat.browser.BrowserCallback;
import dev.kcwechat.browser.BrowserLogins;
import dev.kcwechat.wechatapi.AppSecrets;
import dev.kcwechat.miniprogram.WeChatFamily;
import dev.kcwechat.wechatapi.AccessTokenEndpoint;
import dev.kcwechat.wechatapi.WeChatApiClient;
import dev.kcwechat.wechatapi.WeChatApp;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import org.keycloak.broker.provider.AbstractIdentityProvider;
import org.keycloak.broker.provider.AuthenticationRequest;
import org.keycloak.broker.provider.BrokeredIdentityContext;
import org.keycloak.broker.social.SocialIdentityProvider;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.FederatedIdentityModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;

/**
 * A WeChat browser login (website QR code or official account) as a standard Keycloak broker
 * flow: the browser goes to WeChat's authorization page with Keycloak's {@code state}, comes back
 * to the broker endpoint ({@link BrowserCallback}) with a code, and {@link WeChatWebIdentities} turns
 * it into an identity keyed like the mini-program's (unionid, openid fallback).
 */
public final class WeChatWebIdentityProvider extends AbstractIdentityProvider<WeChatWebConfig>
        implements SocialIdentityProvider<WeChatWebConfig> {

    public WeChatWebIdentityProvider(KeycloakSession session, WeChatWebConfig config) {
        super(session, config);
    }

    /** To WeChat's authorization page: {@code appid}, the broker endpoint, the scope, Keycloak's state, {@code #wechat_redirect}. */
    @Override
    public Response performLogin(AuthenticationRequest request) {
        WeChatWebConfig config = getConfig();
        BrowserLogins.requireAvailable(config);
        UriBuilder authorization = UriBuilder.fromUri(config.getAuthorizationBaseUrl() + config.flavor().authorizationPath())
                .queryParam("appid", config.getAppId())
                .queryParam("redirect_uri", request.getRedirectUri())
                .queryParam("response_type", "code")
                .queryParam("scope", config.getScope())
                .queryParam("state", request.getState().getEncoded())
                .fragment("wechat_redirect");
        return Response.seeOther(authorization.build()).build();
    }

    @Override
    public Object callback(RealmModel realm, AuthenticationCallback callback, EventBuilder event) {
        return new BrowserCallback(session, getConfig(), new WeChatWebIdentities(session, this), callback, event);
    }

    WeChatApiClient client() {
        WeChatWebConfig config = getConfig();
        String appSecret = AppSecrets.resolve(session, config.getAlias(), config.getAppSecretReference());
        return new WeChatApiClient(session, new WeChatApp(config.getAlias(), config.getApiBaseUrl(), config.getAppId(), appSecret,
                AccessTokenEndpoint.STABLE_TOKEN, config.getConnectTimeoutMs(), config.getReadTimeoutMs()));
    }

    @Override
    public void importNewUser(KeycloakSession session, RealmModel realm, UserModel user, BrokeredIdentityContext context) {
        updateBrokeredUser(session, realm, user, context);
    }

    /** The same attributes as the mini-program's. */
    @Override
    public void updateBrokeredUser(KeycloakSession session, RealmModel realm, UserModel user, BrokeredIdentityContext context) {
        WeChatFamily.updateAttributes(user, getConfig().getAppId(), context);
    }

    /** WeChat's web tokens are not stored, so there is none to hand out. */
    @Override
    public Response retrieveToken(KeycloakSession session, FederatedIdentityModel identity) {
        return exchangeNotSupported();
    }

    @Override
    public Response retrieveToken(KeycloakSession session, FederatedIdentityModel identity, UserSessionModel userSession, UserModel user) {
        return exchangeNotSupported();
    }
}
