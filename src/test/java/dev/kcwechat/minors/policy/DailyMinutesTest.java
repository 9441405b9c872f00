package dev.kcwechat.minors.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class DailyMinutesTest {

    private final DailyMinutes defaults = DailyMinutes.fromConfig(DailyMinutes.DEFAULT).orElseThrow();

    @Test
    void eachMinorBracketHasItsOwnBudgetAndAdultsNone() {
        assertThat(defaults.limitFor(AgeBracket.UNDER_14, UnknownAge.MINOR)).hasValue(60);
        assertThat(defaults.limitFor(AgeBracket.FROM_14_TO_15, UnknownAge.MINOR)).hasValue(60);
        assertThat(defaults.limitFor(AgeBracket.FROM_16_TO_17, UnknownAge.MINOR)).hasValue(120);
        assertThat(defaults.limitFor(AgeBracket.ADULT, UnknownAge.MINOR)).isEmpty();
    }

    @Test
    void anUnknownAgeGetsTheStrictestBudgetUnlessThePolicyAllowsIt() {
        DailyMinutes budgets = new DailyMinutes(30, 60, 120);

        assertThat(budgets.limitFor(AgeBracket.UNKNOWN, UnknownAge.MINOR)).hasValue(30);
        assertThat(budgets.limitFor(AgeBracket.UNKNOWN, UnknownAge.DENY)).hasValue(30);
        assertThat(budgets.limitFor(AgeBracket.UNKNOWN, UnknownAge.ALLOW)).isEqualTo(OptionalInt.empty());
    }

    @Test
    void theBudgetsDayChangesAtMidnightInThePolicysTimeZone() {
        ZoneId shanghai = ZoneId.of("Asia/Shanghai");

        assertThat(DailyMinutes.day(Instant.parse("2026-11-22T15:59:59Z"), shanghai)).isEqualTo(LocalDate.of(2026, 11, 22));
        assertThat(DailyMinutes.day(Instant.parse("2026-11-22T16:00:00Z"), shanghai)).isEqualTo(LocalDate.of(2026, 11, 23));
    }

    @Test
    void spacesAroundTheNumbersAreForgiven() {
        assertThat(DailyMinutes.fromConfig(" 45, 90 ,180 ")).contains(new DailyMinutes(45, 90, 180));
    }

    @ParameterizedTest
    @ValueSource(strings = {"off", "Off", " off "})
    void offMeansNoLimit(String value) {
        assertThat(DailyMinutes.fromConfig(value)).isEmpty();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   "})
    void blankMeansNoLimit(String value) {
        assertThat(DailyMinutes.fromConfig(value)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"60", "60,60", "60,60,120,180", "60,,120", "-1,60,120", "60,60,1441", "sixty,60,120", "60;60;120", "none", "0ff"})
    void aMalformedValueIsRefusedNamingTheKey(String value) {
        assertThatIllegalArgumentException().isThrownBy(() -> DailyMinutes.fromConfig(value))
                .withMessageContaining("dailyMinutes").withMessageContaining("under_14,14_to_15,16_to_17").withMessageContaining("off")
                .withMessageContaining(value);
    }
}
