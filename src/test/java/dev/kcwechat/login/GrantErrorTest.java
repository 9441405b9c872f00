package dev.kcwechat.login;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kcwechat.wechatapi.WeChatFailure;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class GrantErrorTest {

    @ParameterizedTest
    @CsvSource({
        "INVALID_CODE,         invalid_grant,           400",
        "CODE_USED,            invalid_grant,           400",
        "HIGH_RISK_USER,       access_denied,           403",
        "WRONG_APPID,          invalid_grant,           400",
        "BUSY,                 temporarily_unavailable, 503",
        "UNAVAILABLE,          temporarily_unavailable, 503",
        "BAD_CREDENTIALS,      temporarily_unavailable, 503",
        "ACCESS_TOKEN_INVALID, temporarily_unavailable, 503",
        "INVALID_SIGNATURE,    temporarily_unavailable, 503",
        "UNEXPECTED,           temporarily_unavailable, 503",
    })
    void eachWeChatFailureMapsToTheContractError(WeChatFailure failure, String error, int status) {
        GrantError grantError = GrantError.of(failure);

        assertThat(grantError.error()).isEqualTo(error);
        assertThat(grantError.status().getStatusCode()).isEqualTo(status);
        assertThat(grantError.eventError()).isNotBlank();
    }

    @ParameterizedTest
    @EnumSource(value = WeChatFailure.class, names = {"BUSY", "UNAVAILABLE"})
    void codeMayBeRetriedWhenWeChatDidNotJudgeIt(WeChatFailure failure) {
        assertThat(GrantError.codeMayBeRetried(failure)).isTrue();
    }

    @ParameterizedTest
    @EnumSource(value = WeChatFailure.class, names = {"BUSY", "UNAVAILABLE"}, mode = EnumSource.Mode.EXCLUDE)
    void codeMayNotBeRetriedAfterAnyOtherFailure(WeChatFailure failure) {
        assertThat(GrantError.codeMayBeRetried(failure)).isFalse();
    }
}
