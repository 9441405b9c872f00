package dev.kcwechat.wecom;

import dev.kcwechat.common.ExtensionVersion;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.keycloak.broker.provider.AbstractIdentityProviderMapper;
import org.keycloak.broker.provider.BrokeredIdentityContext;
import org.keycloak.models.IdentityProviderMapperModel;
import org.keycloak.models.IdentityProviderSyncMode;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.provider.ServerInfoAwareProviderFactory;

/**
 * Identity-provider mapper "WeCom name": the member's name in WeCom's directory goes to the user's
 * first name (a Chinese name is one field) or to another attribute; nothing when WeCom gives none.
 */
public final class WeComNameMapper extends AbstractIdentityProviderMapper implements ServerInfoAwareProviderFactory {

    public static final String PROVIDER_ID = "wecom-name-idp-mapper";
    public static final String ATTRIBUTE = "attribute";

    private static final String[] COMPATIBLE_PROVIDERS = {WeComMiniProgramIdentityProviderFactory.PROVIDER_ID};
    private static final Set<IdentityProviderSyncMode> SYNC_MODES = EnumSet.allOf(IdentityProviderSyncMode.class);

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String[] getCompatibleProviders() {
        return COMPATIBLE_PROVIDERS;
    }

    @Override
    public String getDisplayCategory() {
        return "Attribute Importer";
    }

    @Override
    public String getDisplayType() {
        return "WeCom name";
    }

    @Override
    public String getHelpText() {
        return "Stores the member's name from WeCom's directory in the first name (default) or another user attribute.";
    }

    @Override
    public boolean supportsSyncMode(IdentityProviderSyncMode syncMode) {
        return SYNC_MODES.contains(syncMode);
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return ProviderConfigurationBuilder.create()
                .property().name(ATTRIBUTE)
                .label("wecomNameMapper.attribute.label").helpText("wecomNameMapper.attribute.help")
                .type(ProviderConfigProperty.STRING_TYPE).defaultValue(UserModel.FIRST_NAME).add()
                .build();
    }

    @Override
    public void importNewUser(KeycloakSession session, RealmModel realm, UserModel user, IdentityProviderMapperModel mapperModel,
                              BrokeredIdentityContext context) {
        String name = (String) context.getContextData().get(WeComMiniProgramIdentityProvider.NAME);
        String attribute = mapperModel.getConfig().getOrDefault(ATTRIBUTE, UserModel.FIRST_NAME);
        if (name != null && !name.equals(user.getFirstAttribute(attribute))) {
            user.setSingleAttribute(attribute, name);
        }
    }

    @Override
    public void updateBrokeredUser(KeycloakSession session, RealmModel realm, UserModel user, IdentityProviderMapperModel mapperModel,
                                   BrokeredIdentityContext context) {
        importNewUser(session, realm, user, mapperModel, context);
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        return Map.of("version", ExtensionVersion.get());
    }
}
