package dev.kcwechat.minors.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class CurfewTest {

    private final Curfew night = Curfew.fromConfig(Curfew.DEFAULT).orElseThrow();

    @ParameterizedTest(name = "{0} inside 22:00-06:00: {1}")
    @CsvSource({"21:59:59, false", "22:00, true", "23:59:59, true", "00:00, true", "05:59:59, true", "06:00, false", "12:00, false"})
    void aNightCurfewRunsOverMidnightFromItsStartUpToItsEnd(String time, boolean covered) {
        assertThat(night.covers(LocalTime.parse(time))).isEqualTo(covered);
    }

    @ParameterizedTest(name = "{0} inside 13:00-14:30: {1}")
    @CsvSource({"12:59, false", "13:00, true", "14:29:59, true", "14:30, false"})
    void aDaytimeWindowIsOneStretch(String time, boolean covered) {
        assertThat(Curfew.fromConfig("13:00-14:30").orElseThrow().covers(LocalTime.parse(time))).isEqualTo(covered);
    }

    @Test
    void theTimeIsTheOneInThePolicysTimeZone() {
        Instant utcAfternoon = Instant.parse("2026-11-22T14:30:00Z");   // 22:30 in Shanghai

        assertThat(night.covers(utcAfternoon, ZoneId.of("Asia/Shanghai"))).isTrue();
        assertThat(night.covers(utcAfternoon, ZoneId.of("UTC"))).isFalse();
    }

    @Test
    void theWindowReadsAsConfigured() {
        assertThat(night.window()).isEqualTo("22:00-06:00");
        assertThat(Curfew.fromConfig("07:05-08:30").orElseThrow().window()).isEqualTo("07:05-08:30");
    }

    @ParameterizedTest
    @ValueSource(strings = {"off", "OFF", " off "})
    void offMeansNoCurfew(String value) {
        assertThat(Curfew.fromConfig(value)).isEmpty();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"  "})
    void blankMeansNoCurfew(String value) {
        assertThat(Curfew.fromConfig(value)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"22:00", "22-06", "22:00-6:00", "24:00-06:00", "22:60-06:00", "22:00-22:00", "22:00 - 06:00", "night", "of", "none"})
    void aMalformedWindowIsRefusedNamingTheKey(String value) {
        assertThatIllegalArgumentException().isThrownBy(() -> Curfew.fromConfig(value))
                .withMessageContaining("curfew").withMessageContaining("HH:MM-HH:MM").withMessageContaining("off")
                .withMessageContaining(value);
    }
}
