package dev.kcwechat.miniprogram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.kcwechat.wechatapi.Code2Session;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class IdentityKeyTest {

    private static final String OPENID = "oOPENID";
    private static final String UNIONID = "oUNIONID";

    @ParameterizedTest
    @CsvSource(nullValues = "NONE", value = {
        "UNIONID_OR_OPENID, oUNIONID, oUNIONID",
        "UNIONID_OR_OPENID,     NONE, oOPENID",
        "UNIONID,           oUNIONID, oUNIONID",
        "UNIONID,               NONE, NONE",
        "OPENID,            oUNIONID, oOPENID",
        "OPENID,                NONE, oOPENID",
    })
    void selectsTheIdTheKeyAsksFor(IdentityKey key, String unionid, String expected) {
        Code2Session answer = new Code2Session(OPENID, unionid, "sessionKey");

        assertThat(key.select(answer).orElse(null)).isEqualTo(expected);
    }

    @Test
    void blankUnionidIsTreatedAsMissing() {
        Code2Session answer = new Code2Session(OPENID, "  ", "sessionKey");

        assertThat(IdentityKey.UNIONID_OR_OPENID.select(answer)).contains(OPENID);
        assertThat(IdentityKey.UNIONID.select(answer)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
        "unionid-or-openid, UNIONID_OR_OPENID",
        "unionid,           UNIONID",
        "openid,            OPENID",
        "' openid ',        OPENID",
    })
    void parsesConfigValues(String value, IdentityKey expected) {
        assertThat(IdentityKey.fromConfig(value)).isEqualTo(expected);
    }

    @ParameterizedTest
    @EnumSource(IdentityKey.class)
    void configValueRoundTrips(IdentityKey key) {
        assertThat(IdentityKey.fromConfig(key.configValue())).isEqualTo(key);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   "})
    void blankConfigMeansUnionidOrOpenid(String value) {
        assertThat(IdentityKey.fromConfig(value)).isEqualTo(IdentityKey.UNIONID_OR_OPENID);
    }

    @ParameterizedTest
    @ValueSource(strings = {"email", "UNIONID_OR_OPENID", "open-id", "unionid,openid"})
    void invalidConfigIsRejectedNamingTheAllowedValues(String value) {
        assertThatIllegalArgumentException().isThrownBy(() -> IdentityKey.fromConfig(value))
                .withMessageContaining("identityKey")
                // each allowed value on its own: "unionid" and "openid" alone are substrings of "unionid-or-openid"
                .withMessageContaining("one of unionid-or-openid, unionid, openid")
                .withMessageContaining(value);
    }
}
