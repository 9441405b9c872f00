package dev.kcwechat.wechatweb;

import dev.kcwechat.common.ApiHosts;
import dev.kcwechat.common.ExtensionVersion;
import dev.kcwechat.common.ProviderConfig;
import dev.kcwechat.miniprogram.WeChatMiniProgramConfig;
import dev.kcwechat.wechatapi.WeChatApiClient;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.keycloak.Config;
import org.keycloak.broker.provider.AbstractIdentityProviderFactory;
import org.keycloak.broker.social.SocialIdentityProviderFactory;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.provider.ServerInfoAwareProviderFactory;

/** What the two WeChat browser logins' factories share: the provider, its config and its settings in the admin console. */
abstract class WeChatWebIdentityProviderFactory extends AbstractIdentityProviderFactory<WeChatWebIdentityProvider>
        implements SocialIdentityProviderFactory<WeChatWebIdentityProvider>, ServerInfoAwareProviderFactory {

    private Set<String> apiHosts = ApiHosts.OFFICIAL;

    private final WeChatWebFlavor flavor;

    WeChatWebIdentityProviderFactory(WeChatWebFlavor flavor) {
        this.flavor = flavor;
    }

    @Override
    public String getId() {
        return flavor.providerId();
    }

    @Override
    public WeChatWebIdentityProvider create(KeycloakSession session, IdentityProviderModel model) {
        return new WeChatWebIdentityProvider(session, new WeChatWebConfig(flavor, model));
    }

    @Override
    public WeChatWebConfig createConfig() {
        WeChatWebConfig config = new WeChatWebConfig(flavor);
        config.allowApiHosts(apiHosts);
        return config;
    }

    /** The SPI option {@value ApiHosts#OPTION}: hosts besides WeChat's and WeCom's own that the provider's URLs may point at. */
    @Override
    public void init(Config.Scope config) {
        apiHosts = ApiHosts.of(config);
    }

    @Override
    public Map<String, String> parseConfig(KeycloakSession session, String config) {
        return Map.of();
    }

    /** Labels and help texts: keys of the extension's admin-console messages (theme-resources/messages). */
    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        ProviderConfigurationBuilder builder = ProviderConfigurationBuilder.create()
                .property().name(ProviderConfig.API_BASE_URL)
                .label("wechatWeb.apiBaseUrl.label").helpText("wechatWeb.apiBaseUrl.help")
                .type(ProviderConfigProperty.STRING_TYPE).defaultValue(WeChatApiClient.DEFAULT_API_BASE_URL).add()
                .property().name(WeChatWebConfig.AUTHORIZATION_BASE_URL)
                .label("wechatWeb.authorizationBaseUrl.label").helpText("wechatWeb.authorizationBaseUrl.help")
                .type(ProviderConfigProperty.STRING_TYPE).defaultValue(WeChatWebConfig.DEFAULT_AUTHORIZATION_BASE_URL).add()
                .property().name(WeChatMiniProgramConfig.IDENTITY_KEY)
                .label("wechatWeb.identityKey.label").helpText("wechatWeb.identityKey.help")
                .type(ProviderConfigProperty.LIST_TYPE).options("unionid-or-openid", "unionid", "openid")
                .defaultValue("unionid-or-openid").add();
        if (flavor == WeChatWebFlavor.OFFICIAL_ACCOUNT) {
            builder.property().name(WeChatWebConfig.SCOPE)
                    .label("wechatWeb.scope.label").helpText("wechatWeb.scope.help")
                    .type(ProviderConfigProperty.LIST_TYPE).options("snsapi_userinfo", "snsapi_base").defaultValue("snsapi_userinfo").add();
        }
        return builder
                .property().name(ProviderConfig.CONNECT_TIMEOUT_MS)
                .label("wechat.connectTimeoutMs.label").helpText("wechat.connectTimeoutMs.help")
                .type(ProviderConfigProperty.STRING_TYPE).defaultValue(Integer.toString(ProviderConfig.DEFAULT_CONNECT_TIMEOUT_MS)).add()
                .property().name(ProviderConfig.READ_TIMEOUT_MS)
                .label("wechat.readTimeoutMs.label").helpText("wechat.readTimeoutMs.help")
                .type(ProviderConfigProperty.STRING_TYPE).defaultValue(Integer.toString(ProviderConfig.DEFAULT_READ_TIMEOUT_MS)).add()
                .build();
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        return Map.of("version", ExtensionVersion.get());
    }
}
