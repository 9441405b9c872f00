package dev.kcwechat.miniprogram;

import dev.kcwechat.common.IdentityProviderCalls;
import dev.kcwechat.wechatapi.AppSecrets;
import dev.kcwechat.limits.AbuseLimits;
import dev.kcwechat.login.CodeLoginProvider;
import dev.kcwechat.login.LoginNotes;
import dev.kcwechat.login.MissingUnionidException;
import dev.kcwechat.login.PhoneBinding;
import dev.kcwechat.login.PhoneFailure;
import dev.kcwechat.login.RiskPolicy;
import dev.kcwechat.login.WeChatLogin;
import dev.kcwechat.users.WeChatUsernames;
import dev.kcwechat.wechatapi.AccessTokenCache;
import dev.kcwechat.wechatapi.Code2Session;
import dev.kcwechat.wechatapi.PhoneNumber;
import dev.kcwechat.wechatapi.WeChatApiClient;
import dev.kcwechat.wechatapi.WeChatApp;
import dev.kcwechat.wechatapi.WeChatException;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.keycloak.broker.provider.AbstractIdentityProvider;
import org.keycloak.broker.provider.AuthenticationRequest;
import org.keycloak.broker.provider.BrokeredIdentityContext;
import org.keycloak.broker.provider.IdentityBrokerException;
import org.keycloak.broker.social.SocialIdentityProvider;
import org.keycloak.models.FederatedIdentityModel;
import org.keycloak.models.IdentityProviderMapperModel;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;

/**
 * A WeChat mini-program as an identity provider. There is no browser redirect: the mini-program's
 * {@code wx.login()} code reaches Keycloak's token endpoint (see the grant package), which asks
 * this provider to turn it into a brokered identity.
 */
public final class WeChatMiniProgramIdentityProvider extends AbstractIdentityProvider<WeChatMiniProgramConfig>
        implements SocialIdentityProvider<WeChatMiniProgramConfig>, CodeLoginProvider {

    /** Prefix of the user attribute holding the openid in one mini-program: {@code wechat_openid_<AppID>}. */
    public static final String OPENID_ATTRIBUTE_PREFIX = "wechat_openid_";

    public WeChatMiniProgramIdentityProvider(KeycloakSession session, WeChatMiniProgramConfig config) {
        super(session, config);
    }

    @Override
    public IdentityProviderModel model() {
        return getConfig();
    }

    @Override
    public String codeIssuer() {
        return getConfig().getAppId();
    }

    @Override
    public boolean isClientAllowed(String clientId) {
        return getConfig().isClientAllowed(clientId);
    }

    @Override
    public AbuseLimits abuseLimits() {
        return getConfig().getAbuseLimits();
    }

    @Override
    public RiskPolicy riskPolicy() {
        return getConfig().getRiskPolicy();
    }

    @Override
    public PhoneFailure phoneFailure() {
        return getConfig().getPhoneFailure();
    }

    /** The user a mini-program, the website or an official account linked to this identity's unionid. */
    @Override
    public UserModel samePersonElsewhere(KeycloakSession session, RealmModel realm, BrokeredIdentityContext identity) {
        String unionid = (String) identity.getContextData().get(LoginNotes.UNIONID);
        if (unionid == null || !unionid.equals(identity.getId())) {
            return null;
        }
        return WeChatFamily.userOfUnionid(session, realm, unionid, getConfig().getAlias());
    }

    /** The openid and, when WeChat sent one, the unionid. */
    @Override
    public Map<String, String> sessionNotes(BrokeredIdentityContext identity) {
        Map<String, String> notes = new LinkedHashMap<>();
        notes.put(LoginNotes.OPENID, (String) identity.getContextData().get(LoginNotes.OPENID));
        String unionid = (String) identity.getContextData().get(LoginNotes.UNIONID);
        if (unionid != null) {
            notes.put(LoginNotes.UNIONID, unionid);
        }
        return notes;
    }

    /**
     * Calls code2Session and returns the brokered identity, keyed per {@code identityKey}, with
     * the session_key.
     *
     * @throws WeChatException when WeChat refuses the code or cannot be reached
     * @throws MissingUnionidException when the identity must be keyed by a unionid WeChat did not send
     */
    @Override
    public WeChatLogin exchangeCode(String code) {
        Code2Session answer = client().code2Session(code);
        String id = getConfig().getIdentityKey().select(answer)
                .orElseThrow(() -> new MissingUnionidException(getConfig().getAlias()));

        BrokeredIdentityContext identity = new BrokeredIdentityContext(id, getConfig());
        IdentityProviderCalls.setIdp(identity, this);
        identity.setUsername(answer.openid());
        identity.setModelUsername(WeChatUsernames.forIdentity(id));
        identity.getContextData().put(LoginNotes.OPENID, answer.openid());
        if (answer.hasUnionid()) {
            identity.getContextData().put(LoginNotes.UNIONID, answer.unionid());
        }
        return new WeChatLogin(identity, answer.sessionKey());
    }

    /**
     * The verified phone number behind a getPhoneNumber button's code, through the shared
     * access_token.
     *
     * @throws WeChatException when WeChat refuses the code, answers for another AppID or cannot be reached
     */
    @Override
    public PhoneNumber phoneNumber(String phoneCode) {
        WeChatApiClient client = client();
        return new AccessTokenCache(session, client).call(token -> client.phoneNumber(token, phoneCode));
    }

    /** Whether WeChat still holds the user's session with this session_key (checksession). */
    public boolean checkSession(String openid, String sessionKey) {
        WeChatApiClient client = client();
        return new AccessTokenCache(session, client).call(token -> client.checkSession(token, openid, sessionKey));
    }

    @Override
    public Optional<PhoneBinding> phoneBinding(List<IdentityProviderMapperModel> mappers) {
        return WeChatPhoneNumberMapper.bindingOf(mappers);
    }

    /**
     * WeChat's risk rank (0–4) of the user with this openid, through the shared access_token.
     *
     * @param scene 0 at registration, 1 otherwise
     * @throws WeChatException when WeChat gives no rank
     */
    @Override
    public int riskRank(String openid, int scene, String clientIp) {
        WeChatApiClient client = client();
        return new AccessTokenCache(session, client).call(token -> client.riskRank(token, openid, scene, clientIp));
    }

    private WeChatApiClient client() {
        return new WeChatApiClient(session, app());
    }

    /** The mini-program as the API client sees it, with the AppSecret looked up in the vault if it is a reference. */
    WeChatApp app() {
        WeChatMiniProgramConfig config = getConfig();
        String appSecret = AppSecrets.resolve(session, config.getAlias(), config.getAppSecretReference());
        return new WeChatApp(config.getAlias(), config.getApiBaseUrl(), config.getAppId(), appSecret, config.getAccessTokenEndpoint(),
                config.getConnectTimeoutMs(), config.getReadTimeoutMs());
    }

    @Override
    public void importNewUser(KeycloakSession session, RealmModel realm, UserModel user, BrokeredIdentityContext context) {
        updateBrokeredUser(session, realm, user, context);
    }

    @Override
    public void updateBrokeredUser(KeycloakSession session, RealmModel realm, UserModel user, BrokeredIdentityContext context) {
        WeChatFamily.updateAttributes(user, getConfig().getAppId(), context);
    }

    /** Name of the user attribute with the user's openid in the mini-program with that AppID. */
    public static String openidAttribute(String appId) {
        return OPENID_ATTRIBUTE_PREFIX + appId;
    }

    @Override
    public Response performLogin(AuthenticationRequest request) {
        throw new IdentityBrokerException("WeChat mini-program users sign in from the mini-program through the token endpoint,"
                + " not through the browser");
    }

    /** WeChat tokens are not stored, so there is none to hand out. */
    @Override
    public Response retrieveToken(KeycloakSession session, FederatedIdentityModel identity) {
        return exchangeNotSupported();
    }

    @Override
    public Response retrieveToken(KeycloakSession session, FederatedIdentityModel identity, UserSessionModel userSession,
                                  UserModel user) {
        return exchangeNotSupported();
    }
}
