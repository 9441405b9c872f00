package dev.kcwechat.minors;

import static dev.kcwechat.simulator.WeChatSimulator.DEMO_APP_ID;
import static dev.kcwechat.testing.OAuthErrors.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcwechat.simulator.WeChatSimulator;
import dev.kcwechat.testing.GuardianSetup;
import dev.kcwechat.testing.Http;
import dev.kcwechat.testing.Jwt;
import dev.kcwechat.testing.OAuth;
import dev.kcwechat.testing.PolicyTime;
import dev.kcwechat.testing.RequiresKeycloak;
import dev.kcwechat.testing.TestRealm;
import dev.kcwechat.testing.WeChatRealmExtension;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The wechat-guardian-policy authenticator in the WeChat provider's post-login flow, on a real
 * Keycloak, with the policy's clock set per test: brackets, the curfew's edges, the day's budget
 * across sessions and logins, refreshes refused and sessions ended. Consent is off here (GuardianConsentIT).
 */
@Tag(PolicyTime.TAG)
class GuardianPolicyIT {

    @RegisterExtension
    static final WeChatRealmExtension realm = WeChatRealmExtension.named("guardianpolicy");

    /** A Saturday in Shanghai; birthdates below are counted from it. */
    private static final LocalDate DAY = LocalDate.of(2026, 11, 21);

    private static final GuardianSetup guardian = new GuardianSetup(realm);
    private final WeChatSimulator wechat = realm.wechat();
    private final OAuth oauth = realm.oauth();

    @BeforeAll
    static void policy() {
        guardian.postLoginPolicy("guardian", Map.of("curfew", "22:00-06:00", "timeZone", "Asia/Shanghai",
                "dailyMinutes", "10,10,20", "consentUnder14", "false", "unknownAge", "minor"));
    }

    @AfterEach
    void realClock() {
        guardian.clock((LocalDateTime) null);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({
        "2013-11-22, under_14, 403",
        "2012-11-21, 14_to_15, 403",
        "2010-11-21, 16_to_17, 403",
        "2008-11-21, adult, 200",
        "'', unknown, 403"})
    void atNightOnlyAdultsSignIn(String birthdate, String bracket, int status) {
        String openid = "oNight_" + bracket + "_openid_ABCDEFGHIJ";
        String userId = firstLoginAt(openid, DAY.atTime(12, 0));
        if (!birthdate.isEmpty()) {
            guardian.birthdate(userId, birthdate);
        }
        guardian.clock(DAY.atTime(23, 0));

        Http.Answer answer = login(openid);

        if (status == 200) {
            assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        } else {
            assertError(answer, 403, "access_denied");
            assertThat(answer.json().get("guardian_policy").asText()).isEqualTo("curfew");
            assertThat(answer.raw().headers().firstValue("Cache-Control")).contains("no-store");
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"21:59:59, 200", "22:00:00, 403", "05:59:59, 403", "06:00:00, 200"})
    void theCurfewStartsAtItsStartAndEndsAtItsEnd(String time, int status) {
        String openid = "oEdge_" + time.replace(":", "") + "_openid_ABCDEFGHIJ";
        String userId = firstLoginAt(openid, DAY.atTime(12, 0));
        guardian.birthdate(userId, "2011-06-01");
        guardian.clock(DAY.atTime(LocalTime.parse(time)));

        Http.Answer answer = login(openid);

        assertThat(answer.status()).as(answer.toString()).isEqualTo(status);
    }

    /**
     * The child's time counts at every login and token, from the child's previous token (at most
     * one access-token lifespan, 5 minutes here), whichever session it was: two sessions used side
     * by side count the time once.
     */
    @Test
    void theDaysMinutesAreTheChildsTimeAcrossSessionsAndARefreshPastThemEndsTheSession() {
        String openid = "oBudget_openid_ABCDEFGHIJKLMNOP";
        String userId = firstLoginAt(openid, DAY.atTime(9, 0));
        guardian.birthdate(userId, "2012-01-01");   // 14_to_15: 10 minutes here
        guardian.clock(DAY.atTime(10, 0));
        String sessionA = refreshToken(login(openid));                               // an hour since 9:00: 5 (the cap)
        guardian.clock(DAY.atTime(10, 2));
        sessionA = refreshToken(oauth.refresh(TestRealm.PUBLIC_CLIENT, sessionA));   // 7
        guardian.clock(DAY.atTime(10, 3));
        String sessionB = refreshToken(login(openid));                             // 8
        guardian.clock(DAY.atTime(10, 4));
        sessionB = refreshToken(oauth.refresh(TestRealm.PUBLIC_CLIENT, sessionB));   // 9
        int sessionsBefore = guardian.sessions(userId);
        guardian.clock(DAY.atTime(10, 5));

        Http.Answer refusedRefresh = oauth.refresh(TestRealm.PUBLIC_CLIENT, sessionA);   // 10: the day's 10 are used

        assertError(refusedRefresh, 400, "invalid_grant");
        assertThat(guardian.sessions(userId)).as("session A ended").isEqualTo(sessionsBefore - 1);
        assertError(oauth.refresh(TestRealm.PUBLIC_CLIENT, sessionA), 400, "invalid_grant");
        guardian.clock(DAY.atTime(10, 6));
        Http.Answer refusedLogin = login(openid);
        assertError(refusedLogin, 403, "access_denied");
        assertThat(refusedLogin.json().get("guardian_policy").asText()).isEqualTo("daily_limit");

        guardian.clock(DAY.plusDays(1).atTime(6, 0));
        assertThat(login(openid).status()).as("a new day in Shanghai, a new budget").isEqualTo(200);
    }

    @Test
    void signingInAgainWithNewCodesInsteadOfRefreshingSpendsTheBudget() {
        String openid = "oFreshCodes_openid_ABCDEFGHIJKLM";
        String userId = firstLoginAt(openid, DAY.atTime(9, 0));
        guardian.birthdate(userId, "2012-01-01");   // 14_to_15: 10 minutes here
        guardian.clock(DAY.atTime(10, 0));
        assertThat(login(openid).status()).isEqualTo(200);   // 5 (the cap)
        guardian.clock(DAY.atTime(10, 3));
        assertThat(login(openid).status()).isEqualTo(200);   // 8

        guardian.clock(DAY.atTime(10, 5));
        Http.Answer refused = login(openid);                  // 10

        assertError(refused, 403, "access_denied");
        assertThat(refused.json().get("guardian_policy").asText()).isEqualTo("daily_limit");
    }

    @Test
    void aRefreshInTheCurfewFailsAndEndsTheSession() {
        String openid = "oCurfewRefresh_openid_ABCDEFGHIJ";
        String userId = firstLoginAt(openid, DAY.atTime(12, 0));
        guardian.birthdate(userId, "2010-03-03");   // 16_to_17
        guardian.clock(DAY.atTime(21, 58));
        String token = refreshToken(login(openid));
        guardian.clock(DAY.atTime(21, 59, 59));
        token = refreshToken(oauth.refresh(TestRealm.PUBLIC_CLIENT, token));
        int sessionsBefore = guardian.sessions(userId);

        guardian.clock(DAY.atTime(22, 0));
        Http.Answer refused = oauth.refresh(TestRealm.PUBLIC_CLIENT, token);

        assertError(refused, 400, "invalid_grant");
        assertThat(refused.json().get("error_description").asText()).contains("curfew");
        assertThat(guardian.sessions(userId)).isEqualTo(sessionsBefore - 1);
    }

    @Test
    void anAdultsRefreshIsKeycloaksOwn() {
        String openid = "oAdultRefresh_openid_ABCDEFGHIJK";
        String userId = firstLoginAt(openid, DAY.atTime(12, 0));
        guardian.birthdate(userId, "1990-01-01");
        guardian.clock(DAY.atTime(21, 0));
        String token = refreshToken(login(openid));

        guardian.clock(DAY.atTime(23, 30));
        Http.Answer refreshed = oauth.refresh(TestRealm.PUBLIC_CLIENT, token);

        assertThat(refreshed.status()).as(refreshed.toString()).isEqualTo(200);
        assertThat(new Jwt(token).claims().path("provider").asText("default")).isNotEqualTo("wechat-guardian");
    }

    @Test
    @RequiresKeycloak(atLeast = "26.7", because = "the refresh-token provider SPI")
    void aMinorsRefreshTokenIsThePolicysAndAdultsAreNot() {
        String openid = "oMarkedRefresh_openid_ABCDEFGHIJ";
        String userId = firstLoginAt(openid, DAY.atTime(12, 0));
        guardian.birthdate(userId, "2010-03-03");
        guardian.clock(DAY.atTime(12, 30));

        JsonNode claims = new Jwt(refreshToken(login(openid))).claims();

        assertThat(claims.toString()).contains("wechat-guardian");
    }

    /** Signs the user up at that time (unknown age, allowed by day) and returns their id. */
    private String firstLoginAt(String openid, LocalDateTime time) {
        guardian.clock(time);
        Http.Answer answer = login(openid);
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        return new Jwt(answer.json().get("access_token").asText()).claims().get("sub").asText();
    }

    private Http.Answer login(String openid) {
        return oauth.codeLogin(wechat.newCode(DEMO_APP_ID, openid, null));
    }

    private static String refreshToken(Http.Answer answer) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        return answer.json().get("refresh_token").asText();
    }
}
