package dev.kcwechat.wechatweb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNoException;

import dev.kcwechat.miniprogram.IdentityKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WeChatWebConfigTest {

    private static WeChatWebConfig valid(WeChatWebFlavor flavor) {
        WeChatWebConfig config = new WeChatWebConfig(flavor);
        config.getConfig().put("clientId", "wx0123456789abcdef");
        config.setAlias("wechat-website");
        config.getConfig().put("clientSecret", "${vault.idp.wechat-website.secret}");
        return config;
    }

    @Test
    void defaultsAreWeChatsOwnAndTheContracts() {
        WeChatWebConfig website = valid(WeChatWebFlavor.WEBSITE);
        WeChatWebConfig officialAccount = valid(WeChatWebFlavor.OFFICIAL_ACCOUNT);

        assertThat(website.getAuthorizationBaseUrl()).isEqualTo("https://open.weixin.qq.com");
        assertThat(website.getApiBaseUrl()).isEqualTo("https://api.weixin.qq.com");
        assertThat(website.getIdentityKey()).isEqualTo(IdentityKey.UNIONID_OR_OPENID);
        assertThat(website.getScope()).isEqualTo("snsapi_login");
        assertThat(officialAccount.getScope()).as("WeChat sends the unionid only for snsapi_userinfo").isEqualTo("snsapi_userinfo");
        assertThatNoException().isThrownBy(() -> website.validate(null));
        assertThatNoException().isThrownBy(() -> officialAccount.validate(null));
    }

    @Test
    void aTrailingSlashIsDropped() {
        WeChatWebConfig config = valid(WeChatWebFlavor.WEBSITE);
        config.getConfig().put("authorizationBaseUrl", "http://127.0.0.1:8500/");

        assertThat(config.getAuthorizationBaseUrl()).isEqualTo("http://127.0.0.1:8500");
    }

    @ParameterizedTest(name = "{0} {1}={2}")
    @CsvSource({
        "WEBSITE, clientId, wx123",
        "WEBSITE, clientSecret, ' '",
        "WEBSITE, authorizationBaseUrl, http://open.example.com",
        "WEBSITE, apiBaseUrl, ftp://api.example.com",
        "WEBSITE, scope, snsapi_base",
        "OFFICIAL_ACCOUNT, scope, snsapi_login",
        "OFFICIAL_ACCOUNT, identityKey, email",
        "OFFICIAL_ACCOUNT, readTimeoutMs, 0"})
    void aBadSettingIsRefusedNamingIt(WeChatWebFlavor flavor, String key, String value) {
        WeChatWebConfig config = valid(flavor);
        config.getConfig().put(key, value);

        assertThatIllegalArgumentException().isThrownBy(() -> config.validate(null))
                .satisfies(e -> assertThat(e.getMessage().toLowerCase()).containsAnyOf(key.toLowerCase(), "url", "client"));
    }

    @Test
    void anOfficialAccountMayBeSilent() {
        WeChatWebConfig config = valid(WeChatWebFlavor.OFFICIAL_ACCOUNT);
        config.getConfig().put("scope", "snsapi_base");

        assertThat(config.getScope()).isEqualTo("snsapi_base");
    }
}
