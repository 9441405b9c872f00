package dev.kcwechat.wechatapi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kcwechat.simulator.WeChatSimulator;
import dev.kcwechat.testing.Http;
import dev.kcwechat.testing.OAuth;
import dev.kcwechat.testing.TestRealm;
import dev.kcwechat.testing.WeChatRealmExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The shared WeChat access_token under a slow or failing WeChat: one fetch at a time, short bounded
 * waits instead of threads polling for seconds, fast failures during an outage, and one token for
 * every realm of the same mini-program.
 */
class AccessTokenSingleFlightIT {

    private static final String SECRET = "56565656565656565656565656565656";
    private static final String SLOW_IDP = "slow-token";
    private static final String SLOW_APP = "wx2000000000000001";
    private static final String OUTAGE_IDP = "outage-token";
    private static final String OUTAGE_APP = "wx2000000000000002";
    private static final String SHARED_IDP = "shared-token";
    private static final String SHARED_APP = "wx2000000000000003";
    private static final Duration SLOW = Duration.ofMillis(3000);

    @RegisterExtension
    static final WeChatRealmExtension realm = WeChatRealmExtension.named("tokenflight").with(r -> {
        for (String app : List.of(SLOW_APP, OUTAGE_APP, SHARED_APP)) {
            r.simulator().registerApp(app, SECRET);
        }
        r.addIdentityProvider(SLOW_IDP, SLOW_APP, SECRET, TestRealm.PUBLIC_CLIENT)
                .addIdentityProvider(OUTAGE_IDP, OUTAGE_APP, SECRET, TestRealm.PUBLIC_CLIENT)
                .addIdentityProvider(SHARED_IDP, SHARED_APP, SECRET, TestRealm.PUBLIC_CLIENT);
        r.idpConfig(SLOW_IDP).put("readTimeoutMs", "10000");
        r.idpConfig(SHARED_IDP).put("accessTokenEndpoint", "token");
    });

    private final WeChatSimulator wechat = realm.wechat();
    private final OAuth oauth = realm.oauth();

    @BeforeEach
    void clearFaults() {
        wechat.clearFaults();
    }

    @Test
    void whileOneCallerFetchesASlowTokenTheOthersAnswerWithinASecondOrSoInsteadOfWaitingForWeChat() throws Exception {
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            tokens.add(accessToken(SLOW_IDP, SLOW_APP, "oSlowToken" + i + "_openid_ABCDEFGHIJKLM"));
        }
        wechat.setLatency(WeChatSimulator.STABLE_TOKEN, SLOW);
        int fetches = wechat.calls(WeChatSimulator.STABLE_TOKEN);

        List<Timed> answers = concurrently(tokens);

        assertThat(wechat.calls(WeChatSimulator.STABLE_TOKEN) - fetches).as("one fetch").isEqualTo(1);
        List<Timed> served = answers.stream().filter(a -> a.answer().status() == 200).toList();
        List<Timed> refused = answers.stream().filter(a -> a.answer().status() != 200).toList();
        assertThat(served).as("the caller that fetched").hasSize(1);
        assertThat(served.get(0).millis()).isGreaterThanOrEqualTo(SLOW.toMillis());
        assertThat(refused).hasSize(tokens.size() - 1).allSatisfy(timed -> {
            assertThat(timed.answer().status()).as(timed.answer().toString()).isEqualTo(503);
            assertThat(timed.answer().json().get("error").asText()).isEqualTo("temporarily_unavailable");
            assertThat(timed.millis()).as("a waiter gives up after its bounded wait, not after WeChat").isLessThan(2500);
        });

        wechat.setLatency(WeChatSimulator.STABLE_TOKEN, Duration.ZERO);
        assertThat(Http.get(oauth.wechat("session"), tokens.get(1)).status()).as("the fetched token serves everyone").isEqualTo(200);
        assertThat(wechat.calls(WeChatSimulator.STABLE_TOKEN) - fetches).isEqualTo(1);
    }

    @Test
    void duringAnOutageCallersFailFastWithoutAskingWeChatAgainAndServiceResumesByItself() throws Exception {
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            tokens.add(accessToken(OUTAGE_IDP, OUTAGE_APP, "oOutage" + i + "_openid_ABCDEFGHIJKLMNO"));
        }
        wechat.failNext(WeChatSimulator.STABLE_TOKEN, 1000, -1);
        int fetches = wechat.calls(WeChatSimulator.STABLE_TOKEN);

        List<Timed> answers = concurrently(tokens);
        answers.addAll(concurrently(tokens));

        assertThat(answers).allSatisfy(timed -> {
            assertThat(timed.answer().status()).as(timed.answer().toString()).isEqualTo(503);
            assertThat(timed.millis()).isLessThan(2500);
        });
        assertThat(wechat.calls(WeChatSimulator.STABLE_TOKEN) - fetches).as("no thundering herd").isEqualTo(1);

        wechat.clearFaults();
        Thread.sleep(5500);
        assertThat(Http.get(oauth.wechat("session"), tokens.get(0)).status()).isEqualTo(200);
        assertThat(wechat.calls(WeChatSimulator.STABLE_TOKEN) - fetches).isEqualTo(2);
    }

    @Test
    void twoRealmsOfTheSameMiniProgramShareOneTokenRatherThanRetireEachOthers() {
        TestRealm second = TestRealm.named("tokenflight-second", wechat)
                .addIdentityProvider(SHARED_IDP, SHARED_APP, SECRET, TestRealm.PUBLIC_CLIENT);
        second.idpConfig(SHARED_IDP).put("accessTokenEndpoint", "token");
        second.create(realm.admin());
        OAuth secondOauth = new OAuth(realm.server().baseUrl(), second.name());
        String inFirst = accessToken(oauth, SHARED_IDP, SHARED_APP, "oSharedFirst_openid_ABCDEFGHIJK");
        String inSecond = accessToken(secondOauth, SHARED_IDP, SHARED_APP, "oSharedSecond_openid_ABCDEFGHIJ");
        int fetches = wechat.calls(WeChatSimulator.TOKEN);

        assertThat(Http.get(oauth.wechat("session"), inFirst).status()).isEqualTo(200);
        assertThat(Http.get(secondOauth.wechat("session"), inSecond).status()).isEqualTo(200);
        assertThat(Http.get(oauth.wechat("session"), inFirst).status()).isEqualTo(200);

        assertThat(wechat.calls(WeChatSimulator.TOKEN) - fetches)
                .as("cgi-bin/token retires the previous token at every call: one call for both realms").isEqualTo(1);
    }

    private record Timed(Http.Answer answer, long millis) {
    }

    private List<Timed> concurrently(List<String> accessTokens) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(accessTokens.size());
        try {
            List<Future<Timed>> futures = new ArrayList<>();
            for (String accessToken : accessTokens) {
                futures.add(pool.submit(() -> {
                    long start = System.nanoTime();
                    Http.Answer answer = Http.get(oauth.wechat("session"), accessToken);
                    return new Timed(answer, (System.nanoTime() - start) / 1_000_000);
                }));
            }
            List<Timed> answers = new ArrayList<>();
            for (Future<Timed> future : futures) {
                answers.add(future.get());
            }
            return answers;
        } finally {
            pool.shutdown();
        }
    }

    private String accessToken(String alias, String appId, String openid) {
        return accessToken(oauth, alias, appId, openid);
    }

    private String accessToken(OAuth realmOauth, String alias, String appId, String openid) {
        Http.Answer answer = realmOauth.codeLogin(TestRealm.PUBLIC_CLIENT, wechat.newCode(appId, openid, null), Map.of("idp", alias));
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        return answer.json().get("access_token").asText();
    }
}
