package dev.kcwechat.miniprogram;

import static dev.kcwechat.miniprogram.WeChatMiniProgramConfig.ALLOWED_CLIENTS;
import static dev.kcwechat.miniprogram.WeChatMiniProgramConfig.API_BASE_URL;
import static dev.kcwechat.miniprogram.WeChatMiniProgramConfig.CLIENT_ID;
import static dev.kcwechat.miniprogram.WeChatMiniProgramConfig.CLIENT_SECRET;
import static dev.kcwechat.miniprogram.WeChatMiniProgramConfig.CONNECT_TIMEOUT_MS;
import static dev.kcwechat.miniprogram.WeChatMiniProgramConfig.IDENTITY_KEY;
import static dev.kcwechat.miniprogram.WeChatMiniProgramConfig.READ_TIMEOUT_MS;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** Getters and defaults; {@link WeChatMiniProgramConfigValidationTest} covers validate(). */
class WeChatMiniProgramConfigTest {

    private final WeChatMiniProgramConfig config = new WeChatMiniProgramConfig();

    @Test
    void readsAppIdTrimmedAndSecretAsConfigured() {
        config.getConfig().put(CLIENT_ID, " wx1234567890abcdef ");
        config.getConfig().put(CLIENT_SECRET, "${vault.appsecret}");

        assertThat(config.getAppId()).isEqualTo("wx1234567890abcdef");
        assertThat(config.getAppSecretReference()).isEqualTo("${vault.appsecret}");
    }

    @Test
    void unsetValuesFallBackToDefaults() {
        assertThat(config.getAppId()).isNull();
        assertThat(config.getApiBaseUrl()).isEqualTo("https://api.weixin.qq.com");
        assertThat(config.getIdentityKey()).isEqualTo(IdentityKey.UNIONID_OR_OPENID);
        assertThat(config.getAllowedClients()).isEmpty();
        assertThat(config.getConnectTimeoutMs()).isEqualTo(2000).isEqualTo(WeChatMiniProgramConfig.DEFAULT_CONNECT_TIMEOUT_MS);
        assertThat(config.getReadTimeoutMs()).isEqualTo(5000).isEqualTo(WeChatMiniProgramConfig.DEFAULT_READ_TIMEOUT_MS);
    }

    @Test
    void blankValuesFallBackToDefaults() {
        config.getConfig().put(API_BASE_URL, "  ");
        config.getConfig().put(IDENTITY_KEY, "");
        config.getConfig().put(CONNECT_TIMEOUT_MS, " ");
        config.getConfig().put(READ_TIMEOUT_MS, "");

        assertThat(config.getApiBaseUrl()).isEqualTo("https://api.weixin.qq.com");
        assertThat(config.getIdentityKey()).isEqualTo(IdentityKey.UNIONID_OR_OPENID);
        assertThat(config.getConnectTimeoutMs()).isEqualTo(2000);
        assertThat(config.getReadTimeoutMs()).isEqualTo(5000);
    }

    @Test
    void apiBaseUrlLosesItsTrailingSlash() {
        config.getConfig().put(API_BASE_URL, " http://localhost:8089/ ");

        assertThat(config.getApiBaseUrl()).isEqualTo("http://localhost:8089");
    }

    @Test
    void readsIdentityKeyAndTimeouts() {
        config.getConfig().put(IDENTITY_KEY, "openid");
        config.getConfig().put(CONNECT_TIMEOUT_MS, "1");
        config.getConfig().put(READ_TIMEOUT_MS, " 60000 ");

        assertThat(config.getIdentityKey()).isEqualTo(IdentityKey.OPENID);
        assertThat(config.getConnectTimeoutMs()).isEqualTo(1);
        assertThat(config.getReadTimeoutMs()).isEqualTo(60000);
    }

    @Test
    void allowedClientsAreSplitOnCommasAndSpaces() {
        config.getConfig().put(ALLOWED_CLIENTS, " mini-app, shop ,,\tadmin-mp  other ,");

        assertThat(config.getAllowedClients()).containsExactlyInAnyOrder("mini-app", "shop", "admin-mp", "other");
        assertThat(config.isClientAllowed("shop")).isTrue();
        assertThat(config.isClientAllowed("web-app")).isFalse();
        assertThat(config.isClientAllowed("")).isFalse();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"  ", ",", " , ,"})
    void emptyAllowedClientsAllowsNoClient(String value) {
        config.getConfig().put(ALLOWED_CLIENTS, value);

        assertThat(config.getAllowedClients()).isEmpty();
        assertThat(config.isClientAllowed("mini-app")).isFalse();
    }

    @Test
    void copiesTheConfigOfAnotherModel() {
        WeChatMiniProgramConfig source = new WeChatMiniProgramConfig();
        source.setAlias("wechat");
        source.getConfig().put(CLIENT_ID, "wx1234567890abcdef");

        WeChatMiniProgramConfig copy = new WeChatMiniProgramConfig(source);

        assertThat(copy.getAlias()).isEqualTo("wechat");
        assertThat(copy.getAppId()).isEqualTo("wx1234567890abcdef");
    }
}
