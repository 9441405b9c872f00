package dev.kcwechat.miniprogram;

import dev.kcwechat.common.ApiHosts;
import dev.kcwechat.common.ExtensionVersion;
import dev.kcwechat.common.KeycloakFeatures;
import dev.kcwechat.common.KeycloakVersion;
import dev.kcwechat.limits.AbuseLimits;
import dev.kcwechat.login.CodeLoginProvider;
import dev.kcwechat.login.CodeLoginProviderFactory;
import dev.kcwechat.login.RiskPolicy;
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

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return ProviderConfigurationBuilder.create()
                .property().name(WeChatMiniProgramConfig.API_BASE_URL).label("WeChat API base URL")
                .helpText("Base URL of the WeChat server API; code2Session is GET {base}/sns/jscode2session (WeChat parameters"
                        + " appid, secret, js_code). https; plain http only to a loopback address. Change it only for a proxy or a"
                        + " test simulator.")
                .type(ProviderConfigProperty.STRING_TYPE).defaultValue(WeChatApiClient.DEFAULT_API_BASE_URL).add()
                .property().name(WeChatMiniProgramConfig.IDENTITY_KEY).label("Identity key")
                .helpText("Which WeChat id keys the Keycloak user: 'unionid-or-openid' uses the unionid (same person across"
                        + " all your mini-programs and apps bound to one Open Platform account) and falls back to the openid;"
                        + " 'unionid' refuses logins without a unionid; 'openid' uses the openid of this AppID only.")
                .type(ProviderConfigProperty.LIST_TYPE).options("unionid-or-openid", "unionid", "openid")
                .defaultValue("unionid-or-openid").add()
                .property().name(WeChatMiniProgramConfig.ALLOWED_CLIENTS).label("Allowed clients")
                .helpText("Comma-separated client_ids that may trade wx.login() codes (WeChat parameter js_code) through this"
                        + " provider at the token endpoint. Empty: none.")
                .type(ProviderConfigProperty.STRING_TYPE).add()
                .property().name(WeChatMiniProgramConfig.PRIVACY_POLICY_VERSION).label("Privacy policy version")
                .helpText("The mini-program's current privacy policy version: a login must pass it as privacy_version (what the user"
                        + " accepted through wx.requirePrivacyAuthorize), else 403 consent_required; empty = not tracked.")
                .type(ProviderConfigProperty.STRING_TYPE).add()
                .property().name(WeChatMiniProgramConfig.WEB_TICKET_CLIENTS).label("Web-view ticket clients")
                .helpText("Comma-separated client_ids of the web apps a mini-program may open signed in, with a web-view ticket"
                        + " (POST /wechat/web-ticket). Empty: no tickets. Keycloak's own consoles never get one.")
                .type(ProviderConfigProperty.STRING_TYPE).add()
                .property().name(WeChatMiniProgramConfig.WEB_TICKET_REQUIRES_WEB_VIEW).label("Tickets only in the web-view")
                .helpText("A ticket signs in only a browser whose User-Agent is WeChat's mini-program web-view (miniProgram)."
                        + " Off only for testing.")
                .type(ProviderConfigProperty.BOOLEAN_TYPE).defaultValue("true").add()
                .property().name(WeChatMiniProgramConfig.ACCESS_TOKEN_ENDPOINT).label("access_token endpoint")
                .helpText("Where the WeChat access_token for the phone-number and checksession APIs comes from:"
                        + " 'stable_token' (POST /cgi-bin/stable_token, recommended) or 'token' (GET /cgi-bin/token, which retires"
                        + " the token other servers of the same AppID hold). Keycloak shares one token per AppID across the cluster.")
                .type(ProviderConfigProperty.LIST_TYPE).options("stable_token", "token").defaultValue("stable_token").add()
                .property().name(WeChatMiniProgramConfig.PHONE_FAILURE).label("When the phone number fails")
                .helpText("A login with phone_code (from the getPhoneNumber button, WeChat API getuserphonenumber) whose phone"
                        + " number cannot be had: 'fail-login' refuses the login with a clear error; 'continue' signs the user in"
                        + " without it and records the failure in the LOGIN event (detail phone_error).")
                .type(ProviderConfigProperty.LIST_TYPE).options("fail-login", "continue").defaultValue("fail-login").add()
                .property().name(WeChatMiniProgramConfig.RISK_CHECK).label("WeChat risk check")
                .helpText("Ask WeChat's risk rank of the user (POST /wxa/getuserriskrank, scene 0 at a first login, 1 otherwise,"
                        + " with the caller's IP): 'off'; 'register' at first logins only; 'always' at every login.")
                .type(ProviderConfigProperty.LIST_TYPE).options("off", "register", "always").defaultValue("off").add()
                .property().name(WeChatMiniProgramConfig.RISK_RANK_LIMIT).label("Risky from rank")
                .helpText("WeChat's risk_rank goes from 0 (normal) to 4 (highest risk); a rank at or above this one is risky.")
                .type(ProviderConfigProperty.LIST_TYPE).options("0", "1", "2", "3", "4")
                .defaultValue(String.valueOf(RiskPolicy.DEFAULT_RANK_LIMIT)).add()
                .property().name(WeChatMiniProgramConfig.RISK_ACTION).label("Risky logins")
                .helpText("'deny' refuses a risky login (403 access_denied); 'phone' lets it in only when the same request carries a"
                        + " phone_code whose number WeChat verifies (getuserphonenumber).")
                .type(ProviderConfigProperty.LIST_TYPE).options("deny", "phone").defaultValue("deny").add()
                .property().name(WeChatMiniProgramConfig.RISK_FAILURE).label("When the risk check fails")
                .helpText("WeChat gives no rank (busy, unreachable, errcode 61010 for a user it has not seen lately): 'allow' goes"
                        + " on (the LOGIN event's risk_error says why); 'deny' refuses the login.")
                .type(ProviderConfigProperty.LIST_TYPE).options("allow", "deny").defaultValue("allow").add()
                .property().name(WeChatMiniProgramConfig.LIMIT_WINDOW_SECONDS).label("Abuse limit window (s)")
                .helpText("The abuse limits below count per window of this many seconds (1-3600), across all Keycloak nodes.")
                .type(ProviderConfigProperty.STRING_TYPE).defaultValue(String.valueOf(AbuseLimits.DEFAULT_WINDOW_SECONDS)).add()
                .property().name(WeChatMiniProgramConfig.FAILED_CODES_PER_IP).label("Refused codes per IP")
                .helpText("Invalid, expired, used or replayed wx.login() codes (WeChat js_code) one client IP may send per window;"
                        + " past it that IP gets 429 temporarily_unavailable with Retry-After and WeChat is not called. Logins WeChat"
                        + " failed (busy, down) count apart against the same number. 0: no limit.")
                .type(ProviderConfigProperty.STRING_TYPE).defaultValue(String.valueOf(AbuseLimits.DEFAULT_FAILED_CODES_PER_IP)).add()
                .property().name(WeChatMiniProgramConfig.CALLS_PER_USER).label("/wechat calls per user")
                .helpText("Calls to /realms/{realm}/wechat/* one user may make per window (keep it below WeChat's own quota of 100"
                        + " calls per user and minute, errcode 45011). 0: no limit.")
                .type(ProviderConfigProperty.STRING_TYPE).defaultValue(String.valueOf(AbuseLimits.DEFAULT_CALLS_PER_USER)).add()
                .property().name(WeChatMiniProgramConfig.CALLS_PER_IP).label("/wechat calls per IP")
                .helpText("Calls to /realms/{realm}/wechat/* from one client IP per window (users behind one carrier NAT share an"
                        + " IP). 0: no limit.")
                .type(ProviderConfigProperty.STRING_TYPE).defaultValue(String.valueOf(AbuseLimits.DEFAULT_CALLS_PER_IP)).add()
                .property().name(WeChatMiniProgramConfig.CONNECT_TIMEOUT_MS).label("Connect timeout (ms)")
                .helpText("How long to wait for a connection to the WeChat API (api.weixin.qq.com), in milliseconds.")
                .type(ProviderConfigProperty.STRING_TYPE)
                .defaultValue(String.valueOf(WeChatMiniProgramConfig.DEFAULT_CONNECT_TIMEOUT_MS)).add()
                .property().name(WeChatMiniProgramConfig.READ_TIMEOUT_MS).label("Read timeout (ms)")
                .helpText("How long to wait for WeChat's answer to code2Session, in milliseconds; past it the login fails with"
                        + " temporarily_unavailable.")
                .type(ProviderConfigProperty.STRING_TYPE)
                .defaultValue(String.valueOf(WeChatMiniProgramConfig.DEFAULT_READ_TIMEOUT_MS)).add()
                .build();
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        return Map.of("version", ExtensionVersion.get());
    }
}
