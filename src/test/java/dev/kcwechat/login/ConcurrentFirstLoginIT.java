package dev.kcwechat.login;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kcwechat.simulator.WeChatSimulator;
import dev.kcwechat.testing.Http;
import dev.kcwechat.testing.Jwt;
import dev.kcwechat.testing.OAuth;
import dev.kcwechat.testing.WeChatRealmExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A mini-program retrying or opening several pages at once sends several first logins together. */
class ConcurrentFirstLoginIT {

    private static final String REALM = "concurrent";
    private static final int LOGINS = 20;

    @RegisterExtension
    static final WeChatRealmExtension realm = WeChatRealmExtension.named(REALM);

    private final WeChatSimulator wechat = realm.wechat();
    private final OAuth oauth = realm.oauth();

    /** Repeated with a new user each time: the race has a different winner and timing every run. */
    @RepeatedTest(5)
    void twentyConcurrentFirstLoginsOfOneUnionidCreateExactlyOneUser(RepetitionInfo repetition) throws Exception {
        int usersBefore = realm.userCount();
        String unionid = "uConcurrent_unionid_ABCDEFGHI" + repetition.getCurrentRepetition();
        List<String> codes = new ArrayList<>();
        for (int i = 0; i < LOGINS; i++) {
            codes.add(wechat.newCode(WeChatSimulator.DEMO_APP_ID, "oConcurrent_openid_ABCDEFGHIJ" + repetition.getCurrentRepetition(),
                    unionid));
        }
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(LOGINS);
        List<Future<Http.Answer>> answers = new ArrayList<>();
        for (String code : codes) {
            answers.add(pool.submit(() -> {
                start.await();
                return oauth.codeLogin(code);
            }));
        }
        start.countDown();

        List<String> subs = new ArrayList<>();
        for (Future<Http.Answer> future : answers) {
            Http.Answer answer = future.get();
            assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
            subs.add(new Jwt(answer.json().get("access_token").asText()).claims().get("sub").asText());
        }
        pool.shutdown();

        assertThat(subs).hasSize(LOGINS).containsOnly(subs.get(0));
        assertThat(realm.userCount()).isEqualTo(usersBefore + 1);
        assertThat(realm.resource().users().get(subs.get(0)).getFederatedIdentity()).hasSize(1);
        assertThat(realm.events("REGISTER", subs.get(0), null)).hasSize(1);
    }
}
