package dev.kcwechat.limits;

import static dev.kcwechat.simulator.WeChatSimulator.DEMO_APP_ID;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcwechat.simulator.WeChatSimulator;
import dev.kcwechat.testing.Http;
import dev.kcwechat.testing.OAuth;
import dev.kcwechat.testing.TestRealm;
import dev.kcwechat.testing.WeChatRealmExtension;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Calls to {@code /wechat/*} per user and per client IP: one user hammering {@code /wechat/session}
 * or {@code /wechat/phone} is stopped with 429 before WeChat's own per-user quota (45011) is touched.
 */
class CallLimitIT {

    private static final int PER_USER = 5;
    private static final int PER_IP = 9;

    @RegisterExtension
    static final WeChatRealmExtension realm = WeChatRealmExtension.named("calllimit").with(r -> {
        r.set("callsPerUser", String.valueOf(PER_USER)).set("callsPerIp", String.valueOf(PER_IP))
                .set("limitWindowSeconds", String.valueOf(LimitWindows.WINDOW_SECONDS));
        r.addPhoneMapper(TestRealm.IDP_ALIAS, "reject");
    });

    private final WeChatSimulator wechat = realm.wechat();
    private final OAuth oauth = realm.oauth();

    @Test
    void oneUserIsStoppedAtItsLimitThenTheAddressAtItsOwn() throws InterruptedException {
        LimitWindows.awayFromTheEnd();
        String hammer = accessToken("oHammer_openid_ABCDEFGHIJKLMNO");
        String neighbour = accessToken("oNeighbour_openid_ABCDEFGHIJKLM");
        int checks = wechat.calls(WeChatSimulator.CHECK_SESSION);
        int phones = wechat.calls(WeChatSimulator.PHONE_NUMBER);

        for (int i = 0; i < PER_USER - 1; i++) {
            assertThat(session(hammer).status()).isEqualTo(200);
        }
        Http.Answer phone = Http.postJson(oauth.wechat("phone"),
                Map.of("phone_code", wechat.newPhoneCode(DEMO_APP_ID, "13600000041", null, "86")), hammer);
        assertThat(phone.status()).as(phone.toString()).isEqualTo(200);
        Http.Answer limited = session(hammer);
        Http.Answer limitedPhone = Http.postJson(oauth.wechat("phone"),
                Map.of("phone_code", wechat.newPhoneCode(DEMO_APP_ID, "13600000042", null, "86")), hammer);

        assertLimited(limited);
        assertLimited(limitedPhone);
        assertThat(wechat.calls(WeChatSimulator.CHECK_SESSION) - checks).as("WeChat saw only the allowed calls").isEqualTo(PER_USER - 1);
        assertThat(wechat.calls(WeChatSimulator.PHONE_NUMBER) - phones).isEqualTo(1);

        for (int i = 0; i < PER_IP - PER_USER; i++) {
            assertThat(session(neighbour).status()).as("another user of the same address, up to the address's limit").isEqualTo(200);
        }
        assertLimited(session(neighbour));
    }

    private static void assertLimited(Http.Answer answer) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(429);
        JsonNode body = answer.json();
        assertThat(body.get("error").asText()).isEqualTo("temporarily_unavailable");
        assertThat(LimitWindows.retryAfter(answer)).isBetween(1L, (long) LimitWindows.WINDOW_SECONDS);
        assertThat(answer.raw().headers().firstValue("Cache-Control")).hasValue("no-store");
    }

    private Http.Answer session(String accessToken) {
        return Http.get(oauth.wechat("session"), accessToken);
    }

    private String accessToken(String openid) {
        Http.Answer answer = oauth.codeLogin(wechat.newCode(DEMO_APP_ID, openid, null));
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        return answer.json().get("access_token").asText();
    }
}
