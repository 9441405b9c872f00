package dev.kcwechat.login;

import static dev.kcwechat.simulator.WeChatSimulator.DEMO_APP_ID;
import static dev.kcwechat.testing.OAuthErrors.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kcwechat.simulator.WeChatSimulator;
import dev.kcwechat.testing.Http;
import dev.kcwechat.testing.Jwt;
import dev.kcwechat.testing.OAuth;
import dev.kcwechat.testing.TestRealm;
import dev.kcwechat.testing.WeChatRealmExtension;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.ComponentRepresentation;
import org.keycloak.representations.idm.EventRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

/**
 * A first login commits its user and link in a transaction of its own; a login that fails after
 * that leaves no new user or link behind, and every failure is a LOGIN_ERROR event.
 */
class CleanFailureIT {

    private static final String REALM = "cleanfailure";
    private static final String SECOND_APP = "wx7878787878787878";
    private static final String SECOND_IDP = "wechat-second";
    private static final String SECRET = "78787878787878787878787878787878";
    /** A client whose ID tokens are to be encrypted with a key Keycloak cannot fetch: tokens fail after the user exists. */
    private static final String BROKEN_CLIENT = "broken-encryption";

    @RegisterExtension
    static final WeChatRealmExtension realm = WeChatRealmExtension.named(REALM).with(r -> {
        r.simulator().registerApp(SECOND_APP, SECRET);
        r.addIdentityProvider(SECOND_IDP, SECOND_APP, SECRET, TestRealm.PUBLIC_CLIENT);
        r.addClient(BROKEN_CLIENT, null);
        r.idpConfig(TestRealm.IDP_ALIAS).put("allowedClients", TestRealm.PUBLIC_CLIENT + "," + BROKEN_CLIENT);
        r.client(BROKEN_CLIENT).setAttributes(Map.of("id.token.encrypted.response.alg", "RSA-OAEP",
                "id.token.encrypted.response.enc", "A128GCM", "use.jwks.url", "true", "jwks.url", "http://127.0.0.1:9/no-keys-here"));
    });

    private final WeChatSimulator wechat = realm.wechat();
    private final RealmResource admin = realm.resource();
    private final OAuth oauth = realm.oauth();

    @Test
    void aDisabledUserFoundByUnionidGetsNoLinkFromTheRefusedLogin() {
        String unionid = "oDisabledUnion_unionid_ABCDEFGH";
        String sub = sub(login(TestRealm.IDP_ALIAS, TestRealm.PUBLIC_CLIENT, wechat.newCode(DEMO_APP_ID, "oDisabledA_openid_ABCDEFGHIJKL", unionid)));
        UserRepresentation user = admin.users().get(sub).toRepresentation();
        user.setEnabled(false);
        admin.users().get(sub).update(user);
        int users = realm.userCount();

        Http.Answer answer = login(SECOND_IDP, TestRealm.PUBLIC_CLIENT, wechat.newCode(SECOND_APP, "oDisabledB_openid_ABCDEFGHIJKL", unionid));

        assertError(answer, 400, "invalid_grant");
        assertThat(admin.users().get(sub).getFederatedIdentity()).as("no link for the second mini-program").hasSize(1);
        assertThat(realm.userCount()).isEqualTo(users);
        assertThat(lastLoginError().getError()).isEqualTo("user_disabled");
    }

    @Test
    void aLoginThatFailsAfterTheFirstLoginCommittedLeavesNoUserBehind() {
        int users = realm.userCount();
        int registrations = realm.events("REGISTER", null, 1000).size();
        String openid = "oBrokenTokens_openid_ABCDEFGHIJ";

        Http.Answer answer = oauth.codeLogin(BROKEN_CLIENT, wechat.newCode(DEMO_APP_ID, openid, null),
                Map.of("idp", TestRealm.IDP_ALIAS, "scope", "openid"));

        assertError(answer, 503, "temporarily_unavailable");
        assertThat(realm.userCount()).as("the created user was removed again").isEqualTo(users);
        assertThat(admin.users().search(null, null, null, null, null, "wechat", openid, null, null, null, true)).isEmpty();
        assertThat(realm.events("REGISTER", null, 1000)).as("no REGISTER for an undone user")
                .hasSize(registrations);
        assertThat(lastLoginError().getError()).isNotBlank();

        Http.Answer retry = login(TestRealm.IDP_ALIAS, TestRealm.PUBLIC_CLIENT, wechat.newCode(DEMO_APP_ID, openid, null));
        assertThat(retry.status()).as("the same WeChat user signs in fine with a working client").isEqualTo(200);
        assertThat(realm.userCount()).isEqualTo(users + 1);
    }

    @Test
    void aRealmWithoutAnAesKeyStillSignsInWithAFallbackKeyAndKeepsTheSessionKeySealed() {
        for (ComponentRepresentation component : admin.components().query(null, "org.keycloak.keys.KeyProvider")) {
            if ("aes-generated".equals(component.getProviderId())) {
                admin.components().component(component.getId()).remove();
            }
        }

        Http.Answer answer = login(TestRealm.IDP_ALIAS, TestRealm.PUBLIC_CLIENT, wechat.newCode(DEMO_APP_ID, "oNoAesKey_openid_ABCDEFGHIJKLM", null));

        String accessToken = answer.json().get("access_token").asText();
        assertThat(sub(answer)).isNotBlank();
        Http.Answer check = Http.get(oauth.wechat("session"), accessToken);
        assertThat(check.status()).as(check.toString()).isEqualTo(200);
        assertThat(check.json().get("valid").asBoolean()).isTrue();
    }

    private EventRepresentation lastLoginError() {
        return realm.events("LOGIN_ERROR", null, 1).get(0);
    }

    private Http.Answer login(String alias, String client, String code) {
        return oauth.codeLogin(client, code, Map.of("idp", alias));
    }

    private static String sub(Http.Answer answer) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        return new Jwt(answer.json().get("access_token").asText()).claims().get("sub").asText();
    }

}
