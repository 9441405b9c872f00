package dev.kcwechat.wecom;

import dev.kcwechat.common.ApiHosts;
import dev.kcwechat.common.ExtensionVersion;
import dev.kcwechat.common.ProviderConfig;
import dev.kcwechat.wechatapi.WeChatApiClient;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.Set;
import org.keycloak.Config;
import org.keycloak.broker.provider.AbstractIdentityProviderFactory;
import org.keycloak.broker.social.SocialIdentityProviderFactory;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.provider.ServerInfoAwareProviderFactory;

/** {@code wecom}: employees sign in to the corp's web apps, inside WeCom's browser or through WeCom's SSO page. */
public final class WeComWebIdentityProviderFactory extends AbstractIdentityProviderFactory<WeComWebIdentityProvider>
        implements SocialIdentityProviderFactory<WeComWebIdentityProvider>, ServerInfoAwareProviderFactory {

    private Set<String> apiHosts = ApiHosts.OFFICIAL;

    @Override
    public String getId() {
        return WeComUsers.WEB_PROVIDER_ID;
    }

    @Override
    public String getName() {
        return "WeCom";
    }

    @Override
    public String getHelpText() {
        return "Employees of a WeCom (企业微信) corp sign in to web apps: silently inside WeCom's browser, through WeCom's SSO"
                + " page elsewhere; the same users as the WeCom mini-program's; only active members.";
    }

    @Override
    public WeComWebIdentityProvider create(KeycloakSession session, IdentityProviderModel model) {
        return new WeComWebIdentityProvider(session, new WeComWebConfig(model));
    }

    @Override
    public WeComWebConfig createConfig() {
        WeComWebConfig config = new WeComWebConfig();
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
        List<ProviderConfigProperty> own = ProviderConfigurationBuilder.create()
                .property().name(WeComMiniProgramConfig.AGENT_ID)
                .label("wecom.agentId.label").helpText("wecom.agentId.help").type(ProviderConfigProperty.STRING_TYPE).add()
                .property().name(WeComWebConfig.SCOPE)
                .label("wecom.scope.label").helpText("wecom.scope.help")
                .type(ProviderConfigProperty.LIST_TYPE).options("snsapi_base", "snsapi_privateinfo").defaultValue("snsapi_base").add()
                .property().name(ProviderConfig.API_BASE_URL)
                .label("wecom.apiBaseUrl.label").helpText("wecom.apiBaseUrl.help")
                .type(ProviderConfigProperty.STRING_TYPE).defaultValue(WeChatApiClient.DEFAULT_WECOM_API_BASE_URL).add()
                .property().name(WeComWebConfig.AUTHORIZATION_BASE_URL)
                .label("wecom.authorizationBaseUrl.label").helpText("wecom.authorizationBaseUrl.help")
                .type(ProviderConfigProperty.STRING_TYPE).defaultValue(WeComWebConfig.DEFAULT_AUTHORIZATION_BASE_URL).add()
                .property().name(WeComWebConfig.SSO_BASE_URL)
                .label("wecom.ssoBaseUrl.label").helpText("wecom.ssoBaseUrl.help")
                .type(ProviderConfigProperty.STRING_TYPE).defaultValue(WeComWebConfig.DEFAULT_SSO_BASE_URL).add()
                .property().name(ProviderConfig.CONNECT_TIMEOUT_MS)
                .label("wechat.connectTimeoutMs.label").helpText("wechat.connectTimeoutMs.help")
                .type(ProviderConfigProperty.STRING_TYPE).defaultValue(Integer.toString(ProviderConfig.DEFAULT_CONNECT_TIMEOUT_MS)).add()
                .property().name(ProviderConfig.READ_TIMEOUT_MS)
                .label("wechat.readTimeoutMs.label").helpText("wechat.readTimeoutMs.help")
                .type(ProviderConfigProperty.STRING_TYPE).defaultValue(Integer.toString(ProviderConfig.DEFAULT_READ_TIMEOUT_MS)).add()
                .build();
        return Stream.concat(own.stream(), WeComDirectoryProperties.get().stream()).toList();
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        return Map.of("version", ExtensionVersion.get());
    }
}
