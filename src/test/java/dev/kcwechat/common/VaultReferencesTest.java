package dev.kcwechat.common;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VaultReferencesTest {

    @ParameterizedTest(name = "{1} on provider {0}: {2}")
    @CsvSource(delimiter = '|', value = {
            "wechat|0123456789abcdef0123456789abcdef|true",
            "wechat|${vault.idp.wechat.secret}|true",
            "wechat|${vault.idp.wechat.callback.aes-key}|true",
            "wechat|${vault.idp.wechat.}|false",
            "wechat|${vault.idp.wechat}|false",
            "wechat|${vault.idp.wechat-website.secret}|false",
            "wechat|${vault.idp.wechatx.secret}|false",
            "wechat|${vault.wechat.secret}|false",
            "wechat|${vault.smtp-password}|false",
            "wechat|${vault.idp.other.secret}|false",
            // not a reference, as Keycloak's vault reads it: a literal that is sent as it is
            "wechat|' ${vault.smtp-password}'|true"})
    void aProviderReadsOnlyTheVaultKeysUnderItsAlias(String alias, String value, boolean allowed) {
        assertThat(VaultReferences.isAllowed(alias, value)).isEqualTo(allowed);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"${vault.a.b}|a.b", "${vault.x}|x"})
    void theKeyIsWhatKeycloaksVaultLooksUp(String value, String key) {
        assertThat(VaultReferences.key(value)).contains(key);
        assertThat(VaultReferences.key("plain")).isEmpty();
        assertThat(VaultReferences.key(null)).isEmpty();
    }
}
