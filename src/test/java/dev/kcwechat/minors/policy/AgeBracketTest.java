package dev.kcwechat.minors.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class AgeBracketTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 11, 22);

    @ParameterizedTest(name = "born {0}: {1}")
    @CsvSource({
        "2026-11-22, under_14",
        "2012-11-23, under_14",   // 14 tomorrow
        "2012-11-22, 14_to_15",   // 14 today
        "2010-11-23, 14_to_15",   // 16 tomorrow
        "2010-11-22, 16_to_17",   // 16 today
        "2008-11-23, 16_to_17",   // 18 tomorrow
        "2008-11-22, adult",      // 18 today
        "1950-01-01, adult"})
    void eachBoundaryIsTheBirthdayItself(String birthdate, String bracket) {
        assertThat(AgeBracket.of(birthdate, TODAY).claimValue()).isEqualTo(bracket);
    }

    @Test
    void someoneBornOnALeapDayTurnsFourteenOnTheFirstOfMarchInOtherYears() {
        assertThat(AgeBracket.of("2012-02-29", LocalDate.of(2026, 2, 28))).isEqualTo(AgeBracket.UNDER_14);
        assertThat(AgeBracket.of("2012-02-29", LocalDate.of(2026, 3, 1))).isEqualTo(AgeBracket.FROM_14_TO_15);
        assertThat(AgeBracket.of("2012-02-29", LocalDate.of(2028, 2, 29)).claimValue()).as("16 on the leap day itself").isEqualTo("16_to_17");
        assertThat(AgeBracket.of("2010-02-28", LocalDate.of(2026, 2, 28))).isEqualTo(AgeBracket.FROM_16_TO_17);
    }

    @Test
    void theDateIsTheOneInThePolicysTimeZone() {
        Instant shanghaiMorningUtcEvening = Instant.parse("2026-11-22T17:30:00Z");   // 23 November, 01:30 in Shanghai

        assertThat(AgeBracket.of("2012-11-23", shanghaiMorningUtcEvening, ZoneId.of("Asia/Shanghai"))).isEqualTo(AgeBracket.FROM_14_TO_15);
        assertThat(AgeBracket.of("2012-11-23", shanghaiMorningUtcEvening, ZoneId.of("UTC"))).isEqualTo(AgeBracket.UNDER_14);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"2026-11-23", "2100-01-01", "2010-02-30", "2011-02-29", "2010-13-01", "20100101", "2010/01/01",
        "10-01-01", "not a date", "2010-1-1"})
    void noBirthdateAMalformedOneOrOneInTheFutureIsUnknown(String birthdate) {
        assertThat(AgeBracket.of(birthdate, TODAY)).isEqualTo(AgeBracket.UNKNOWN);
    }

    @Test
    void surroundingSpacesAreForgiven() {
        assertThat(AgeBracket.of(" 2000-01-01 ", TODAY)).isEqualTo(AgeBracket.ADULT);
    }

    @Test
    void onlyTheThreeMinorBracketsAreMinors() {
        assertThat(AgeBracket.UNDER_14.isMinor()).isTrue();
        assertThat(AgeBracket.FROM_14_TO_15.isMinor()).isTrue();
        assertThat(AgeBracket.FROM_16_TO_17.isMinor()).isTrue();
        assertThat(AgeBracket.ADULT.isMinor()).isFalse();
        assertThat(AgeBracket.UNKNOWN.isMinor()).isFalse();
    }

    @ParameterizedTest(name = "unknownAge={0}: an unknown age is in guardian mode: {1}")
    @CsvSource({"allow, false", "minor, true", "deny, true", ", true"})
    void guardianModeOfAnUnknownAgeFollowsThePolicy(String unknownAge, boolean guardianMode) {
        UnknownAge policy = UnknownAge.fromConfig(unknownAge);

        assertThat(policy.guardianMode(AgeBracket.UNKNOWN)).isEqualTo(guardianMode);
        assertThat(policy.guardianMode(AgeBracket.UNDER_14)).isTrue();
        assertThat(policy.guardianMode(AgeBracket.FROM_16_TO_17)).isTrue();
        assertThat(policy.guardianMode(AgeBracket.ADULT)).isFalse();
    }
}
