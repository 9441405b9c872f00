package dev.kcwechat.cluster;

import static dev.kcwechat.simulator.WeChatSimulator.DEMO_APP_ID;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kcwechat.simulator.WeChatSimulator;
import dev.kcwechat.testing.Http;
import dev.kcwechat.testing.Jwt;
import dev.kcwechat.testing.KeycloakAdmin;
import dev.kcwechat.testing.OAuth;
import dev.kcwechat.testing.TestRealm;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.keycloak.admin.client.resource.UsersResource;

/** What the extension keeps in Keycloak's clustered stores works across two nodes on one database. */
@Tag("cluster")
class ClusterIT {

    private static final String REALM = "cluster";
    /** A mini-program of its own for the phone logins: no other test has had an access_token for it. */
    private static final String PHONE_IDP = "phone-app";
    private static final String PHONE_APP_ID = "wx5566778899aabbcc";
    private static final String PHONE_APP_SECRET = "5566778899aabbcc5566778899aabbcc";
    private static final String PHONE_CLIENT = "phone-mini-program";

    @RegisterExtension
    static final ClusterRealm realm = ClusterRealm.named(REALM).with(r -> {
        r.simulator().registerApp(PHONE_APP_ID, PHONE_APP_SECRET);
        r.addIdentityProvider(PHONE_IDP, PHONE_APP_ID, PHONE_APP_SECRET, PHONE_CLIENT).addPhoneMapper(PHONE_IDP, "reject")
                .addClient(PHONE_CLIENT, null);
    });

    private final WeChatSimulator wechat = realm.wechat();
    private final KeycloakAdmin admin = realm.cluster().admin();
    private final UsersResource accounts = admin.realm(REALM).users();
    private final OAuth onA = realm.on(realm.cluster().a());
    private final OAuth onB = realm.on(realm.cluster().b());

    @Test
    void aCodeUsedOnOneNodeIsRefusedOnTheOtherWithoutAskingWeChat() {
        String code = wechat.newCode(DEMO_APP_ID, "oReplay_openid_ABCDEFGHIJKLMNO", "uReplay_unionid_ABCDEFGHIJKLMN");
        assertThat(onA.codeLogin(code).status()).isEqualTo(200);
        int asked = wechat.calls(WeChatSimulator.JSCODE2SESSION);

        Http.Answer replay = onB.codeLogin(code);

        assertThat(replay.status()).as(replay.toString()).isEqualTo(400);
        assertThat(replay.json().get("error").asText()).isEqualTo("invalid_grant");
        assertThat(wechat.calls(WeChatSimulator.JSCODE2SESSION)).as("WeChat asked again").isEqualTo(asked);
    }

    @Test
    void twentyConcurrentFirstLoginsOfOneUnionidOverBothNodesGiveOneUser() throws Exception {
        int usersBefore = userCount();
        List<String> codes = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            codes.add(wechat.newCode(DEMO_APP_ID, "oRace_openid_ABCDEFGHIJKLMNOPQ", "uRace_unionid_ABCDEFGHIJKLMNOP"));
        }
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(codes.size());
        List<Future<Http.Answer>> answers = new ArrayList<>();
        for (int i = 0; i < codes.size(); i++) {
            OAuth node = i % 2 == 0 ? onA : onB;
            String code = codes.get(i);
            answers.add(pool.submit(() -> {
                start.await();
                return node.codeLogin(code);
            }));
        }
        start.countDown();

        Set<String> subs = new HashSet<>();
        for (Future<Http.Answer> future : answers) {
            Http.Answer answer = future.get();
            assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
            subs.add(sub(answer));
        }
        pool.shutdown();
        assertThat(subs).hasSize(1);
        assertThat(userCount()).isEqualTo(usersBefore + 1);
        assertThat(accounts.get(subs.iterator().next()).getFederatedIdentity()).hasSize(1);
    }

    @Test
    void twoHundredPhoneLoginsOverBothNodesFetchTheAccessTokenOnce() throws Exception {
        int fetchesBefore = tokenFetches();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Http.Answer>> answers = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            OAuth node = i % 2 == 0 ? onA : onB;
            String number = String.format("139%08d", i);
            String code = wechat.newCode(PHONE_APP_ID, String.format("oPhone_openid_%014d", i), String.format("uPhone_unionid_%014d", i));
            String phoneCode = wechat.newPhoneCode(PHONE_APP_ID, number, number, "86");
            answers.add(pool.submit(() -> node.codeLogin(PHONE_CLIENT, code, Map.of("phone_code", phoneCode))));
        }
        for (Future<Http.Answer> future : answers) {
            Http.Answer answer = future.get();
            assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
            assertThat(new Jwt(answer.json().get("access_token").asText()).claims().get("phone_number").asText()).startsWith("+86139");
        }
        pool.shutdown();
        assertThat(tokenFetches() - fetchesBefore).as("access_token fetches for 200 phone logins on two nodes").isEqualTo(1);
    }

    @Test
    void aSessionMadeOnOneNodeServesOpenDataAndTheWeChatSessionOnTheOther() throws Exception {
        String openid = "oOpenData_openid_ABCDEFGHIJKLM";
        Http.Answer login = onA.codeLogin(wechat.newCode(DEMO_APP_ID, openid, "uOpenData_unionid_ABCDEFGHIJKL"));
        String accessToken = login.json().get("access_token").asText();
        String sessionKey = wechat.currentSessionKey(DEMO_APP_ID, openid).orElseThrow();
        String plain = "{\"openId\":\"" + openid + "\",\"watermark\":{\"appid\":\"" + DEMO_APP_ID + "\",\"timestamp\":1700000000}}";

        Http.Answer decrypted = Http.postJson(onB.wechat("open-data/decrypt"), encrypt(plain, sessionKey), accessToken);
        Http.Answer session = Http.get(onB.wechat("session"), accessToken);

        assertThat(decrypted.status()).as(decrypted.toString()).isEqualTo(200);
        assertThat(decrypted.json().get("openId").asText()).isEqualTo(openid);
        assertThat(session.status()).as(session.toString()).isEqualTo(200);
        assertThat(session.json().get("valid").asBoolean()).isTrue();
    }

    @Test
    void aRefreshTokenFromOneNodeIsRefreshedOnTheOther() {
        Http.Answer login = onA.codeLogin(wechat.newCode(DEMO_APP_ID, "oRefresh_openid_ABCDEFGHIJKLMN", "uRefresh_unionid_ABCDEFGHIJKLM"));

        Http.Answer refreshed = onB.refresh(TestRealm.PUBLIC_CLIENT, login.json().get("refresh_token").asText());

        assertThat(refreshed.status()).as(refreshed.toString()).isEqualTo(200);
        assertThat(sub(refreshed)).isEqualTo(sub(login));
        assertThat(Http.get(onA.wechat("session"), refreshed.json().get("access_token").asText()).status()).isEqualTo(200);
    }

    private int tokenFetches() {
        return wechat.calls(WeChatSimulator.TOKEN) + wechat.calls(WeChatSimulator.STABLE_TOKEN);
    }

    @AfterEach
    void closeAdmin() {
        admin.close();
    }

    private int userCount() {
        return accounts.count();
    }

    private static String sub(Http.Answer answer) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        return new Jwt(answer.json().get("access_token").asText()).claims().get("sub").asText();
    }

    /** What WeChat does to open data: AES-128-CBC, PKCS#7, key = base64(session_key), a random iv. */
    private static Map<String, String> encrypt(String plain, String sessionKey) throws GeneralSecurityException {
        byte[] iv = new byte[16];
        new SecureRandom().nextBytes(iv);
        Cipher aes = Cipher.getInstance("AES/CBC/PKCS5Padding");
        aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(Base64.getDecoder().decode(sessionKey), "AES"), new IvParameterSpec(iv));
        byte[] encrypted = aes.doFinal(plain.getBytes(StandardCharsets.UTF_8));
        return Map.of("encryptedData", Base64.getEncoder().encodeToString(encrypted), "iv", Base64.getEncoder().encodeToString(iv));
    }
}
