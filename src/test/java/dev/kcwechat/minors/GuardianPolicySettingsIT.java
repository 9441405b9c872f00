package dev.kcwechat.minors;

import static dev.kcwechat.simulator.WeChatSimulator.DEMO_APP_ID;
import static dev.kcwechat.testing.OAuthErrors.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kcwechat.simulator.WeChatSimulator;
import dev.kcwechat.testing.GuardianSetup;
import dev.kcwechat.testing.Http;
import dev.kcwechat.testing.Jwt;
import dev.kcwechat.testing.OAuth;
import dev.kcwechat.testing.PolicyTime;
import dev.kcwechat.testing.TestRealm;
import dev.kcwechat.testing.WeChatRealmExtension;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The realm's guardian policy settings as an admin saves them through Keycloak's admin API (the
 * console does the same: the client profile's {@code wechat-guardian-policy} executor): {@code off}
 * turns the curfew and the daily limit off, so does an emptied value (the executor keeps it), an
 * invalid value refuses logins and names the key and its forms in the server's log.
 */
@Tag(PolicyTime.TAG)
class GuardianPolicySettingsIT {

    @RegisterExtension
    static final WeChatRealmExtension realm = WeChatRealmExtension.named("guardiansettings");

    private static final String FLOW = "guardian";
    private static final Map<String, String> STRICT = Map.of("curfew", "22:00-06:00", "timeZone", "Asia/Shanghai",
            "dailyMinutes", "10,10,20", "consentUnder14", "false", "unknownAge", "minor");
    /** A Saturday in Shanghai. */
    private static final LocalDate DAY = LocalDate.of(2026, 11, 21);

    private static final GuardianSetup guardian = new GuardianSetup(realm);
    private final WeChatSimulator wechat = realm.wechat();
    private final OAuth oauth = realm.oauth();

    @BeforeAll
    static void policy() {
        guardian.postLoginPolicy(FLOW, STRICT);
    }

    @BeforeEach
    void strictPolicy() {
        guardian.savePolicyConfig(STRICT);
    }

    @AfterEach
    void runClock() {
        guardian.clock((LocalDateTime) null);
    }

    @Test
    void offSavedThroughTheAdminApiLetsAMinorInInsideTheFormerCurfewAndPastTheFormerBudget() {
        String openid = "oSettingsOff_openid_ABCDEFGHIJK";   // no birthdate: unknown age, a minor here
        guardian.clock(DAY.atTime(21, 30));
        String token = refreshToken(login(openid));
        guardian.clock(DAY.atTime(21, 34));
        token = refreshToken(oauth.refresh(TestRealm.PUBLIC_CLIENT, token));
        guardian.clock(DAY.atTime(21, 38));
        token = refreshToken(oauth.refresh(TestRealm.PUBLIC_CLIENT, token));
        guardian.clock(DAY.atTime(21, 42));
        assertError(oauth.refresh(TestRealm.PUBLIC_CLIENT, token), 400, "invalid_grant");   // 12 minutes: past the 10 a day
        guardian.clock(DAY.atTime(21, 43));
        assertPolicyRefuses(login(openid), "daily_limit");
        guardian.clock(DAY.atTime(23, 0));
        assertPolicyRefuses(login(openid), "curfew");

        guardian.savePolicyConfig(with(Map.of("curfew", "off", "dailyMinutes", "off")));

        assertThat(guardian.policyConfig()).containsEntry("curfew", "off").containsEntry("dailyMinutes", "off");
        Http.Answer atNight = login(openid);
        assertThat(atNight.status()).as(atNight.toString()).isEqualTo(200);
        guardian.clock(DAY.atTime(23, 50));
        Http.Answer refreshed = oauth.refresh(TestRealm.PUBLIC_CLIENT, refreshToken(atNight));
        assertThat(refreshed.status()).as("the refresh applies the same settings: " + refreshed).isEqualTo(200);
    }

    @Test
    void eachRuleTurnsOffAlone() {
        String openid = "oSettingsOne_openid_ABCDEFGHIJKL";
        guardian.savePolicyConfig(with(Map.of("curfew", "off")));
        guardian.clock(DAY.atTime(23, 0));
        assertThat(login(openid).status()).as("no curfew").isEqualTo(200);

        guardian.savePolicyConfig(with(Map.of("dailyMinutes", "off")));

        assertPolicyRefuses(login(openid), "curfew");
    }

    @Test
    void anEmptiedValueIsSavedAndTurnsTheRuleOff() {
        guardian.savePolicyConfig(with(Map.of("curfew", "", "dailyMinutes", "")));

        assertThat(guardian.policyConfig()).containsEntry("curfew", "").containsEntry("dailyMinutes", "");
        guardian.clock(DAY.atTime(22, 30));
        Http.Answer atNight = login("oSettingsEmpty_openid_ABCDEFGHIJ");
        assertThat(atNight.status()).as(atNight.toString()).isEqualTo(200);
    }

    @Test
    void anInvalidValueRefusesEveryLoginAndTheLogNamesTheKeyAndTheAcceptedForms() {
        guardian.savePolicyConfig(with(Map.of("curfew", "none")));
        long logStart = realm.server().logPosition();
        guardian.clock(DAY.atTime(12, 0));

        Http.Answer refused = login("oSettingsInvalid_openid_ABCDEFGH");

        assertError(refused, 403, "access_denied");
        assertThat(refused.json().has("guardian_policy")).isFalse();
        assertThat(realm.server().logSince(logStart)).contains("curfew must be HH:MM-HH:MM").contains("or off").contains("'none'");
    }

    /** Consent is off here, so no request ever made the consent client: looking at the pages must not either. */
    @Test
    void anAnonymousLookAtTheGuardiansPagesCreatesNoClient() {
        Http.Answer consentPage = Http.get(oauth.wechat("guardian/consent/AAAAAAAAAAAAAAAAAAAAAAAA"), null);
        Http.Answer guardianPage = Http.get(oauth.wechat("guardian"), null);

        assertThat(consentPage.status()).as(consentPage.toString()).isEqualTo(400);
        assertThat(guardianPage.status()).as(guardianPage.toString()).isEqualTo(404);
        assertThat(realm.resource().clients().findByClientId("wechat-guardian-consent")).isEmpty();
    }

    private static Map<String, String> with(Map<String, String> changes) {
        Map<String, String> config = new HashMap<>(STRICT);
        config.putAll(changes);
        return config;
    }

    private static void assertPolicyRefuses(Http.Answer answer, String policy) {
        assertError(answer, 403, "access_denied");
        assertThat(answer.json().get("guardian_policy").asText()).isEqualTo(policy);
    }

    private Http.Answer login(String openid) {
        return oauth.codeLogin(wechat.newCode(DEMO_APP_ID, openid, null));
    }

    private static String refreshToken(Http.Answer answer) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        assertThat(new Jwt(answer.json().get("access_token").asText()).claims().has("sub")).isTrue();
        return answer.json().get("refresh_token").asText();
    }
}
