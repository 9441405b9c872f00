package dev.kcwechat.limits;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kcwechat.simulator.WeChatSimulator;
import dev.kcwechat.testing.Http;
import dev.kcwechat.testing.OAuth;
import dev.kcwechat.testing.WeChatRealmExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A burst of bogus codes from one address, many at a time: the refused-code slot is taken before
 * WeChat is asked, so no more than the limit reach WeChat (with the AppSecret), whatever the
 * concurrency; the rest are 429 at once.
 */
class RefusedCodeBurstIT {

    private static final int LIMIT = 5;
    private static final int CODES = 64;
    private static final int CONCURRENCY = 32;

    @RegisterExtension
    static final WeChatRealmExtension realm = WeChatRealmExtension.named("refusedcodeburst").with(r -> r
            .set("failedCodesPerIp", String.valueOf(LIMIT)).set("limitWindowSeconds", String.valueOf(LimitWindows.WINDOW_SECONDS)));

    private final WeChatSimulator wechat = realm.wechat();
    private final OAuth oauth = realm.oauth();

    @Test
    void aBurstOfBogusCodesSendsNoMoreThanTheLimitToWeChat() throws Exception {
        LimitWindows.awayFromTheEnd();
        int before = wechat.calls(WeChatSimulator.JSCODE2SESSION);
        ExecutorService clients = Executors.newFixedThreadPool(CONCURRENCY);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Http.Answer>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < CODES; i++) {
                String bogus = "bogus-code-" + i;
                answers.add(clients.submit(() -> {
                    start.await();
                    return oauth.codeLogin(bogus);
                }));
            }
            start.countDown();
            int refused = 0;
            int limited = 0;
            for (Future<Http.Answer> answer : answers) {
                int status = answer.get().status();
                if (status == 400) {
                    refused++;
                } else if (status == 429) {
                    limited++;
                }
            }

            assertThat(wechat.calls(WeChatSimulator.JSCODE2SESSION) - before).as("codes that reached WeChat").isLessThanOrEqualTo(LIMIT);
            assertThat(refused).as("refused by WeChat").isLessThanOrEqualTo(LIMIT);
            assertThat(refused + limited).as("every request answered 400 or 429").isEqualTo(CODES);
        } finally {
            clients.shutdownNow();
        }
    }
}
