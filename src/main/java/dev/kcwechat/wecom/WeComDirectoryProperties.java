package dev.kcwechat.wecom;

import java.util.List;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/** The admin console's fields for the WeCom directory, the same on both WeCom providers. */
final class WeComDirectoryProperties {

    private WeComDirectoryProperties() {
    }

    static List<ProviderConfigProperty> get() {
        return ProviderConfigurationBuilder.create()
                .property().name(WeComMiniProgramConfig.CALLBACK_TOKEN).label("Directory callback Token")
                .helpText("The Token of WeCom's contact-change callback (通讯录回调), as a reference to this provider's own vault key:"
                        + " ${vault.idp.<alias>.callback-token}. The callback URL is /realms/<realm>/wechat/wecom/<alias>/callback.")
                .type(ProviderConfigProperty.STRING_TYPE).add()
                .property().name(WeComMiniProgramConfig.CALLBACK_AES_KEY).label("Directory callback EncodingAESKey")
                .helpText("The 43-character EncodingAESKey of that callback, as a reference to this provider's own vault key:"
                        + " ${vault.idp.<alias>.callback-aes-key}.")
                .type(ProviderConfigProperty.STRING_TYPE).add()
                .property().name(WeComMiniProgramConfig.DIRECTORY_SYNC_HOURS).label("Directory reconciliation (hours)")
                .helpText("Hours between reconciliations with WeCom's directory, which offboard linked members who left or became"
                        + " inactive while a callback was missed; 0 = never.")
                .type(ProviderConfigProperty.STRING_TYPE).defaultValue(Integer.toString(WeComMiniProgramConfig.DEFAULT_DIRECTORY_SYNC_HOURS))
                .add()
                .build();
    }
}
