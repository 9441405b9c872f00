package dev.kcwechat.login;

import static dev.kcwechat.testing.OAuthErrors.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kcwechat.simulator.WeChatSimulator;
import dev.kcwechat.testing.Http;
import dev.kcwechat.testing.Jwt;
import dev.kcwechat.testing.OAuth;
import dev.kcwechat.testing.TestRealm;
import dev.kcwechat.testing.WeChatRealmExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.keycloak.admin.client.resource.UsersResource;
import org.keycloak.representations.idm.FederatedIdentityRepresentation;

/**
 * {@code identityKey} with and without a unionid from WeChat, several mini-programs in one realm,
 * and the {@code idp} parameter that picks one of them.
 */
class IdentityKeyIT {

    private static final String REALM = "identitykey";
    private static final String DEFAULT_IDP = TestRealm.IDP_ALIAS;
    private static final String UNIONID_IDP = "wechat-unionid";
    private static final String OPENID_IDP = "wechat-openid";
    private static final String UNIONID_APP = "wx1111111111111111";
    private static final String OPENID_APP = "wx2222222222222222";
    private static final String SECRET = "11112222333344445555666677778888";

    @RegisterExtension
    static final WeChatRealmExtension realm = WeChatRealmExtension.named(REALM).with(r -> {
        r.simulator().registerApp(UNIONID_APP, SECRET).registerApp(OPENID_APP, SECRET);
        r.addIdentityProvider(UNIONID_IDP, UNIONID_APP, SECRET, TestRealm.PUBLIC_CLIENT)
                .addIdentityProvider(OPENID_IDP, OPENID_APP, SECRET, TestRealm.PUBLIC_CLIENT);
        r.idpConfig(UNIONID_IDP).put("identityKey", "unionid");
        r.idpConfig(OPENID_IDP).put("identityKey", "openid");
    });

    private final WeChatSimulator wechat = realm.wechat();
    private final UsersResource accounts = realm.resource().users();
    private final OAuth oauth = realm.oauth();

    @Test
    void clientAllowedOnSeveralProvidersMustNameOne() {
        Http.Answer answer = oauth.codeLogin(wechat.newCode(WeChatSimulator.DEMO_APP_ID, "oSeveral_openid_ABCDEFGHIJKLM", null));

        assertError(answer, 400, "invalid_request");
        assertThat(answer.json().get("error_description").asText()).contains("idp");
    }

    @Test
    void defaultKeyUsesTheUnionidWhenWeChatSendsOne() {
        FederatedIdentityRepresentation link = linkAfterLogin(DEFAULT_IDP,
                wechat.newCode(WeChatSimulator.DEMO_APP_ID, "oDefaultU_openid_ABCDEFGHIJKL", "uDefaultU_unionid_ABCDEFGHIJK"));

        assertThat(link.getUserId()).isEqualTo("uDefaultU_unionid_ABCDEFGHIJK");
    }

    @Test
    void defaultKeyFallsBackToTheOpenidWithoutUnionid() {
        FederatedIdentityRepresentation link = linkAfterLogin(DEFAULT_IDP,
                wechat.newCode(WeChatSimulator.DEMO_APP_ID, "oDefaultO_openid_ABCDEFGHIJKL", null));

        assertThat(link.getUserId()).isEqualTo("oDefaultO_openid_ABCDEFGHIJKL");
    }

    @Test
    void unionidKeyRefusesALoginWithoutUnionidAndCreatesNoUser() {
        int users = realm.userCount();

        Http.Answer answer = login(UNIONID_IDP, wechat.newCode(UNIONID_APP, "oNoUnionid_openid_ABCDEFGHIJK", null));

        assertError(answer, 403, "access_denied");
        assertThat(answer.json().get("error_description").asText()).contains("unionid");
        assertThat(realm.userCount()).isEqualTo(users);
    }

    @Test
    void unionidKeyUsesTheUnionid() {
        FederatedIdentityRepresentation link = linkAfterLogin(UNIONID_IDP, wechat.newCode(UNIONID_APP, "oUnionKey_openid_ABCDEFGHIJKLM",
                "uUnionKey_unionid_ABCDEFGHIJK"));

        assertThat(link.getUserId()).isEqualTo("uUnionKey_unionid_ABCDEFGHIJK");
    }

    @Test
    void openidKeyUsesTheOpenidEvenWithAUnionid() {
        FederatedIdentityRepresentation link = linkAfterLogin(OPENID_IDP, wechat.newCode(OPENID_APP, "oOpenidKey_openid_ABCDEFGHIJKL",
                "uOpenidKey_unionid_ABCDEFGHIJ"));

        assertThat(link.getUserId()).isEqualTo("oOpenidKey_openid_ABCDEFGHIJKL");
    }

    @Test
    void openidKeyWorksWithoutUnionid() {
        FederatedIdentityRepresentation link = linkAfterLogin(OPENID_IDP,
                wechat.newCode(OPENID_APP, "oOpenidOnly_openid_ABCDEFGHIJK", null));

        assertThat(link.getUserId()).isEqualTo("oOpenidOnly_openid_ABCDEFGHIJK");
    }

    @Test
    void oneUnionidThroughTwoMiniProgramsIsOneUserWithTwoLinks() {
        String unionid = "uTwoApps_unionid_ABCDEFGHIJKLM";
        Http.Answer first = login(DEFAULT_IDP, wechat.newCode(WeChatSimulator.DEMO_APP_ID, "oTwoApps_first_openid_ABCDEFG", unionid));
        Http.Answer second = login(UNIONID_IDP, wechat.newCode(UNIONID_APP, "oTwoApps_second_openid_ABCDEF", unionid));

        String sub = sub(first);
        assertThat(sub(second)).isEqualTo(sub);
        assertThat(new Jwt(second.json().get("access_token").asText()).claims().get("wechat_openid").asText())
                .as("the openid in the calling mini-program").isEqualTo("oTwoApps_second_openid_ABCDEF");
        assertThat(accounts.get(sub).getFederatedIdentity()).hasSize(2);
    }

    @Test
    void aUnionidIsLinkedToTheUserOfItsUnionidLinkNotToAnotherUserCarryingTheSameAttribute() {
        String unionid = "uMixedKeys_unionid_ABCDEFGHIJ";
        String byUnionid = sub(login(DEFAULT_IDP, wechat.newCode(WeChatSimulator.DEMO_APP_ID, "oMixedKeys_default_ABCDEFGHIJ", unionid)));
        String byOpenid = sub(login(OPENID_IDP, wechat.newCode(OPENID_APP, "oMixedKeys_openid_ABCDEFGHIJK", unionid)));

        String third = sub(login(UNIONID_IDP, wechat.newCode(UNIONID_APP, "oMixedKeys_unionidapp_ABCDEFG", unionid)));

        assertThat(byOpenid).as("identityKey=openid keeps a user per mini-program").isNotEqualTo(byUnionid);
        assertThat(third).isEqualTo(byUnionid);
    }

    @RepeatedTest(3)
    void concurrentFirstLoginsThroughTwoMiniProgramsGiveOneUser(RepetitionInfo repetition) throws Exception {
        String unionid = "uConcurrentTwoApps_unionid_AB" + repetition.getCurrentRepetition();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(10);
        java.util.List<java.util.concurrent.Future<Http.Answer>> answers = new java.util.ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String code = i % 2 == 0
                    ? wechat.newCode(WeChatSimulator.DEMO_APP_ID, "oConcurrentTwoApps_default_ABC", unionid)
                    : wechat.newCode(UNIONID_APP, "oConcurrentTwoApps_second_ABCD", unionid);
            String alias = i % 2 == 0 ? DEFAULT_IDP : UNIONID_IDP;
            answers.add(pool.submit(() -> login(alias, code)));
        }
        java.util.Set<String> subs = new java.util.HashSet<>();
        for (java.util.concurrent.Future<Http.Answer> answer : answers) {
            subs.add(sub(answer.get()));
        }
        pool.shutdown();

        assertThat(subs).hasSize(1);
        assertThat(accounts.get(subs.iterator().next()).getFederatedIdentity()).hasSize(2);
    }

    private Http.Answer login(String alias, String code) {
        return oauth.codeLogin(TestRealm.PUBLIC_CLIENT, code, Map.of("idp", alias));
    }

    /** The user's one link after that login. */
    private FederatedIdentityRepresentation linkAfterLogin(String alias, String code) {
        Http.Answer answer = login(alias, code);
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        List<FederatedIdentityRepresentation> links = accounts.get(sub(answer)).getFederatedIdentity();
        assertThat(links).hasSize(1);
        assertThat(links.get(0).getIdentityProvider()).isEqualTo(alias);
        return links.get(0);
    }

    private static String sub(Http.Answer answer) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        return new Jwt(answer.json().get("access_token").asText()).claims().get("sub").asText();
    }
}
