package dev.kcwechat.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;

class PolicyTimeTest {

    /** 05:30 on 6 December in Shanghai. */
    private static final Instant NOW = Instant.parse("2026-12-05T21:30:00Z");

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "05:00, 2026-12-05T21:00:00Z",
        "05:30, 2026-12-05T21:30:00Z",
        "05:59:59, 2026-12-04T21:59:59Z",
        "22:00, 2026-12-05T14:00:00Z",
        "00:00, 2026-12-05T16:00:00Z"})
    void aTimeOfDayIsItsLatestMomentInShanghaiUpToNow(String value, Instant expected) {
        assertThat(PolicyTime.parse(value, NOW)).contains(expected);
    }

    @Test
    void anInstantIsTakenAsItIs() {
        assertThat(PolicyTime.parse("2030-01-01T00:00:00Z", NOW)).contains(Instant.parse("2030-01-01T00:00:00Z"));
    }

    @ParameterizedTest
    @NullAndEmptySource
    void unsetMeansTheRealTime(String value) {
        assertThat(PolicyTime.parse(value, NOW)).isEmpty();
    }

    @Test
    void anythingElseIsRefusedNamingTheProperty() {
        assertThatIllegalArgumentException().isThrownBy(() -> PolicyTime.parse("night", NOW)).withMessageContaining(PolicyTime.PROPERTY);
    }
}
