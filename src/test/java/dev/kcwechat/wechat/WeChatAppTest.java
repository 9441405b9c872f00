package dev.kcwechat.wechat;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WeChatAppTest {

    @Test
    void toStringShowsTheSettingsButHidesTheAppSecret() {
        WeChatApp app = new WeChatApp("https://api.weixin.qq.com", "wx1234567890abcdef", "s3cr3t-app-secret", 2000, 5000);

        assertThat(app.toString())
                .contains("https://api.weixin.qq.com", "wx1234567890abcdef", "2000", "5000", "<hidden>")
                .doesNotContain("s3cr3t-app-secret");
    }
}
