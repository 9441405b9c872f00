package dev.kcwechat.limits;

import static dev.kcwechat.simulator.WeChatSimulator.DEMO_APP_ID;
import static dev.kcwechat.testing.OAuthErrors.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kcwechat.simulator.WeChatSimulator;
import dev.kcwechat.testing.Http;
import dev.kcwechat.testing.OAuth;
import dev.kcwechat.testing.TestRealm;
import dev.kcwechat.testing.WeChatRealmExtension;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Refused codes (invalid, used, replayed) per client IP: past the limit, 429 and no call to WeChat,
 * and the address is turned away before its provider is even looked up.
 */
class FailedCodeLimitIT {

    private static final int LIMIT = 4;

    @RegisterExtension
    static final WeChatRealmExtension realm = WeChatRealmExtension.named("failedcodelimit").with(r -> r
            .set("failedCodesPerIp", String.valueOf(LIMIT)).set("limitWindowSeconds", String.valueOf(LimitWindows.WINDOW_SECONDS)));

    private final WeChatSimulator wechat = realm.wechat();
    private final OAuth oauth = realm.oauth();

    @Test
    void refusedAndReplayedCodesFromOneAddressEndIn429WithoutAskingWeChat() throws InterruptedException {
        LimitWindows.awayFromTheEnd();
        String used = wechat.newCode(DEMO_APP_ID, "oLimitVictim_openid_ABCDEFGHIJ", null);
        assertThat(oauth.codeLogin(used).status()).isEqualTo(200);

        assertError(oauth.codeLogin("unknown-code-1"), 400, "invalid_grant");
        assertError(oauth.codeLogin(used), 400, "invalid_grant");
        assertError(oauth.codeLogin(used), 400, "invalid_grant");
        assertError(oauth.codeLogin("bad code with spaces"), 400, "invalid_request");
        int code2SessionCalls = wechat.calls(WeChatSimulator.JSCODE2SESSION);

        Http.Answer limited = oauth.codeLogin(wechat.newCode(DEMO_APP_ID, "oLimitVictim_openid_ABCDEFGHIJ", null));

        assertError(limited, 429, "temporarily_unavailable");
        assertThat(LimitWindows.retryAfter(limited)).isBetween(1L, (long) LimitWindows.WINDOW_SECONDS);
        assertThat(limited.raw().headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(wechat.calls(WeChatSimulator.JSCODE2SESSION)).as("WeChat is not called").isEqualTo(code2SessionCalls);
        assertThat(realm.events("LOGIN_ERROR", null, 1).get(0).getError())
                .isEqualTo("rate_limited");

        // the address is turned away before anything else: a client allowed on no provider, a provider that does not exist
        assertError(oauth.codeLogin(TestRealm.NOT_ALLOWED_CLIENT, "any-code", Map.of()), 429, "temporarily_unavailable");
        assertError(oauth.codeLogin(TestRealm.PUBLIC_CLIENT, "any-code", Map.of("idp", "no-such-provider")), 429,
                "temporarily_unavailable");
    }
}
