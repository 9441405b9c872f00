package dev.kcwechat.minors;

import dev.kcwechat.common.ExtensionVersion;
import dev.kcwechat.minors.policy.AgeBracket;
import dev.kcwechat.minors.policy.UnknownAge;
import dev.kcwechat.minors.store.PolicyClock;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ProtocolMapperContainerModel;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.ProtocolMapperConfigException;
import org.keycloak.protocol.oidc.mappers.AbstractOIDCProtocolMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAccessTokenMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAttributeMapperHelper;
import org.keycloak.protocol.oidc.mappers.OIDCIDTokenMapper;
import org.keycloak.protocol.oidc.mappers.TokenIntrospectionTokenMapper;
import org.keycloak.protocol.oidc.mappers.UserInfoTokenMapper;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.provider.ServerInfoAwareProviderFactory;
import org.keycloak.representations.IDToken;

/**
 * Adds {@code age_bracket} ({@code under_14}, {@code 14_to_15}, {@code 16_to_17}, {@code adult},
 * {@code unknown}) and {@code guardian_mode} (true for minors; for an unknown age as configured)
 * from the user's {@code birthdate} attribute, never the birthdate itself.
 */
public final class AgeBracketMapper extends AbstractOIDCProtocolMapper
        implements OIDCAccessTokenMapper, OIDCIDTokenMapper, UserInfoTokenMapper, TokenIntrospectionTokenMapper,
        ServerInfoAwareProviderFactory {

    public static final String PROVIDER_ID = "oidc-wechat-age-bracket-mapper";
    public static final String AGE_BRACKET_CLAIM = "age_bracket";
    public static final String GUARDIAN_MODE_CLAIM = "guardian_mode";
    public static final String TIME_ZONE = "timeZone";
    public static final String UNKNOWN_AGE = "unknownAge";
    public static final String DEFAULT_TIME_ZONE = "Asia/Shanghai";

    private static final List<ProviderConfigProperty> CONFIG_PROPERTIES = new ArrayList<>();

    static {
        CONFIG_PROPERTIES.addAll(ProviderConfigurationBuilder.create()
                .property().name(TIME_ZONE)
                .label("wechatAgeBracketMapper.timeZone.label").helpText("wechatAgeBracketMapper.timeZone.help")
                .type(ProviderConfigProperty.STRING_TYPE).defaultValue(DEFAULT_TIME_ZONE).add()
                .property().name(UNKNOWN_AGE)
                .label("wechatAgeBracketMapper.unknownAge.label").helpText("wechatAgeBracketMapper.unknownAge.help")
                .type(ProviderConfigProperty.LIST_TYPE).options("minor", "deny", "allow").defaultValue("minor").add()
                .build());
        OIDCAttributeMapperHelper.addIncludeInTokensConfig(CONFIG_PROPERTIES, AgeBracketMapper.class);
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "WeChat age bracket";
    }

    @Override
    public String getDisplayCategory() {
        return TOKEN_MAPPER_CATEGORY;
    }

    @Override
    public String getHelpText() {
        return "Adds age_bracket (under_14, 14_to_15, 16_to_17, adult, unknown) and guardian_mode from the user attribute"
                + " birthdate (YYYY-MM-DD), counted in the configured time zone; never the birthdate itself.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return CONFIG_PROPERTIES;
    }

    @Override
    public void validateConfig(KeycloakSession session, RealmModel realm, ProtocolMapperContainerModel client, ProtocolMapperModel model)
            throws ProtocolMapperConfigException {
        try {
            zone(model);
            UnknownAge.fromConfig(model.getConfig().get(UNKNOWN_AGE));
        } catch (IllegalArgumentException | DateTimeException e) {
            throw new ProtocolMapperConfigException(e.getMessage(), "{0}", e);
        }
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        return Map.of("version", ExtensionVersion.get());
    }

    @Override
    protected void setClaim(IDToken token, ProtocolMapperModel mappingModel, UserSessionModel userSession,
                            KeycloakSession keycloakSession, ClientSessionContext clientSessionCtx) {
        AgeBracket bracket = AgeBracket.of(userSession.getUser().getFirstAttribute(AgeBracket.BIRTHDATE_ATTRIBUTE),
                PolicyClock.now(keycloakSession, userSession.getRealm()), zone(mappingModel));
        token.getOtherClaims().put(AGE_BRACKET_CLAIM, bracket.claimValue());
        token.getOtherClaims().put(GUARDIAN_MODE_CLAIM,
                UnknownAge.fromConfig(mappingModel.getConfig().get(UNKNOWN_AGE)).guardianMode(bracket));
    }

    private static ZoneId zone(ProtocolMapperModel model) {
        String zone = model.getConfig().get(TIME_ZONE);
        return ZoneId.of(zone == null || zone.isBlank() ? DEFAULT_TIME_ZONE : zone.trim());
    }
}
