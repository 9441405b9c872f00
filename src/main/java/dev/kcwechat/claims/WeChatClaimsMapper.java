package dev.kcwechat.claims;

import dev.kcwechat.common.ExtensionVersion;
import dev.kcwechat.login.LoginNotes;
import dev.kcwechat.miniprogram.WeChatFamily;
import dev.kcwechat.wecom.WeComMiniProgramIdentityProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.FederatedIdentityModel;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.mappers.AbstractOIDCProtocolMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAccessTokenMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAttributeMapperHelper;
import org.keycloak.protocol.oidc.mappers.OIDCIDTokenMapper;
import org.keycloak.protocol.oidc.mappers.TokenIntrospectionTokenMapper;
import org.keycloak.protocol.oidc.mappers.UserInfoTokenMapper;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ServerInfoAwareProviderFactory;
import org.keycloak.representations.IDToken;

/**
 * Adds {@code wechat_unionid} and {@code wechat_openid} (the openid in the mini-program the session
 * was signed in with) to tokens and userinfo, from what WeChat proved only: the notes the code
 * grant put on the session from code2Session's answer, else (a session signed in otherwise) the
 * unionid a WeChat identity-provider link is keyed by. Never from a user attribute, which a realm's
 * user profile may let users edit. A claim whose value is unknown is left out.
 */
public final class WeChatClaimsMapper extends AbstractOIDCProtocolMapper
        implements OIDCAccessTokenMapper, OIDCIDTokenMapper, UserInfoTokenMapper, TokenIntrospectionTokenMapper,
        ServerInfoAwareProviderFactory {

    public static final String PROVIDER_ID = "oidc-wechat-claims-mapper";
    public static final String UNIONID_CLAIM = "wechat_unionid";
    public static final String OPENID_CLAIM = "wechat_openid";

    private static final List<ProviderConfigProperty> CONFIG_PROPERTIES = new ArrayList<>();

    static {
        OIDCAttributeMapperHelper.addIncludeInTokensConfig(CONFIG_PROPERTIES, WeChatClaimsMapper.class);
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "WeChat ids";
    }

    @Override
    public String getDisplayCategory() {
        return TOKEN_MAPPER_CATEGORY;
    }

    @Override
    public String getHelpText() {
        return "Adds wechat_unionid and wechat_openid (the openid in the mini-program the user signed in with) to the token,"
                + " as WeChat proved them at the login (or the unionid of the user's WeChat link), and wecom_corpid and wecom_userid"
                + " for a WeCom mini-program login; never from a user attribute.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return CONFIG_PROPERTIES;
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        return Map.of("version", ExtensionVersion.get());
    }

    /**
     * The unionid a WeChat link of the user (mini-program, website, official account) is keyed by: a
     * link whose id is not the openid it was made with (links keyed by an openid carry no unionid).
     */
    private static String unionidOfLinks(KeycloakSession session, UserSessionModel userSession) {
        RealmModel realm = userSession.getRealm();
        return session.users().getFederatedIdentitiesStream(realm, userSession.getUser())
                .filter(link -> link.getUserName() != null && !link.getUserId().equalsIgnoreCase(link.getUserName()))
                .filter(link -> {
                    IdentityProviderModel idp = session.identityProviders().getByAlias(link.getIdentityProvider());
                    return idp != null && WeChatFamily.PROVIDER_IDS.contains(idp.getProviderId());
                })
                .map(FederatedIdentityModel::getUserId)
                .findFirst().orElse(null);
    }

    @Override
    protected void setClaim(IDToken token, ProtocolMapperModel mappingModel, UserSessionModel userSession,
                            KeycloakSession keycloakSession, ClientSessionContext clientSessionCtx) {
        String unionid = userSession.getNote(LoginNotes.UNIONID);
        if (unionid == null && userSession.getNote(LoginNotes.OPENID) == null) {
            unionid = unionidOfLinks(keycloakSession, userSession);
        }
        if (unionid != null) {
            token.getOtherClaims().put(UNIONID_CLAIM, unionid);
        }
        String openid = userSession.getNote(LoginNotes.OPENID);
        if (openid != null) {
            token.getOtherClaims().put(OPENID_CLAIM, openid);
        }
        for (String wecom : new String[] {WeComMiniProgramIdentityProvider.CORP_ID, WeComMiniProgramIdentityProvider.USER_ID}) {
            String value = userSession.getNote(wecom);
            if (value != null) {
                token.getOtherClaims().put(wecom, value);
            }
        }
    }
}
