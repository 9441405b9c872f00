package dev.kcwechat.login;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The masked number of a {@code phone} authorization record, mainland and overseas. */
class PhoneBindingTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "+8613800138000, +8613*****8000",
            "+12025550123,   +120*****123",
            "+447700900123,  +447*****0123",
            "+85251234567,   +852*****567",
            "+3541234567,    +354****567",
            "+1234567,       +*****67",
    })
    void recordsShowTheEndsOfANumberAndHideItsMiddle(String e164, String masked) {
        assertThat(PhoneBinding.masked(e164)).isEqualTo(masked);
    }
}
