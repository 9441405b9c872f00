package dev.kcwechat.wecom;

import dev.kcwechat.common.IdentityProviderCalls;
import dev.kcwechat.login.CodeLoginProvider;
import dev.kcwechat.login.LoginRefusedException;
import dev.kcwechat.login.PhoneBinding;
import dev.kcwechat.login.PhoneFailure;
import dev.kcwechat.login.RiskPolicy;
import dev.kcwechat.login.WeChatLogin;
import dev.kcwechat.users.WeChatUsernames;
import dev.kcwechat.limits.AbuseLimits;
import dev.kcwechat.wechatapi.AccessTokenCache;
import dev.kcwechat.wechatapi.PhoneNumber;
import dev.kcwechat.wechatapi.WeChatApiClient;
import dev.kcwechat.wechatapi.WeChatException;
import dev.kcwechat.wechatapi.WeChatFailure;
import dev.kcwechat.wechatapi.WeComMember;
import dev.kcwechat.wechatapi.WeComSession;
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
 * A WeCom (企业微信) mini-program: an employee's {@code wx.qy.login()} code is traded, with the
 * corp app's access_token (shared cluster-wide like WeChat's), for the member's corpid and userid;
 * WeCom's directory then says whether the member is active. The brokered id is
 * {@code <corpid>:<userid>}.
 */
public final class WeComMiniProgramIdentityProvider extends AbstractIdentityProvider<WeComMiniProgramConfig>
        implements SocialIdentityProvider<WeComMiniProgramConfig>, CodeLoginProvider {

    /** Attribute, claim and session note: the member's corp. */
    public static final String CORP_ID = "wecom_corpid";
    /** Attribute, claim and session note: the member's userid in the corp. */
    public static final String USER_ID = "wecom_userid";
    /** Brokered-context key: the member's name in the corp's directory. */
    public static final String NAME = "wecom_name";
    /** Brokered-context key: the ids of the member's departments ({@code List<Long>}). */
    public static final String DEPARTMENTS = "wecom_departments";

    private static final RiskPolicy NO_RISK_CHECK = RiskPolicy.fromConfig(null, null, null, null);

    public WeComMiniProgramIdentityProvider(KeycloakSession session, WeComMiniProgramConfig config) {
        super(session, config);
    }

    @Override
    public IdentityProviderModel model() {
        return getConfig();
    }

    @Override
    public String codeIssuer() {
        return getConfig().getCorpId() + "/" + getConfig().getAgentId();
    }

    @Override
    public boolean isClientAllowed(String clientId) {
        return getConfig().getAllowedClients().contains(clientId);
    }

    @Override
    public AbuseLimits abuseLimits() {
        return getConfig().getAbuseLimits();
    }

    @Override
    public RiskPolicy riskPolicy() {
        return NO_RISK_CHECK;
    }

    @Override
    public PhoneFailure phoneFailure() {
        return PhoneFailure.FAIL_LOGIN;
    }

    /**
     * @throws WeChatException when WeCom refuses the code, does not show the member to the app, or cannot be reached
     * @throws LoginRefusedException when the member has left, is disabled or not activated (their user is offboarded)
     */
    @Override
    public WeChatLogin exchangeCode(String code) {
        WeChatApiClient client = client();
        AccessTokenCache tokens = new AccessTokenCache(session, client);
        WeComSession answer = tokens.call(token -> client.weComSession(token, code));
        if (!getConfig().getCorpId().equals(answer.corpid())) {
            throw new WeChatException(WeChatFailure.WRONG_APPID, WeChatException.NO_ERRCODE, "The code was issued in another corp");
        }
        String id = answer.corpid() + ":" + answer.userid();
        WeComMember member = tokens.call(token -> client.weComMember(token, answer.userid()));
        if (!member.isActive()) {
            throw Offboarding.refuse(session, session.getContext().getRealm(), id, member.status());
        }
        BrokeredIdentityContext identity = new BrokeredIdentityContext(id, getConfig());
        IdentityProviderCalls.setIdp(identity, this);
        identity.setUsername(answer.userid());
        identity.setModelUsername(WeChatUsernames.forWeComMember(id));
        identity.getContextData().put(CORP_ID, answer.corpid());
        identity.getContextData().put(USER_ID, answer.userid());
        if (member.name() != null) {
            identity.getContextData().put(NAME, member.name());
        }
        identity.getContextData().put(DEPARTMENTS, member.departments());
        return new WeChatLogin(identity, answer.sessionKey());
    }

    /** WeCom mini-programs have no phone-number button of WeChat's. */
    @Override
    public Optional<PhoneBinding> phoneBinding(List<IdentityProviderMapperModel> mappers) {
        return Optional.empty();
    }

    @Override
    public int riskRank(String openid, int scene, String clientIp) {
        throw new IllegalStateException("WeCom gives no risk rank");
    }

    @Override
    public PhoneNumber phoneNumber(String phoneCode) {
        throw new IllegalStateException("WeCom mini-programs have no phone-number button of WeChat's");
    }

    /** The member's user through the WeCom browser login. */
    @Override
    public UserModel samePersonElsewhere(KeycloakSession session, RealmModel realm, BrokeredIdentityContext identity) {
        return WeComUsers.linkedTo(session, realm, identity.getId(), getConfig().getAlias());
    }

    @Override
    public Map<String, String> sessionNotes(BrokeredIdentityContext identity) {
        Map<String, String> notes = new LinkedHashMap<>();
        notes.put(CORP_ID, (String) identity.getContextData().get(CORP_ID));
        notes.put(USER_ID, (String) identity.getContextData().get(USER_ID));
        return notes;
    }

    private WeChatApiClient client() {
        return WeComApiClients.of(session, getConfig());
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
    public Response performLogin(AuthenticationRequest request) {
        throw new IdentityBrokerException("WeCom mini-program members sign in from the mini-program through the token endpoint");
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
