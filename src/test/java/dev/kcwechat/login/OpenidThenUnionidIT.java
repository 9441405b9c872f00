package dev.kcwechat.login;

import static dev.kcwechat.simulator.WeChatSimulator.DEMO_APP_ID;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kcwechat.simulator.WeChatSimulator;
import dev.kcwechat.testing.Http;
import dev.kcwechat.testing.Jwt;
import dev.kcwechat.testing.KeycloakAdmin;
import dev.kcwechat.testing.OAuth;
import dev.kcwechat.testing.TestRealm;
import dev.kcwechat.testing.WeChatRealmExtension;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A user created from an openid (the mini-program was not yet bound to an Open Platform account)
 * who later arrives with a unionid stays the same Keycloak user: the link is re-keyed once.
 */
class OpenidThenUnionidIT {

    private static final String OTHER_APP = "wx5656565656565656";
    private static final String OTHER_IDP = "wechat-other";

    @RegisterExtension
    static final WeChatRealmExtension realm = WeChatRealmExtension.named("openidthenunionid").with(r -> {
        r.simulator().registerApp(OTHER_APP, "efefefefefefefefefefefefefefefef");
        r.addIdentityProvider(OTHER_IDP, OTHER_APP, "efefefefefefefefefefefefefefefef", TestRealm.PUBLIC_CLIENT);
    });

    private final WeChatSimulator wechat = realm.wechat();
    private final KeycloakAdmin admin = realm.admin();
    private final OAuth oauth = realm.oauth();

    @Test
    void theUserKeepsItsSubAndItsLinkIsReKeyedOnceWithAnEvent() {
        String openid = "oBeforeBinding_openid_ABCDEFGHI";
        String unionid = "oAfterBinding_unionid_ABCDEFGHI";
        String sub = sub(login(TestRealm.IDP_ALIAS, wechat.newCode(DEMO_APP_ID, openid, null)));
        assertThat(link(sub).get("userId").asText()).isEqualTo(openid);
        int users = realm.userCount();

        Http.Answer withUnionid = login(TestRealm.IDP_ALIAS, wechat.newCode(DEMO_APP_ID, openid, unionid));
        Http.Answer again = login(TestRealm.IDP_ALIAS, wechat.newCode(DEMO_APP_ID, openid, unionid));

        assertThat(sub(withUnionid)).isEqualTo(sub);
        assertThat(sub(again)).isEqualTo(sub);
        assertThat(realm.userCount()).as("no duplicate user").isEqualTo(users);
        JsonNode links = admin.getJson(realm.path("/users/" + sub + "/federated-identity"));
        assertThat(links).hasSize(1);
        assertThat(links.get(0).get("userId").asText()).isEqualTo(unionid);
        assertThat(new Jwt(withUnionid.json().get("access_token").asText()).claims().get("wechat_unionid").asText()).isEqualTo(unionid);
        JsonNode rekeyed = admin.getJson(realm.path("/events?type=FEDERATED_IDENTITY_LINK&user=" + sub));
        assertThat(rekeyed).as("one event, for the one re-keying").hasSize(1);
        assertThat(rekeyed.get(0).get("details").get("rekeyed_from_openid").asText()).isEqualTo(openid);
        assertThat(rekeyed.get(0).get("details").get("identity_provider_identity").asText()).isEqualTo(unionid);
        assertThat(admin.getJson(realm.path("/events?type=REGISTER&user=" + sub))).hasSize(1);
    }

    @Test
    void anotherMiniProgramWithTheSameUnionidFindsTheReKeyedUser() {
        String unionid = "oSharedLater_unionid_ABCDEFGHIJ";
        String sub = sub(login(TestRealm.IDP_ALIAS, wechat.newCode(DEMO_APP_ID, "oFirstApp_openid_ABCDEFGHIJKLM", null)));
        sub(login(TestRealm.IDP_ALIAS, wechat.newCode(DEMO_APP_ID, "oFirstApp_openid_ABCDEFGHIJKLM", unionid)));

        String other = sub(login(OTHER_IDP, wechat.newCode(OTHER_APP, "oSecondApp_openid_ABCDEFGHIJKL", unionid)));

        assertThat(other).isEqualTo(sub);
        assertThat(admin.getJson(realm.path("/users/" + sub + "/federated-identity"))).hasSize(2);
    }

    @Test
    void aReKeyingIsRecordedEvenWhenTheLoginIsThenRefused() {
        String openid = "oDisabledLater_openid_ABCDEFGHI";
        String sub = sub(login(TestRealm.IDP_ALIAS, wechat.newCode(DEMO_APP_ID, openid, null)));
        ObjectNode user = (ObjectNode) admin.getJson(realm.path("/users/" + sub));
        assertThat(admin.put(realm.path("/users/" + sub), user.put("enabled", false)).status()).isEqualTo(204);

        Http.Answer refused = login(TestRealm.IDP_ALIAS, wechat.newCode(DEMO_APP_ID, openid, "oDisabledLater_unionid_ABCDEFGH"));

        assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
        assertThat(admin.getJson(realm.path("/users/" + sub + "/federated-identity")).get(0).get("userId").asText())
                .isEqualTo("oDisabledLater_unionid_ABCDEFGH");
        assertThat(admin.getJson(realm.path("/events?type=FEDERATED_IDENTITY_LINK&user=" + sub))).hasSize(1);
    }

    private Http.Answer login(String alias, String code) {
        return oauth.codeLogin(TestRealm.PUBLIC_CLIENT, code, Map.of("idp", alias));
    }

    private JsonNode link(String sub) {
        return admin.getJson(realm.path("/users/" + sub + "/federated-identity")).get(0);
    }

    private static String sub(Http.Answer answer) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        return new Jwt(answer.json().get("access_token").asText()).claims().get("sub").asText();
    }

}
