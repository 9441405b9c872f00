package dev.kcwechat.minors.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.kcwechat.minors.policy.GuardianPolicy.Verdict;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class ChildLimitsTest {

    /** 21:30 in Shanghai. */
    private static final Instant EVENING = Instant.parse("2026-11-22T13:30:00Z");
    /** 15:00 in Shanghai. */
    private static final Instant AFTERNOON = Instant.parse("2026-11-22T07:00:00Z");

    private final GuardianPolicy realm = GuardianPolicy.defaults();

    private static ChildLimits limits(String curfew, Integer minutes) {
        return new ChildLimits(curfew == null ? Optional.empty() : Curfew.fromConfig(curfew),
                minutes == null ? OptionalInt.empty() : OptionalInt.of(minutes));
    }

    @Test
    void aLongerCurfewAndFewerMinutesAreStricter() {
        assertThat(limits("21:00-07:00", 30).loosens(realm, AgeBracket.UNDER_14)).isEmpty();
        assertThat(limits("22:00-06:00", 60).loosens(realm, AgeBracket.UNDER_14)).as("the same is not looser").isEmpty();
        assertThat(limits(null, null).loosens(realm, AgeBracket.UNDER_14)).isEmpty();
    }

    @Test
    void aCurfewThatLeavesAnyMinuteOfTheRealmsOpenIsLooser() {
        assertThat(limits("23:00-06:00", null).loosens(realm, AgeBracket.UNDER_14)).get().asString().contains("22:00-06:00");
        assertThat(limits("21:00-05:59", null).loosens(realm, AgeBracket.UNDER_14)).isPresent();
        assertThat(limits("08:00-12:00", null).loosens(realm, AgeBracket.UNDER_14)).isPresent();
    }

    @Test
    void moreMinutesThanTheRealmGivesTheBracketAreLooser() {
        assertThat(limits(null, 61).loosens(realm, AgeBracket.UNDER_14)).get().asString().contains("60");
        assertThat(limits(null, 90).loosens(realm, AgeBracket.FROM_16_TO_17)).as("120 for 16 and 17").isEmpty();
        assertThat(limits(null, 121).loosens(realm, AgeBracket.FROM_16_TO_17)).isPresent();
    }

    @Test
    void withoutARealmRuleAnyLimitIsStricter() {
        GuardianPolicy open = GuardianPolicy.fromConfig(Map.of("curfew", "off", "dailyMinutes", "off"));
        assertThat(limits("20:00-08:00", 600).loosens(open, AgeBracket.UNDER_14)).isEmpty();
    }

    @Test
    void theStricterOfBothApplies() {
        ChildLimits child = limits("21:00-07:00", 30);
        assertThat(realm.check(AgeBracket.UNDER_14, EVENING, 0, true)).isEqualTo(Verdict.ALLOW);
        assertThat(realm.check(AgeBracket.UNDER_14, EVENING, 0, true, child)).isEqualTo(Verdict.CURFEW);
        assertThat(realm.check(AgeBracket.UNDER_14, AFTERNOON, 30 * 60, true)).isEqualTo(Verdict.ALLOW);
        assertThat(realm.check(AgeBracket.UNDER_14, AFTERNOON, 30 * 60, true, child)).isEqualTo(Verdict.DAILY_LIMIT);
        assertThat(realm.budgetSeconds(AgeBracket.UNDER_14, child)).hasValue(30 * 60);
        assertThat(realm.check(AgeBracket.ADULT, EVENING, 0, true, child)).as("adults pass").isEqualTo(Verdict.ALLOW);
    }

    @Test
    void minutesAreADayAtMost() {
        assertThatIllegalArgumentException().isThrownBy(() -> limits(null, 1441));
        assertThatIllegalArgumentException().isThrownBy(() -> limits(null, -1));
    }
}
