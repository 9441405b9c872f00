package dev.kcwechat.miniprogram;

import dev.kcwechat.common.ApiHosts;
import dev.kcwechat.common.ExtensionVersion;
import dev.kcwechat.common.KeycloakFeatures;
import dev.kcwechat.common.KeycloakVersion;
import dev.kcwechat.limits.AbuseLimits;
import dev.kcwechat.login.CodeLoginProvider;
import dev.kcwechat.login.CodeLoginProviderFactory;
import dev.kcwechat.login.RiskPolicy;
import dev.kcwechat.users.RealmProviders;
import dev.kcwechat.wechatapi.WeChatApiClient;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.broker.provider.AbstractIdentityProviderFactory;
import org.keycloak.broker.social.SocialIdentityProviderFactory;
import org.keycloak.common.Version;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.provider.ServerInfoAwareProviderFactory;

/** Wires the "WeChat Mini Program" identity provider and declares its admin-console fields. */
public final class WeChatMiniProgramIdentityProviderFactory
        extends AbstractIdentityProviderFactory<WeChatMiniProgramIdentityProvider>
        implements SocialIdentityProviderFactory<WeChatMiniProgramIdentityProvider>, CodeLoginProviderFactory, ServerInfoAwareProviderFactory {

    private static final Logger LOG = Logger.getLogger(WeChatMiniProgramIdentityProviderFactory.class);

    private Set<String> apiHosts = ApiHosts.OFFICIAL;

    public static final String PROVIDER_ID = "wechat-mini-program";

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getName() {
        return "WeChat Mini Program";
    }

    @Override
    public WeChatMiniProgramIdentityProvider create(KeycloakSession session, IdentityProviderModel model) {
        return new WeChatMiniProgramIdentityProvider(session, new WeChatMiniProgramConfig(model));
    }

    @Override
    public CodeLoginProvider createCodeLoginProvider(KeycloakSession session, IdentityProviderModel model) {
        return create(session, model);
    }

    @Override
    public WeChatMiniProgramConfig createConfig() {
        WeChatMiniProgramConfig config = new WeChatMiniProgramConfig();
        config.allowApiHosts(apiHosts);
        return config;
    }

    /** The SPI option {@value ApiHosts#OPTION}: hosts besides WeChat's and WeCom's own that the provider's URLs may point at. */
    @Override
    public void init(Config.Scope config) {
        apiHosts = ApiHosts.of(config);
    }

    /** Once per start: one line when this Keycloak is not one the extension is tested on, or lacks some of what it uses. */
    @Override
    public void postInit(KeycloakSessionFactory factory) {
        KeycloakVersion.startupLine(ExtensionVersion.get(), Version.VERSION, KeycloakFeatures.unavailable())
                .ifPresent(line -> line.log(LOG));
        // the kept provider lists (the family look-up of a first login, the code grant's choice of provider) follow the realm's changes
        RealmProviders.forgetOnChange(factory);
    }

    @Override
    public Map<String, String> parseConfig(KeycloakSession session, String config) {
        return new HashMap<>();
    }

    @Override
    public String getHelpText() {
        return "WeChat mini-program (微信小程序) login: the mini-program trades its wx.login() code at the token endpoint."
                + " Client ID is the AppID, Client Secret the AppSecret.";
    }

    /**
     * The fields' labels and help texts are keys of the extension's admin-console messages
     * ({@code theme-resources/messages/messages_*.properties}), which the console translates.
     */
    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return ProviderConfigurationBuilder.create()
                .property().name(WeChatMiniProgramConfig.API_BASE_URL)
                .label("wechatMiniProgram.apiBaseUrl.label").helpText("wechatMiniProgram.apiBaseUrl.help")
                .type(ProviderConfigProperty.STRING_TYPE).defaultValue(WeChatApiClient.DEFAULT_API_BASE_URL).add()
                .property().name(WeChatMiniProgramConfig.IDENTITY_KEY)
                .label("wechatMiniProgram.identityKey.label").helpText("wechatMiniProgram.identityKey.help")
                .type(ProviderConfigProperty.LIST_TYPE).options("unionid-or-openid", "unionid", "openid")
                .defaultValue("unionid-or-openid").add()
                .property().name(WeChatMiniProgramConfig.ALLOWED_CLIENTS)
                .label("wechatMiniProgram.allowedClients.label").helpText("wechatMiniProgram.allowedClients.help")
                .type(ProviderConfigProperty.STRING_TYPE).add()
                .property().name(WeChatMiniProgramConfig.PRIVACY_POLICY_VERSION)
                .label("wechat.privacyPolicyVersion.label").helpText("wechat.privacyPolicyVersion.help")
                .type(ProviderConfigProperty.STRING_TYPE).add()
                .property().name(WeChatMiniProgramConfig.WEB_TICKET_CLIENTS)
                .label("wechatMiniProgram.webTicketClients.label").helpText("wechatMiniProgram.webTicketClients.help")
                .type(ProviderConfigProperty.STRING_TYPE).add()
                .property().name(WeChatMiniProgramConfig.WEB_TICKET_REQUIRES_WEB_VIEW)
                .label("wechatMiniProgram.webTicketRequiresWebView.label").helpText("wechatMiniProgram.webTicketRequiresWebView.help")
                .type(ProviderConfigProperty.BOOLEAN_TYPE).defaultValue("true").add()
                .property().name(WeChatMiniProgramConfig.ACCESS_TOKEN_ENDPOINT)
                .label("wechatMiniProgram.accessTokenEndpoint.label").helpText("wechatMiniProgram.accessTokenEndpoint.help")
                .type(ProviderConfigProperty.LIST_TYPE).options("stable_token", "token").defaultValue("stable_token").add()
                .property().name(WeChatMiniProgramConfig.PHONE_FAILURE)
                .label("wechatMiniProgram.phoneFailure.label").helpText("wechatMiniProgram.phoneFailure.help")
                .type(ProviderConfigProperty.LIST_TYPE).options("fail-login", "continue").defaultValue("fail-login").add()
                .property().name(WeChatMiniProgramConfig.EMAIL_CONFLICT)
                .label("wechatMiniProgram.emailConflict.label").helpText("wechatMiniProgram.emailConflict.help")
                .type(ProviderConfigProperty.LIST_TYPE).options("reject", "link").defaultValue("reject").add()
                .property().name(WeChatMiniProgramConfig.RISK_CHECK)
                .label("wechatMiniProgram.riskCheck.label").helpText("wechatMiniProgram.riskCheck.help")
                .type(ProviderConfigProperty.LIST_TYPE).options("off", "register", "always").defaultValue("off").add()
                .property().name(WeChatMiniProgramConfig.RISK_RANK_LIMIT)
                .label("wechatMiniProgram.riskRankLimit.label").helpText("wechatMiniProgram.riskRankLimit.help")
                .type(ProviderConfigProperty.LIST_TYPE).options("0", "1", "2", "3", "4")
                .defaultValue(String.valueOf(RiskPolicy.DEFAULT_RANK_LIMIT)).add()
                .property().name(WeChatMiniProgramConfig.RISK_ACTION)
                .label("wechatMiniProgram.riskAction.label").helpText("wechatMiniProgram.riskAction.help")
                .type(ProviderConfigProperty.LIST_TYPE).options("deny", "phone").defaultValue("deny").add()
                .property().name(WeChatMiniProgramConfig.RISK_FAILURE)
                .label("wechatMiniProgram.riskFailure.label").helpText("wechatMiniProgram.riskFailure.help")
                .type(ProviderConfigProperty.LIST_TYPE).options("allow", "deny").defaultValue("allow").add()
                .property().name(WeChatMiniProgramConfig.LIMIT_WINDOW_SECONDS)
                .label("wechatMiniProgram.limitWindowSeconds.label").helpText("wechatMiniProgram.limitWindowSeconds.help")
                .type(ProviderConfigProperty.STRING_TYPE).defaultValue(String.valueOf(AbuseLimits.DEFAULT_WINDOW_SECONDS)).add()
                .property().name(WeChatMiniProgramConfig.FAILED_CODES_PER_IP)
                .label("wechatMiniProgram.failedCodesPerIp.label").helpText("wechatMiniProgram.failedCodesPerIp.help")
                .type(ProviderConfigProperty.STRING_TYPE).defaultValue(String.valueOf(AbuseLimits.DEFAULT_FAILED_CODES_PER_IP)).add()
                .property().name(WeChatMiniProgramConfig.CALLS_PER_USER)
                .label("wechatMiniProgram.callsPerUser.label").helpText("wechatMiniProgram.callsPerUser.help")
                .type(ProviderConfigProperty.STRING_TYPE).defaultValue(String.valueOf(AbuseLimits.DEFAULT_CALLS_PER_USER)).add()
                .property().name(WeChatMiniProgramConfig.CALLS_PER_IP)
                .label("wechatMiniProgram.callsPerIp.label").helpText("wechatMiniProgram.callsPerIp.help")
                .type(ProviderConfigProperty.STRING_TYPE).defaultValue(String.valueOf(AbuseLimits.DEFAULT_CALLS_PER_IP)).add()
                .property().name(WeChatMiniProgramConfig.CONNECT_TIMEOUT_MS)
                .label("wechat.connectTimeoutMs.label").helpText("wechat.connectTimeoutMs.help")
                .type(ProviderConfigProperty.STRING_TYPE)
                .defaultValue(String.valueOf(WeChatMiniProgramConfig.DEFAULT_CONNECT_TIMEOUT_MS)).add()
                .property().name(WeChatMiniProgramConfig.READ_TIMEOUT_MS)
                .label("wechat.readTimeoutMs.label").helpText("wechat.readTimeoutMs.help")
                .type(ProviderConfigProperty.STRING_TYPE)
                .defaultValue(String.valueOf(WeChatMiniProgramConfig.DEFAULT_READ_TIMEOUT_MS)).add()
                .build();
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        return Map.of("version", ExtensionVersion.get());
    }
}
