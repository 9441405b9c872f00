package dev.kcwechat.minors.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.kcwechat.minors.policy.GuardianPolicy.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GuardianPolicyTest {

    /** 15:00 in Shanghai. */
    private static final Instant AFTERNOON = Instant.parse("2026-11-22T07:00:00Z");
    /** 23:00 in Shanghai. */
    private static final Instant NIGHT = Instant.parse("2026-11-22T15:00:00Z");

    private final GuardianPolicy defaults = GuardianPolicy.defaults();

    @Test
    void absentKeysTakeTheContractsDefaults() {
        assertThat(defaults.curfew()).contains(Curfew.fromConfig("22:00-06:00").orElseThrow());
        assertThat(defaults.zone()).isEqualTo(ZoneId.of("Asia/Shanghai"));
        assertThat(defaults.dailyMinutes()).contains(new DailyMinutes(60, 60, 120));
        assertThat(defaults.consentUnder14()).isTrue();
        assertThat(defaults.unknownAge()).isEqualTo(UnknownAge.MINOR);
        assertThat(defaults.consentRetentionDays()).isEqualTo(1095);
        assertThat(GuardianPolicy.fromConfig(null)).isEqualTo(defaults);
    }

    @Test
    void offTurnsTheCurfewAndTheLimitOff() {
        GuardianPolicy open = GuardianPolicy.fromConfig(Map.of("curfew", "off", "dailyMinutes", "off"));

        assertThat(open.curfew()).isEmpty();
        assertThat(open.dailyMinutes()).isEmpty();
        assertThat(open.check(AgeBracket.UNDER_14, NIGHT, 99_999, true)).isEqualTo(Verdict.ALLOW);
        assertThat(open.budgetSeconds(AgeBracket.UNDER_14)).isEmpty();
    }

    @Test
    void emptyValuesWhereTheySurviveTurnTheCurfewAndTheLimitOff() {
        GuardianPolicy open = GuardianPolicy.fromConfig(Map.of("curfew", "", "dailyMinutes", " "));

        assertThat(open.curfew()).isEmpty();
        assertThat(open.dailyMinutes()).isEmpty();
        assertThat(open.check(AgeBracket.FROM_14_TO_15, NIGHT, 99_999, true)).isEqualTo(Verdict.ALLOW);
    }

    @ParameterizedTest(name = "{0}={1} refused")
    @CsvSource({"timeZone, Mars/Base", "consentUnder14, yes", "consentRetentionDays, 1094", "consentRetentionDays, three years",
            "unknownAge, maybe", "curfew, 22:00", "dailyMinutes, 60"})
    void aBadValueIsRefusedNamingItsKey(String key, String value) {
        assertThatIllegalArgumentException().isThrownBy(() -> GuardianPolicy.fromConfig(Map.of(key, value)))
                .withMessageContaining(key);
    }

    @Test
    void retentionMayBeLongerThanThreeYears() {
        assertThat(GuardianPolicy.fromConfig(Map.of("consentRetentionDays", "3650")).consentRetentionDays()).isEqualTo(3650);
    }

    @ParameterizedTest(name = "{0} at night: {1}")
    @CsvSource({"UNDER_14, CURFEW", "FROM_14_TO_15, CURFEW", "FROM_16_TO_17, CURFEW", "ADULT, ALLOW", "UNKNOWN, CURFEW"})
    void theCurfewHoldsForMinorsOnly(AgeBracket bracket, Verdict verdict) {
        assertThat(defaults.check(bracket, NIGHT, 0, true)).isEqualTo(verdict);
    }

    @ParameterizedTest(name = "{0} after {1} s: {2}")
    @CsvSource({"UNDER_14, 3599, ALLOW", "UNDER_14, 3600, DAILY_LIMIT", "FROM_14_TO_15, 3600, DAILY_LIMIT",
            "FROM_16_TO_17, 3600, ALLOW", "FROM_16_TO_17, 7200, DAILY_LIMIT", "ADULT, 86400, ALLOW", "UNKNOWN, 3600, DAILY_LIMIT"})
    void theBudgetDependsOnTheBracket(AgeBracket bracket, long used, Verdict verdict) {
        assertThat(defaults.check(bracket, AFTERNOON, used, true)).isEqualTo(verdict);
    }

    @Test
    void underFourteenNeedsConsentUnlessTheSettingIsOff() {
        assertThat(defaults.check(AgeBracket.UNDER_14, AFTERNOON, 0, false)).isEqualTo(Verdict.CONSENT_REQUIRED);
        assertThat(defaults.check(AgeBracket.UNDER_14, AFTERNOON, 0, true)).isEqualTo(Verdict.ALLOW);
        assertThat(defaults.check(AgeBracket.FROM_14_TO_15, AFTERNOON, 0, false)).isEqualTo(Verdict.ALLOW);
        assertThat(GuardianPolicy.fromConfig(Map.of("consentUnder14", "false")).check(AgeBracket.UNDER_14, AFTERNOON, 0, false))
                .isEqualTo(Verdict.ALLOW);
    }

    @Test
    void theCurfewAndTheBudgetComeBeforeConsent() {
        assertThat(defaults.check(AgeBracket.UNDER_14, NIGHT, 0, false)).isEqualTo(Verdict.CURFEW);
        assertThat(defaults.check(AgeBracket.UNDER_14, AFTERNOON, 3600, false)).isEqualTo(Verdict.DAILY_LIMIT);
    }

    @ParameterizedTest(name = "unknownAge={0}: {1}")
    @CsvSource({"allow, ALLOW", "minor, CONSENT_REQUIRED", "deny, UNKNOWN_AGE"})
    void anUnknownAgeIsTreatedAsConfigured(String unknownAge, Verdict verdict) {
        GuardianPolicy policy = GuardianPolicy.fromConfig(Map.of("unknownAge", unknownAge));

        assertThat(policy.check(AgeBracket.UNKNOWN, AFTERNOON, 0, false)).isEqualTo(verdict);
    }

    @Test
    void aDenyingPolicyRefusesAnUnknownAgeEvenInTheDay() {
        GuardianPolicy policy = GuardianPolicy.fromConfig(Map.of("unknownAge", "deny", "curfew", ""));

        assertThat(policy.check(AgeBracket.UNKNOWN, AFTERNOON, 0, true)).isEqualTo(Verdict.UNKNOWN_AGE);
        assertThat(policy.check(AgeBracket.ADULT, AFTERNOON, 0, false)).isEqualTo(Verdict.ALLOW);
    }

    @Test
    void creditIsTheTimeSinceLastSeenCappedAndNeverBeforeMidnight() {
        Duration cap = Duration.ofMinutes(5);

        assertThat(defaults.creditSeconds(AFTERNOON.minusSeconds(120), AFTERNOON, cap)).isEqualTo(120);
        assertThat(defaults.creditSeconds(AFTERNOON.minusSeconds(3 * 3600), AFTERNOON, cap)).as("app closed meanwhile").isEqualTo(300);
        assertThat(defaults.creditSeconds(AFTERNOON.plusSeconds(10), AFTERNOON, cap)).as("clock skew").isZero();
        Instant justAfterMidnight = Instant.parse("2026-11-22T16:01:00Z");   // 00:01 in Shanghai
        assertThat(defaults.creditSeconds(justAfterMidnight.minusSeconds(240), justAfterMidnight, cap))
                .as("yesterday's part belongs to yesterday").isEqualTo(60);
    }

    @Test
    void theBracketIsCountedInThePolicysZone() {
        Instant shanghaiBirthdayMorning = Instant.parse("2026-11-21T17:00:00Z");   // 01:00 on the 22nd in Shanghai

        assertThat(defaults.bracket("2012-11-22", shanghaiBirthdayMorning)).isEqualTo(AgeBracket.FROM_14_TO_15);
        assertThat(GuardianPolicy.fromConfig(Map.of("timeZone", "UTC")).bracket("2012-11-22", shanghaiBirthdayMorning))
                .isEqualTo(AgeBracket.UNDER_14);
    }

    @Test
    void guardiansAreTrustedAdultsAndTheConsentClientByDefault() {
        assertThat(defaults.guardianVerification()).isEqualTo(GuardianVerification.TRUSTED_ADULT);
        assertThat(defaults.acceptsGuardianTokensOf(GuardianPolicy.CONSENT_CLIENT_ID)).isTrue();
        assertThat(defaults.acceptsGuardianTokensOf("mini-program")).isFalse();
    }

    @Test
    void guardianSettingsAreParsed() {
        GuardianPolicy policy = GuardianPolicy.fromConfig(Map.of("guardianVerification", "registered",
                "guardianClients", " parents-app, mini-program "));
        assertThat(policy.guardianVerification()).isEqualTo(GuardianVerification.REGISTERED);
        assertThat(policy.guardianClients()).containsExactlyInAnyOrder("parents-app", "mini-program");
        assertThat(policy.acceptsGuardianTokensOf("parents-app")).isTrue();
        assertThat(policy.acceptsGuardianTokensOf("web-app")).isFalse();
        assertThatIllegalArgumentException().isThrownBy(() -> GuardianPolicy.fromConfig(Map.of("guardianVerification", "anyone")))
                .withMessageContaining("guardianVerification");
    }
}
