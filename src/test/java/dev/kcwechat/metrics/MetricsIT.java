package dev.kcwechat.metrics;

import static dev.kcwechat.simulator.WeChatSimulator.DEMO_APP_ID;
import static dev.kcwechat.testing.OAuthErrors.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kcwechat.simulator.WeChatSimulator;
import dev.kcwechat.testing.GuardianSetup;
import dev.kcwechat.testing.Http;
import dev.kcwechat.testing.Jwt;
import dev.kcwechat.testing.OAuth;
import dev.kcwechat.testing.TestRealm;
import dev.kcwechat.testing.WeChatRealmExtension;
import java.time.LocalDateTime;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The extension's metrics as Keycloak shows them on its management port ({@code /metrics},
 * {@code --metrics-enabled=true}), after a scripted mix: first and returning logins, a replayed
 * code, WeChat busy, a limit hit, a minor refused. Counts are the differences across the mix (the
 * run's other tests count too). No tag carries a user, an openid, a code or a token.
 */
class MetricsIT {

    /** A Saturday in Shanghai; the child below was born 2012. */
    private static final LocalDateTime NIGHT = LocalDateTime.of(2026, 11, 21, 23, 0);
    private static final LocalDateTime NOON = LocalDateTime.of(2026, 11, 21, 12, 0);

    @RegisterExtension
    static final WeChatRealmExtension realm = WeChatRealmExtension.named("metrics")
            .with(r -> r.set("callsPerUser", "2"));

    private static final GuardianSetup guardian = new GuardianSetup(realm);
    private final WeChatSimulator wechat = realm.wechat();
    private final OAuth oauth = realm.oauth();

    @BeforeAll
    static void policy() {
        guardian.postLoginPolicy("metrics-guardian", Map.of("curfew", "22:00-06:00", "timeZone", "Asia/Shanghai",
                "dailyMinutes", "off", "consentUnder14", "false", "unknownAge", "allow"));
    }

    @AfterAll
    static void realClock() {
        guardian.clock((LocalDateTime) null);
    }

    @Test
    void aScriptedMixIsCountedWithBoundedTags() {
        guardian.clock(NOON);
        String before = scrape();

        Http.Answer first = login("oMetricsFirst_openid_ABCDEFGHIJK");
        login("oMetricsOther_openid_ABCDEFGHIJK");
        Http.Answer returning = login("oMetricsFirst_openid_ABCDEFGHIJK");
        String replayed = wechat.newCode(DEMO_APP_ID, "oMetricsReplay_openid_ABCDEFGHI", null);
        assertThat(oauth.codeLogin(replayed).status()).isEqualTo(200);
        assertError(oauth.codeLogin(replayed), 400, "invalid_grant");
        wechat.failNext(WeChatSimulator.JSCODE2SESSION, 1, -1);
        assertError(oauth.codeLogin(wechat.newCode(DEMO_APP_ID, "oMetricsBusy_openid_ABCDEFGHIJK", null)), 503,
                "temporarily_unavailable");
        String accessToken = returning.json().get("access_token").asText();
        for (int i = 0; i < 3; i++) {
            Http.get(oauth.wechat("session"), accessToken);
        }
        String child = sub(login("oMetricsChild_openid_ABCDEFGHIJK"));
        guardian.birthdate(child, "2012-05-01");
        guardian.clock(NIGHT);
        assertError(login("oMetricsChild_openid_ABCDEFGHIJK", 403), 403, "access_denied");

        String after = scrape();
        assertThat(first.status()).isEqualTo(200);
        assertThat(delta(before, after, "kcwechat_logins_total", "first=\"true\",outcome=\"success\",provider=\"wechat\""))
                .as("first logins: two, the replayed code's, the child's").isEqualTo(4);
        assertThat(delta(before, after, "kcwechat_logins_total", "first=\"false\",outcome=\"success\",provider=\"wechat\""))
                .isEqualTo(1);
        assertThat(delta(before, after, "kcwechat_logins_total", "first=\"false\",outcome=\"invalid_grant\",provider=\"wechat\""))
                .as("the replay, refused before WeChat is asked").isEqualTo(1);
        assertThat(delta(before, after, "kcwechat_logins_total",
                "first=\"false\",outcome=\"temporarily_unavailable\",provider=\"wechat\"")).isEqualTo(1);
        assertThat(delta(before, after, "kcwechat_logins_total", "first=\"false\",outcome=\"access_denied\",provider=\"wechat\""))
                .as("the child at night").isEqualTo(1);
        assertThat(delta(before, after, "kcwechat_wechat_errors_total", "api=\"/sns/jscode2session\",errcode=\"-1\""))
                .isEqualTo(1);
        assertThat(delta(before, after, "kcwechat_wechat_api_seconds_count", "api=\"/sns/jscode2session\",outcome=\"errcode\""))
                .isEqualTo(1);
        assertThat(delta(before, after, "kcwechat_wechat_api_seconds_count", "api=\"/sns/jscode2session\",outcome=\"success\""))
                .as("the codes WeChat took: four first logins, one returning, the child's at night").isEqualTo(6);
        assertThat(delta(before, after, "kcwechat_rate_limited_total", "limit=\"calls-user\"")).isEqualTo(1);
        assertThat(delta(before, after, "kcwechat_guardian_refusals_total", "reason=\"curfew\"")).isEqualTo(1);
        assertThat(delta(before, after, "kcwechat_access_token_fetches_total", "provider=\"wechat\""))
                .as("checksession's token, once").isEqualTo(1);

        String ours = after.lines().filter(line -> line.startsWith("kcwechat_")).reduce("", (a, b) -> a + b + "\n");
        assertThat(ours).as("no user, openid, code or token in a tag").doesNotContain("oMetrics", child, accessToken, replayed);
    }

    private Http.Answer login(String openid) {
        return login(openid, 200);
    }

    private Http.Answer login(String openid, int status) {
        Http.Answer answer = oauth.codeLogin(wechat.newCode(DEMO_APP_ID, openid, null));
        assertThat(answer.status()).as(answer.toString()).isEqualTo(status);
        return answer;
    }

    private static String sub(Http.Answer login) {
        return new Jwt(login.json().get("access_token").asText()).claims().get("sub").asText();
    }

    private String scrape() {
        Http.Answer metrics = Http.get(realm.server().managementUrl() + "/metrics", null);
        assertThat(metrics.status()).as(metrics.toString()).isEqualTo(200);
        return metrics.body();
    }

    /** How much a series grew between two scrapes; a series not there yet counts as 0. */
    private static double delta(String before, String after, String name, String tags) {
        return value(after, name, tags) - value(before, name, tags);
    }

    private static double value(String scrape, String name, String tags) {
        Matcher line = Pattern.compile("(?m)^" + Pattern.quote(name + "{" + tags) + "[,}][^ ]* ([0-9.eE+-]+)$").matcher(scrape);
        return line.find() ? Double.parseDouble(line.group(1)) : 0;
    }
}
