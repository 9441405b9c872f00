package dev.kcwechat.login;

import static dev.kcwechat.simulator.WeChatSimulator.DEMO_APP_ID;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kcwechat.simulator.WeChatSimulator;
import dev.kcwechat.testing.Http;
import dev.kcwechat.testing.Jwt;
import dev.kcwechat.testing.OAuth;
import dev.kcwechat.testing.TestRealm;
import dev.kcwechat.testing.WeChatRealmExtension;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.keycloak.admin.client.resource.UsersResource;
import org.keycloak.representations.idm.EventRepresentation;
import org.keycloak.representations.idm.FederatedIdentityRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

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
    private final UsersResource accounts = realm.resource().users();
    private final OAuth oauth = realm.oauth();

    @Test
    void theUserKeepsItsSubAndItsLinkIsReKeyedOnceWithAnEvent() {
        String openid = "oBeforeBinding_openid_ABCDEFGHI";
        String unionid = "oAfterBinding_unionid_ABCDEFGHI";
        String sub = sub(login(TestRealm.IDP_ALIAS, wechat.newCode(DEMO_APP_ID, openid, null)));
        assertThat(link(sub).getUserId()).isEqualTo(openid);
        int users = realm.userCount();

        Http.Answer withUnionid = login(TestRealm.IDP_ALIAS, wechat.newCode(DEMO_APP_ID, openid, unionid));
        Http.Answer again = login(TestRealm.IDP_ALIAS, wechat.newCode(DEMO_APP_ID, openid, unionid));

        assertThat(sub(withUnionid)).isEqualTo(sub);
        assertThat(sub(again)).isEqualTo(sub);
        assertThat(realm.userCount()).as("no duplicate user").isEqualTo(users);
        List<FederatedIdentityRepresentation> links = accounts.get(sub).getFederatedIdentity();
        assertThat(links).hasSize(1);
        assertThat(links.get(0).getUserId()).isEqualTo(unionid);
        assertThat(new Jwt(withUnionid.json().get("access_token").asText()).claims().get("wechat_unionid").asText()).isEqualTo(unionid);
        List<EventRepresentation> rekeyed = realm.events("FEDERATED_IDENTITY_LINK", sub, null);
        assertThat(rekeyed).as("one event, for the one re-keying").hasSize(1);
        assertThat(rekeyed.get(0).getDetails().get("rekeyed_from_openid")).isEqualTo(openid);
        assertThat(rekeyed.get(0).getDetails().get("identity_provider_identity")).isEqualTo(unionid);
        assertThat(realm.events("REGISTER", sub, null)).hasSize(1);
    }

    @Test
    void anotherMiniProgramWithTheSameUnionidFindsTheReKeyedUser() {
        String unionid = "oSharedLater_unionid_ABCDEFGHIJ";
        String sub = sub(login(TestRealm.IDP_ALIAS, wechat.newCode(DEMO_APP_ID, "oFirstApp_openid_ABCDEFGHIJKLM", null)));
        sub(login(TestRealm.IDP_ALIAS, wechat.newCode(DEMO_APP_ID, "oFirstApp_openid_ABCDEFGHIJKLM", unionid)));

        String other = sub(login(OTHER_IDP, wechat.newCode(OTHER_APP, "oSecondApp_openid_ABCDEFGHIJKL", unionid)));

        assertThat(other).isEqualTo(sub);
        assertThat(accounts.get(sub).getFederatedIdentity()).hasSize(2);
    }

    @Test
    void aReKeyingIsRecordedEvenWhenTheLoginIsThenRefused() {
        String openid = "oDisabledLater_openid_ABCDEFGHI";
        String sub = sub(login(TestRealm.IDP_ALIAS, wechat.newCode(DEMO_APP_ID, openid, null)));
        UserRepresentation user = accounts.get(sub).toRepresentation();
        user.setEnabled(false);
        accounts.get(sub).update(user);

        Http.Answer refused = login(TestRealm.IDP_ALIAS, wechat.newCode(DEMO_APP_ID, openid, "oDisabledLater_unionid_ABCDEFGH"));

        assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
        assertThat(link(sub).getUserId()).isEqualTo("oDisabledLater_unionid_ABCDEFGH");
        assertThat(realm.events("FEDERATED_IDENTITY_LINK", sub, null)).hasSize(1);
    }

    private Http.Answer login(String alias, String code) {
        return oauth.codeLogin(TestRealm.PUBLIC_CLIENT, code, Map.of("idp", alias));
    }

    private FederatedIdentityRepresentation link(String sub) {
        return accounts.get(sub).getFederatedIdentity().get(0);
    }

    private static String sub(Http.Answer answer) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        return new Jwt(answer.json().get("access_token").asText()).claims().get("sub").asText();
    }

}
