package dev.kcwechat.miniprogram;

import static dev.kcwechat.miniprogram.WeChatMiniProgramConfig.API_BASE_URL;
import static dev.kcwechat.miniprogram.WeChatMiniProgramConfig.CLIENT_ID;
import static dev.kcwechat.miniprogram.WeChatMiniProgramConfig.CLIENT_SECRET;
import static dev.kcwechat.miniprogram.WeChatMiniProgramConfig.CONNECT_TIMEOUT_MS;
import static dev.kcwechat.miniprogram.WeChatMiniProgramConfig.IDENTITY_KEY;
import static dev.kcwechat.miniprogram.WeChatMiniProgramConfig.READ_TIMEOUT_MS;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.kcwechat.login.PhoneFailure;
import dev.kcwechat.login.RiskPolicy;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WeChatMiniProgramConfigValidationTest {

    private final WeChatMiniProgramConfig config = new WeChatMiniProgramConfig();

    @BeforeEach
    void goodConfig() {
        config.getConfig().put(CLIENT_ID, "wx1234567890abcdef");
        config.getConfig().put(CLIENT_SECRET, "0123456789abcdef0123456789abcdef");
    }

    @Test
    void acceptsAMinimalConfig() {
        assertThatCode(() -> config.validate(null)).doesNotThrowAnyException();
    }

    @Test
    void acceptsAFullConfig() {
        config.getConfig().put(API_BASE_URL, "http://127.0.0.1:8089/");
        config.getConfig().put(IDENTITY_KEY, "unionid");
        config.getConfig().put(CONNECT_TIMEOUT_MS, "1000");
        config.getConfig().put(READ_TIMEOUT_MS, "60000");

        assertThatCode(() -> config.validate(null)).doesNotThrowAnyException();
    }

    @Test
    void acceptsAReferenceToItsOwnVaultKeyAsSecret() {
        config.setAlias("wechat-mini-program");
        config.getConfig().put(CLIENT_SECRET, "${vault.idp.wechat-mini-program.appsecret}");

        assertThatCode(() -> config.validate(null)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"${vault.appsecret}", "${vault.idp.wechat-website.secret}", "${vault.idp.wechat-mini-program.}",
        "${vault.idp.wechat-mini-program}", "${vault.smtp-password}"})
    void refusesAReferenceToAnotherVaultKey(String reference) {
        config.setAlias("wechat-mini-program");
        config.getConfig().put(CLIENT_SECRET, reference);

        assertThatIllegalArgumentException().isThrownBy(() -> config.validate(null))
                .withMessageContaining("${vault.idp.wechat-mini-program.<name>}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"wa1234567890abcdef", "WX1234567890abcdef", "wx1234567890abcde", "wx1234567890abcdef0",
        "wx1234567890abcde-", "1234567890abcdefgh", "", "   "})
    void rejectsAnInvalidAppId(String appId) {
        config.getConfig().put(CLIENT_ID, appId);

        assertThatIllegalArgumentException().isThrownBy(() -> config.validate(null))
                .withMessageContaining("Client ID").withMessageContaining("AppID");
    }

    @Test
    void rejectsAMissingAppId() {
        config.getConfig().remove(CLIENT_ID);

        assertThatIllegalArgumentException().isThrownBy(() -> config.validate(null)).withMessageContaining("AppID");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  "})
    void rejectsABlankSecret(String secret) {
        config.getConfig().put(CLIENT_SECRET, secret);

        assertThatIllegalArgumentException().isThrownBy(() -> config.validate(null))
                .withMessageContaining("Client Secret").withMessageContaining("AppSecret");
    }

    @Test
    void rejectsAMissingSecret() {
        config.getConfig().remove(CLIENT_SECRET);

        assertThatIllegalArgumentException().isThrownBy(() -> config.validate(null)).withMessageContaining("AppSecret");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://api.weixin.qq.com", "https://", "https:///sns", "api.weixin.qq.com", "/sns/jscode2session",
        "https://api.weixin.qq.com?x=1", "https://api.weixin.qq.com/#frag", "http://exa mple.com"})
    void rejectsAnInvalidApiBaseUrl(String url) {
        config.getConfig().put(API_BASE_URL, url);

        assertThatIllegalArgumentException().isThrownBy(() -> config.validate(null))
                .withMessageContaining("API base URL");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "abc", "1.5", "60001", "99999999999"})
    void rejectsAnInvalidConnectTimeout(String value) {
        config.getConfig().put(CONNECT_TIMEOUT_MS, value);

        assertThatIllegalArgumentException().isThrownBy(() -> config.validate(null))
                .withMessageContaining(CONNECT_TIMEOUT_MS).withMessageContaining(value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-5000", "five", "60001"})
    void rejectsAnInvalidReadTimeout(String value) {
        config.getConfig().put(READ_TIMEOUT_MS, value);

        assertThatIllegalArgumentException().isThrownBy(() -> config.validate(null))
                .withMessageContaining(READ_TIMEOUT_MS).withMessageContaining(value);
    }

    @Test
    void rejectsAnInvalidIdentityKey() {
        config.getConfig().put(IDENTITY_KEY, "phone");

        assertThatIllegalArgumentException().isThrownBy(() -> config.validate(null))
                .withMessageContaining("identityKey").withMessageContaining("phone");
    }

    @Test
    void rejectsAnUnknownAccessTokenEndpoint() {
        config.getConfig().put(WeChatMiniProgramConfig.ACCESS_TOKEN_ENDPOINT, "cgi-bin/token");

        assertThatIllegalArgumentException().isThrownBy(() -> config.validate(null))
                .withMessageContaining("accessTokenEndpoint").withMessageContaining("cgi-bin/token");
    }

    @Test
    void rejectsAnUnknownPhoneFailurePolicy() {
        config.getConfig().put(WeChatMiniProgramConfig.PHONE_FAILURE, "retry");

        assertThatIllegalArgumentException().isThrownBy(() -> config.validate(null))
                .withMessageContaining("phoneFailure").withMessageContaining("retry");
    }

    @Test
    void accessTokenEndpointAndPhoneFailureHaveSafeDefaults() {
        assertThat(config.getAccessTokenEndpoint()).isEqualTo(dev.kcwechat.wechatapi.AccessTokenEndpoint.STABLE_TOKEN);
        assertThat(config.getPhoneFailure()).isEqualTo(PhoneFailure.FAIL_LOGIN);
        config.getConfig().put(WeChatMiniProgramConfig.ACCESS_TOKEN_ENDPOINT, "token");
        config.getConfig().put(WeChatMiniProgramConfig.PHONE_FAILURE, "continue");
        assertThat(config.getAccessTokenEndpoint()).isEqualTo(dev.kcwechat.wechatapi.AccessTokenEndpoint.TOKEN);
        assertThat(config.getPhoneFailure()).isEqualTo(PhoneFailure.CONTINUE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://api.weixin.qq.com", "http://10.0.0.8:8080", "http://128.0.0.1", "http://127.0.0.256",
        "http://localhost.example.com", "http://[::2]:80"})
    void refusesPlainHttpToAnythingButLoopback(String url) {
        config.getConfig().put(API_BASE_URL, url);

        assertThatIllegalArgumentException().isThrownBy(() -> config.validate(null))
                .withMessageContaining("https").withMessageContaining(url);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:8500", "http://127.1.2.3", "http://localhost:1", "http://LOCALHOST",
        "http://[::1]:8500", "https://api.weixin.qq.com", "https://API.weixin.qq.com/", "https://127.0.0.1:8443/wx"})
    void acceptsWeChatsHostAndLoopback(String url) {
        config.getConfig().put(API_BASE_URL, url);

        assertThatCode(() -> config.validate(null)).doesNotThrowAnyException();
    }

    /** A realm admin who may edit the provider must not point it, and its AppSecret, at a host of their own. */
    @ParameterizedTest
    @ValueSource(strings = {"https://10.0.0.8:8443/wx", "https://attacker.example.com", "https://api.weixin.qq.com.attacker.example"})
    void refusesOtherHostsUnlessTheServerAllowsThem(String url) {
        config.getConfig().put(API_BASE_URL, url);

        assertThatIllegalArgumentException().isThrownBy(() -> config.validate(null))
                .withMessageContaining("api-hosts").withMessageContaining(java.net.URI.create(url).getHost());
        config.allowApiHosts(java.util.Set.of(java.net.URI.create(url).getHost()));
        assertThatCode(() -> config.validate(null)).as("allowed by the server's administrator").doesNotThrowAnyException();
    }

    @Test
    void riskSettingsDefaultToOff() {
        RiskPolicy risk = config.getRiskPolicy();

        assertThat(risk.check()).isEqualTo(RiskPolicy.Check.OFF);
        assertThat(risk.rankLimit()).isEqualTo(RiskPolicy.DEFAULT_RANK_LIMIT);
        assertThat(risk.action()).isEqualTo(RiskPolicy.Action.DENY);
        assertThat(risk.failure()).isEqualTo(RiskPolicy.Failure.ALLOW);
        assertThat(risk.applies(true)).isFalse();
        assertThat(risk.applies(false)).isFalse();
    }

    @Test
    void readsTheRiskSettings() {
        config.getConfig().put(WeChatMiniProgramConfig.RISK_CHECK, "register");
        config.getConfig().put(WeChatMiniProgramConfig.RISK_RANK_LIMIT, "2");
        config.getConfig().put(WeChatMiniProgramConfig.RISK_ACTION, "phone");
        config.getConfig().put(WeChatMiniProgramConfig.RISK_FAILURE, "deny");

        RiskPolicy risk = config.getRiskPolicy();

        assertThat(risk).isEqualTo(new RiskPolicy(RiskPolicy.Check.REGISTER, 2, RiskPolicy.Action.PHONE, RiskPolicy.Failure.DENY));
        assertThat(risk.applies(true)).as("register: first logins").isTrue();
        assertThat(risk.applies(false)).as("register: not returning ones").isFalse();
        assertThat(risk.isRisky(1)).isFalse();
        assertThat(risk.isRisky(2)).isTrue();
        assertThat(risk.isRisky(4)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"riskCheck=sometimes", "riskRankLimit=5", "riskRankLimit=-1", "riskRankLimit=high",
        "riskAction=sms", "riskFailure=retry", "limitWindowSeconds=0", "limitWindowSeconds=3601", "failedCodesPerIp=-1",
        "callsPerUser=lots", "callsPerIp=100001"})
    void rejectsAnInvalidHardeningSetting(String setting) {
        String[] keyValue = setting.split("=");
        config.getConfig().put(keyValue[0], keyValue[1]);

        assertThatIllegalArgumentException().isThrownBy(() -> config.validate(null))
                .withMessageContaining(keyValue[0]).withMessageContaining(keyValue[1]);
    }

    @Test
    void abuseLimitsHaveDefaultsAndZeroTurnsOneOff() {
        assertThat(config.getAbuseLimits().failedCodesPerIp().max()).isEqualTo(30);
        assertThat(config.getAbuseLimits().callsPerUser().max()).isEqualTo(30);
        assertThat(config.getAbuseLimits().callsPerIp().max()).isEqualTo(600);
        assertThat(config.getAbuseLimits().callsPerUser().windowSeconds()).isEqualTo(60);

        config.getConfig().put(WeChatMiniProgramConfig.CALLS_PER_IP, "0");
        config.getConfig().put(WeChatMiniProgramConfig.LIMIT_WINDOW_SECONDS, "10");

        assertThat(config.getAbuseLimits().callsPerIp().isOff()).isTrue();
        assertThat(config.getAbuseLimits().failedCodesPerIp().windowSeconds()).isEqualTo(10);
    }
}
