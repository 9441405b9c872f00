package dev.kcwechat.wecom;

import java.util.List;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/** The admin console's fields for the WeCom directory, the same on both WeCom providers; labels and help texts are message keys. */
final class WeComDirectoryProperties {

    private WeComDirectoryProperties() {
    }

    static List<ProviderConfigProperty> get() {
        return ProviderConfigurationBuilder.create()
                .property().name(WeComMiniProgramConfig.CALLBACK_TOKEN)
                .label("wecomDirectory.callbackToken.label").helpText("wecomDirectory.callbackToken.help")
                .type(ProviderConfigProperty.STRING_TYPE).add()
                .property().name(WeComMiniProgramConfig.CALLBACK_AES_KEY)
                .label("wecomDirectory.callbackAesKey.label").helpText("wecomDirectory.callbackAesKey.help")
                .type(ProviderConfigProperty.STRING_TYPE).add()
                .property().name(WeComMiniProgramConfig.DIRECTORY_SYNC_HOURS)
                .label("wecomDirectory.directorySyncHours.label").helpText("wecomDirectory.directorySyncHours.help")
                .type(ProviderConfigProperty.STRING_TYPE).defaultValue(Integer.toString(WeComMiniProgramConfig.DEFAULT_DIRECTORY_SYNC_HOURS))
                .add()
                .build();
    }
}
