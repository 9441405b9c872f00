package dev.kcwechat.miniprogram;

import dev.kcwechat.common.ExtensionVersion;
import dev.kcwechat.login.LoginNotes;
import dev.kcwechat.login.PhoneBinding;
import dev.kcwechat.login.PhoneConflict;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * Identity-provider mapper "WeChat phone number": the number a login's {@code phone_code} proved
 * goes to a user attribute, with a policy for a number another user already has.
 */
public final class WeChatPhoneNumberMapper extends AbstractIdentityProviderMapper implements ServerInfoAwareProviderFactory {

    public static final String PROVIDER_ID = "wechat-phone-number-idp-mapper";
    public static final String ATTRIBUTE = "attribute";
    public static final String CONFLICT = "conflict";

    private static final String[] COMPATIBLE_PROVIDERS = {WeChatMiniProgramIdentityProviderFactory.PROVIDER_ID};
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
        return "WeChat phone number";
    }

    @Override
    public String getHelpText() {
        return "Stores the phone number a login's phone_code proved (WeChat getPhoneNumber button) in E.164 in a user"
                + " attribute, with phoneNumberVerified=true. Use sync mode 'force' to update it at every login with a phone_code.";
    }

    @Override
    public boolean supportsSyncMode(IdentityProviderSyncMode syncMode) {
        return SYNC_MODES.contains(syncMode);
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return ProviderConfigurationBuilder.create()
                .property().name(ATTRIBUTE)
                .label("wechatPhoneNumberMapper.attribute.label").helpText("wechatPhoneNumberMapper.attribute.help")
                .type(ProviderConfigProperty.STRING_TYPE).defaultValue(PhoneBinding.DEFAULT_ATTRIBUTE).add()
                .property().name(CONFLICT)
                .label("wechatPhoneNumberMapper.conflict.label").helpText("wechatPhoneNumberMapper.conflict.help")
                .type(ProviderConfigProperty.LIST_TYPE).options("reject", "link", "ignore").defaultValue("reject").add()
                .build();
    }

    /** The binding this mapper configures. */
    public static PhoneBinding binding(IdentityProviderMapperModel mapperModel) {
        return new PhoneBinding(mapperModel.getConfig().get(ATTRIBUTE), PhoneConflict.fromConfig(mapperModel.getConfig().get(CONFLICT)));
    }

    /** The binding of the WeChat phone mapper among an identity provider's mappers, if there is one. */
    public static Optional<PhoneBinding> bindingOf(List<IdentityProviderMapperModel> mappers) {
        return mappers.stream()
                .filter(mapper -> PROVIDER_ID.equals(mapper.getIdentityProviderMapper()))
                .findFirst().map(WeChatPhoneNumberMapper::binding);
    }

    @Override
    public void importNewUser(KeycloakSession session, RealmModel realm, UserModel user, IdentityProviderMapperModel mapperModel,
                              BrokeredIdentityContext context) {
        bind(session, realm, user, mapperModel, context);
    }

    @Override
    public void updateBrokeredUser(KeycloakSession session, RealmModel realm, UserModel user, IdentityProviderMapperModel mapperModel,
                                   BrokeredIdentityContext context) {
        bind(session, realm, user, mapperModel, context);
    }

    private static void bind(KeycloakSession session, RealmModel realm, UserModel user, IdentityProviderMapperModel mapperModel,
                             BrokeredIdentityContext context) {
        String phone = (String) context.getContextData().get(LoginNotes.PHONE);
        if (phone != null) {
            binding(mapperModel).bind(session, realm, user, phone);
        }
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        return Map.of("version", ExtensionVersion.get());
    }
}
