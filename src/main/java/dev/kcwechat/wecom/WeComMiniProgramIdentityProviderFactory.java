package dev.kcwechat.wecom;

import dev.kcwechat.common.ApiHosts;
import dev.kcwechat.common.ExtensionVersion;
import dev.kcwechat.common.ProviderConfig;
import dev.kcwechat.login.CodeLoginProvider;
import dev.kcwechat.login.CodeLoginProviderFactory;
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

/** {@code wecom-mini-program}: WeCom employees signing in from a WeCom mini-program with {@code wx.qy.login()} codes. */
public final class WeComMiniProgramIdentityProviderFactory extends AbstractIdentityProviderFactory<WeComMiniProgramIdentityProvider>
        implements SocialIdentityProviderFactory<WeComMiniProgramIdentityProvider>, CodeLoginProviderFactory, ServerInfoAwareProviderFactory {

    private Set<String> apiHosts = ApiHosts.OFFICIAL;

    public static final String PROVIDER_ID = "wecom-mini-program";

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getName() {
        return "WeCom Mini Program";
    }

    @Override
    public String getHelpText() {
        return "Employees of a WeCom (企业微信) corp sign in from its mini-program: wx.qy.login() codes through the same grant;"
                + " users are <corpid>:<userid>; only active members.";
    }

    @Override
    public WeComMiniProgramIdentityProvider create(KeycloakSession session, IdentityProviderModel model) {
        return new WeComMiniProgramIdentityProvider(session, new WeComMiniProgramConfig(model));
    }

    @Override
    public CodeLoginProvider createCodeLoginProvider(KeycloakSession session, IdentityProviderModel model) {
        return create(session, model);
    }

    @Override
    public WeComMiniProgramConfig createConfig() {
        WeComMiniProgramConfig config = new WeComMiniProgramConfig();
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
                .label("wecomMiniProgram.agentId.label").helpText("wecomMiniProgram.agentId.help")
                .type(ProviderConfigProperty.STRING_TYPE).add()
                .property().name(ProviderConfig.API_BASE_URL)
                .label("wecomMiniProgram.apiBaseUrl.label").helpText("wecomMiniProgram.apiBaseUrl.help")
                .type(ProviderConfigProperty.STRING_TYPE).defaultValue(WeChatApiClient.DEFAULT_WECOM_API_BASE_URL).add()
                .property().name(ProviderConfig.PRIVACY_POLICY_VERSION)
                .label("wechat.privacyPolicyVersion.label").helpText("wechat.privacyPolicyVersion.help")
                .type(ProviderConfigProperty.STRING_TYPE).add()
                .property().name(ProviderConfig.ALLOWED_CLIENTS)
                .label("wecomMiniProgram.allowedClients.label").helpText("wecomMiniProgram.allowedClients.help")
                .type(ProviderConfigProperty.STRING_TYPE).add()
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
