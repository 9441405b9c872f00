package dev.kcwechat.login;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kcwechat.simulator.WeChatSimulator;
import dev.kcwechat.testing.Http;
import dev.kcwechat.testing.KeycloakServer;
import dev.kcwechat.testing.OAuth;
import dev.kcwechat.testing.TestEnvironment;
import dev.kcwechat.testing.TestRealm;
import dev.kcwechat.testing.WeChatRealmExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The server log (the extension logs at TRACE on the test server) holds no session_key, no
 * AppSecret and no stack trace of the extension, after logins that succeed and logins that fail
 * every way the grant knows.
 */
class ServerLogIT {

    private static final String REALM = "serverlog";
    private static final String WRONG_SECRET_IDP = "wrong-secret";
    private static final String WRONG_SECRET = "99998888777766665555444433332222";

    @RegisterExtension
    static final WeChatRealmExtension realm = WeChatRealmExtension.named(REALM).with(r -> {
        r.addIdentityProvider(WRONG_SECRET_IDP, WeChatSimulator.DEMO_APP_ID, WRONG_SECRET, TestRealm.CONFIDENTIAL_CLIENT);
        r.idpConfig(TestRealm.IDP_ALIAS).put("allowedClients", TestRealm.PUBLIC_CLIENT);
    });

    private final WeChatSimulator wechat = realm.wechat();
    private final KeycloakServer server = realm.server();
    private final OAuth oauth = realm.oauth();

    @Test
    void noSessionKeyAppSecretOrStackTraceReachesTheLog() {
        long start = server.logPosition();
        List<Http.Answer> answers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String code = wechat.newCode(WeChatSimulator.DEMO_APP_ID, "oLogCheck_openid_ABCDEFGHIJK" + i, i == 0 ? null : "uLogCheck_unionid_ABCDEFGHIJ" + i);
            Http.Answer answer = oauth.codeLogin(TestRealm.PUBLIC_CLIENT, code, Map.of("scope", "openid"));
            answers.add(answer);
            answers.add(oauth.refresh(TestRealm.PUBLIC_CLIENT, answer.json().get("refresh_token").asText()));
            answers.add(oauth.codeLogin(code));
        }
        answers.add(oauth.codeLogin(wechat.code(WeChatSimulator.DEMO_APP_ID).errcode(40226).issue()));
        answers.add(oauth.codeLogin(wechat.code(WeChatSimulator.DEMO_APP_ID).errcode(-1).issue()));
        answers.add(oauth.codeLogin(wechat.code(WeChatSimulator.DEMO_APP_ID).garbageBody().issue()));
        answers.add(oauth.codeLogin(wechat.code(WeChatSimulator.DEMO_APP_ID).latency(Duration.ofSeconds(3)).issue()));
        answers.add(oauth.codeLogin(TestRealm.CONFIDENTIAL_CLIENT, wechat.newCode(WeChatSimulator.DEMO_APP_ID,
                "oWrongSecret_openid_ABCDEFGHIJ", null), Map.of("client_secret", TestRealm.CONFIDENTIAL_SECRET)));

        String log = server.logSince(start);
        assertThat(log).as("the extension's trace log is on").contains("code2Session for AppID");
        assertThat(answers.get(answers.size() - 1).json().get("error").asText()).isEqualTo("temporarily_unavailable");
        assertThat(wechat.issuedSessionKeys()).hasSizeGreaterThanOrEqualTo(3);
        for (String sessionKey : wechat.issuedSessionKeys()) {
            assertThat(log).doesNotContain(sessionKey);
            answers.forEach(answer -> assertThat(answer.body()).doesNotContain(sessionKey));
        }
        assertThat(log).doesNotContain(WeChatSimulator.DEMO_APP_SECRET).doesNotContain(WRONG_SECRET);
        assertThat(log.lines().filter(line -> line.contains("at dev.kcwechat."))).isEmpty();
    }

    @Test
    void noSessionKeyOfTheWholeRunReachesTheLog() {
        WeChatSimulator demo = TestEnvironment.get().demoSimulator();
        String code = demo.newCode(WeChatSimulator.DEMO_APP_ID, "oWholeRun_openid_ABCDEFGHIJKL", "uWholeRun_unionid_ABCDEFGHIJK");
        assertThat(TestEnvironment.get().oauth("wechat-demo").codeLogin(code).status()).isEqualTo(200);

        assertThat(demo.issuedSessionKeys()).isNotEmpty();
        for (String sessionKey : demo.issuedSessionKeys()) {
            assertThat(server.log()).doesNotContain(sessionKey);
        }
        assertThat(server.log()).doesNotContain(TestEnvironment.VAULT_SECRET);
    }
}
