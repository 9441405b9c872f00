package dev.kcwechat.wechatapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** A reference saved before the vault rule, or otherwise not the provider's own, is never looked up. */
class AppSecretsTest {

    @Test
    void anotherComponentsVaultKeyIsNotLookedUp() {
        // no session: the vault is never asked
        assertThatThrownBy(() -> AppSecrets.resolve(null, "wechat", "${vault.smtp-password}"))
                .isInstanceOfSatisfying(WeChatException.class, e -> {
                    assertThat(e.failure()).isEqualTo(WeChatFailure.BAD_CREDENTIALS);
                    assertThat(e.getMessage()).contains("${vault.idp.wechat.<name>}");
                });
    }
}
