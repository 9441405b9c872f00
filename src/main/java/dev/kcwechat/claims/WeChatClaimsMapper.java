package dev.kcwechat.claims;

import dev.kcwechat.ExtensionVersion;
import dev.kcwechat.broker.WeChatMiniProgramIdentityProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ProtocolMapperModel;
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
 * Adds {@code wechat_unionid} (from the user attribute) and {@code wechat_openid} (the openid in
 * the mini-program the session was signed in with) to tokens and userinfo. A claim whose value is
 * unknown is left out.
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
        return "Adds wechat_unionid (user attribute wechat_unionid) and wechat_openid (the openid in the mini-program the"
                + " user signed in with) to the token.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return CONFIG_PROPERTIES;
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        return Map.of("version", ExtensionVersion.get());
    }

    @Override
    protected void setClaim(IDToken token, ProtocolMapperModel mappingModel, UserSessionModel userSession,
                            KeycloakSession keycloakSession, ClientSessionContext clientSessionCtx) {
        String unionid = userSession.getUser().getFirstAttribute(WeChatMiniProgramIdentityProvider.UNIONID);
        if (unionid != null) {
            token.getOtherClaims().put(UNIONID_CLAIM, unionid);
        }
        String openid = userSession.getNote(WeChatMiniProgramIdentityProvider.OPENID);
        if (openid != null) {
            token.getOtherClaims().put(OPENID_CLAIM, openid);
        }
    }
}
