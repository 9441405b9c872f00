package dev.kcwechat.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kcwechat.simulator.WeChatSimulator;
import dev.kcwechat.testing.Http;
import dev.kcwechat.testing.OAuth;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * WeChat unreachable for 10 s under load: logins answer 503 temporarily_unavailable; when it is
 * back, a burst of phone logins on both nodes, whose access_token expired meanwhile, fetches one.
 */
@Tag("cluster")
class WeChatOutageIT {

    private static final String REALM = "wechat-outage";
    private static final String PHONE_IDP = "phone-app";
    private static final String PHONE_APP_ID = "wx6677889900aabbcc";
    private static final String PHONE_APP_SECRET = "6677889900aabbcc6677889900aabbcc";
    private static final String PHONE_CLIENT = "phone-mini-program";
    private static final Duration OUTAGE = Duration.ofSeconds(10);
    /** Shorter than the outage: the token the nodes share has expired when WeChat is back. */
    private static final Duration SHORT_TOKEN_LIFETIME = Duration.ofSeconds(4);
    private static final int BURST = 40;

    @RegisterExtension
    static final ClusterRealm realm = ClusterRealm.named(REALM).with(r -> {
        // the load comes from one address standing for many users: no per-address limit on failed logins here
        r.set("failedCodesPerIp", "0");
        r.simulator().registerApp(PHONE_APP_ID, PHONE_APP_SECRET);
        r.addIdentityProvider(PHONE_IDP, PHONE_APP_ID, PHONE_APP_SECRET, PHONE_CLIENT).addPhoneMapper(PHONE_IDP, "reject")
                .addClient(PHONE_CLIENT, null);
    });

    private final KeycloakCluster cluster = realm.cluster();
    private final WeChatSimulator wechat = realm.wechat();

    @Test
    void loginsAnswer503WhileWeChatIsUnreachableAndOneCallerFetchesTheExpiredAccessTokenAfterwards() throws Exception {
        wechat.setAccessTokenLifetime(SHORT_TOKEN_LIFETIME);
        assertThat(phoneLogins(2, "Warm", 0)).allSatisfy(answer -> assertThat(answer.status()).as(answer.toString()).isEqualTo(200));
        wechat.setAccessTokenLifetime(Duration.ofHours(2));
        LoginLoad load = LoginLoad.start(wechat, realm.failoverClient(), "Wx", 2);
        Thread.sleep(2000);

        long offlineAt = System.currentTimeMillis();
        wechat.goOffline();
        Thread.sleep(OUTAGE.toMillis());
        long onlineAt = System.currentTimeMillis();
        wechat.comeBackOnline();
        int fetchesBefore = wechat.calls(WeChatSimulator.STABLE_TOKEN) + wechat.calls(WeChatSimulator.TOKEN);
        List<Http.Answer> burst = phoneLogins(BURST, "Burst", 100);
        int fetches = wechat.calls(WeChatSimulator.STABLE_TOKEN) + wechat.calls(WeChatSimulator.TOKEN) - fetchesBefore;
        Thread.sleep(2000);
        List<LoginLoad.Login> logins = load.stop();

        List<LoginLoad.Login> sentWhileDown = logins.stream()
                .filter(login -> login.outcome().sentAtMillis() > offlineAt && login.outcome().atMillis() < onlineAt).toList();
        List<LoginLoad.Login> failed = logins.stream().filter(login -> !login.outcome().succeeded()).toList();
        long firstSuccessAfter = logins.stream().filter(login -> login.outcome().succeeded() && login.outcome().sentAtMillis() >= onlineAt)
                .mapToLong(login -> login.outcome().atMillis() - onlineAt).min().orElse(-1);
        System.out.printf("[cluster] WeChat unreachable %d s under load: %d logins, %d while unreachable, %d failed %s; first success "
                        + "%d ms after it was back (latencies: %s); then %d phone logins at once on both nodes: %d access_token fetch(es), %s%n",
                OUTAGE.toSeconds(), logins.size(), sentWhileDown.size(), failed.size(), load.tally().failures(),
                firstSuccessAfter, load.tally().latencySummary(), BURST, fetches,
                burst.stream().map(answer -> String.valueOf(answer.status())).collect(Collectors.groupingBy(s -> s, Collectors.counting())));

        assertThat(sentWhileDown).as("logins while WeChat was unreachable").hasSizeGreaterThan(10);
        assertThat(failed).as("failed logins").containsAll(sentWhileDown).allSatisfy(login -> {
            assertThat(login.outcome().status()).as(login.outcome().toString()).isEqualTo(503);
            assertThat(login.outcome().error()).isEqualTo("temporarily_unavailable");
        });
        assertThat(firstSuccessAfter).as("a login succeeded after WeChat was back").isNotNegative();
        assertThat(burst).allSatisfy(answer -> assertThat(answer.status()).as(answer.toString()).isEqualTo(200));
        assertThat(fetches).as("access_token fetches of %d phone logins at once on two nodes", BURST).isEqualTo(1);
        ClusterChecks.everyUserLinkedOnce(cluster, REALM, logins,
                failed.stream().filter(LoginLoad.Login::firstLogin).toList());
    }

    /** {@code count} first logins with phone numbers from {@code firstNumber} on, at once, alternating between the nodes. */
    private List<Http.Answer> phoneLogins(int count, String prefix, int firstNumber) throws Exception {
        List<OAuth> nodes = cluster.nodes().stream().map(realm::on).toList();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(count, 8));
        List<Future<Http.Answer>> answers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            OAuth node = nodes.get(i % nodes.size());
            String number = String.format("137%08d", firstNumber + i);
            String code = wechat.newCode(PHONE_APP_ID, String.format("o%s_openid_%017d", prefix, i), String.format("u%s_unionid_%017d", prefix, i));
            String phoneCode = wechat.newPhoneCode(PHONE_APP_ID, number, number, "86");
            answers.add(pool.submit(() -> {
                start.await();
                return node.codeLogin(PHONE_CLIENT, code, Map.of("phone_code", phoneCode));
            }));
        }
        start.countDown();
        List<Http.Answer> result = new ArrayList<>();
        for (Future<Http.Answer> answer : answers) {
            result.add(answer.get());
        }
        pool.shutdown();
        return result;
    }
}
