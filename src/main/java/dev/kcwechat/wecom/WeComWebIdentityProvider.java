package dev.kcwechat.wecom;

import dev.kcwechat.browser.BrowserCallback;
import dev.kcwechat.browser.BrowserLogins;
import dev.kcwechat.wechatapi.WeChatApiClient;
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
 * WeCom's browser login ({@code wecom}) for the corp's web apps: inside WeCom's own browser the
 * silent OAuth of the app, elsewhere WeCom's SSO page; the member is the same
 * {@code <corpid>:<userid>} user as in the WeCom mini-program.
 */
public final class WeComWebIdentityProvider extends AbstractIdentityProvider<WeComWebConfig>
        implements SocialIdentityProvider<WeComWebConfig> {

    public WeComWebIdentityProvider(KeycloakSession session, WeComWebConfig config) {
        super(session, config);
    }

    @Override
    public Response performLogin(AuthenticationRequest request) {
        WeComWebConfig config = getConfig();
        BrowserLogins.requireAvailable(config);
        String userAgent = request.getHttpRequest() == null ? null
                : request.getHttpRequest().getHttpHeaders().getHeaderString("User-Agent");
        UriBuilder page;
        if (userAgent != null && userAgent.contains("wxwork")) {
            page = UriBuilder.fromUri(config.getAuthorizationBaseUrl() + "/connect/oauth2/authorize")
                    .queryParam("appid", config.getCorpId())
                    .queryParam("redirect_uri", request.getRedirectUri())
                    .queryParam("response_type", "code")
                    .queryParam("scope", config.getScope())
                    .queryParam("state", request.getState().getEncoded())
                    .queryParam("agentid", config.getAgentId())
                    .fragment("wechat_redirect");
        } else {
            page = UriBuilder.fromUri(config.getSsoBaseUrl() + "/wwlogin/sso/login")
                    .queryParam("login_type", "CorpApp")
                    .queryParam("appid", config.getCorpId())
                    .queryParam("agentid", config.getAgentId())
                    .queryParam("redirect_uri", request.getRedirectUri())
                    .queryParam("state", request.getState().getEncoded());
        }
        return Response.seeOther(page.build()).build();
    }

    @Override
    public Object callback(RealmModel realm, AuthenticationCallback callback, EventBuilder event) {
        return new BrowserCallback(session, getConfig(), new WeComWebIdentities(session, this), callback, event);
    }

    WeChatApiClient client() {
        return WeComApiClients.of(session, getConfig().sharedKeys());
    }

    @Override
    public void importNewUser(KeycloakSession session, RealmModel realm, UserModel user, BrokeredIdentityContext context) {
        updateBrokeredUser(session, realm, user, context);
    }

    @Override
    public void updateBrokeredUser(KeycloakSession session, RealmModel realm, UserModel user, BrokeredIdentityContext context) {
        WeComUsers.updateAttributes(user, context);
    }

    @Override
    public Response retrieveToken(KeycloakSession session, FederatedIdentityModel identity) {
        return exchangeNotSupported();
    }

    @Override
    public Response retrieveToken(KeycloakSession session, FederatedIdentityModel identity, UserSessionModel userSession, UserModel user) {
        return exchangeNotSupported();
    }
}
