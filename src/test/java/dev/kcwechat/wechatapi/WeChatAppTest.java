package dev.kcwechat.wechatapi;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WeChatAppTest {

    @Test
    void toStringShowsTheSettingsButHidesTheAppSecret() {
        WeChatApp app = new WeChatApp("wechat", "https://api.weixin.qq.com", "wx1234567890abcdef", "s3cr3t-app-secret",
                AccessTokenEndpoint.STABLE_TOKEN, 2000, 5000);

        assertThat(app.toString())
                .contains("https://api.weixin.qq.com", "wx1234567890abcdef", "2000", "5000", "<hidden>")
                .doesNotContain("s3cr3t-app-secret");
    }

    @Test
    void accessTokenToStringHidesTheToken() {
        assertThat(new AccessToken("ACCESS_TOKEN_VALUE", 7200).toString()).contains("7200").doesNotContain("ACCESS_TOKEN_VALUE");
    }
}
