package dev.kcwechat.login;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kcwechat.simulator.WeChatSimulator;
import dev.kcwechat.testing.Http;
import dev.kcwechat.testing.Jwt;
import dev.kcwechat.testing.TestRealm;
import dev.kcwechat.testing.WeChatRealmExtension;
import jakarta.ws.rs.core.Response;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.keycloak.admin.client.CreatedResponseUtil;
import org.keycloak.representations.idm.FederatedIdentityRepresentation;
import org.keycloak.representations.idm.IdentityProviderRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

/**
 * A first login looks the same person up through the realm's other WeChat providers, whose list is
 * kept between logins (users.RealmProviders): a provider added since, or one removed and another
 * added (the realm's number of providers unchanged), is looked through at once, so the person keeps
 * one user.
 */
class FamilyProviderListIT {

    private static final String SECOND = "wechat-second";
    private static final String SECRET = "11112222333344445555666677778888";

    @RegisterExtension
    static final WeChatRealmExtension realm = WeChatRealmExtension.named("familylist").with(r ->
            r.addIdentityProvider(SECOND, "wx3333333333333333", SECRET, TestRealm.NOT_ALLOWED_CLIENT));

    private final WeChatSimulator wechat = realm.wechat();

    @Test
    void aProviderAddedSinceIsLookedThrough() {
        keepTheList("uKeptAdd1_unionid_ABCDEFGHIJKL");
        provider("wechat-added", "wx4444444444444444");
        String userId = userLinkedThrough("wechat-added", "uKeptAdd2_unionid_ABCDEFGHIJKL");

        assertThat(miniProgramLogin("oKeptAdd2_openid_ABCDEFGHIJKLM", "uKeptAdd2_unionid_ABCDEFGHIJKL")).as("one person, one user")
                .isEqualTo(userId);
    }

    @Test
    void aProviderRemovedAndAnotherAddedIsLookedThrough() {
        keepTheList("uKeptSwap1_unionid_ABCDEFGHIJK");
        realm.resource().identityProviders().get(SECOND).remove();
        provider("wechat-third", "wx5555555555555555");
        String userId = userLinkedThrough("wechat-third", "uKeptSwap2_unionid_ABCDEFGHIJK");

        assertThat(miniProgramLogin("oKeptSwap2_openid_ABCDEFGHIJKL", "uKeptSwap2_unionid_ABCDEFGHIJK")).as("one person, one user")
                .isEqualTo(userId);
    }

    /** A first login, which keeps the realm's provider list. */
    private void keepTheList(String unionid) {
        miniProgramLogin("o" + unionid.substring(1), unionid);
    }

    private String miniProgramLogin(String openid, String unionid) {
        Http.Answer answer = realm.oauth().codeLogin(wechat.newCode(WeChatSimulator.DEMO_APP_ID, openid, unionid));
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        return new Jwt(answer.json().get("access_token").asText()).claims().get("sub").asText();
    }

    /** A user made by an administrator and linked to that provider with that unionid, as a login through it would. */
    private static String userLinkedThrough(String alias, String unionid) {
        UserRepresentation user = new UserRepresentation();
        user.setUsername("linked-" + unionid.toLowerCase());
        user.setEnabled(true);
        String id;
        try (Response created = realm.resource().users().create(user)) {
            id = CreatedResponseUtil.getCreatedId(created);
        }
        FederatedIdentityRepresentation link = new FederatedIdentityRepresentation();
        link.setIdentityProvider(alias);
        link.setUserId(unionid);
        link.setUserName(unionid);
        try (Response linked = realm.resource().users().get(id).addFederatedIdentity(alias, link)) {
            assertThat(linked.getStatus()).as("linking").isEqualTo(204);
        }
        return id;
    }

    private void provider(String alias, String appId) {
        IdentityProviderRepresentation idp = new IdentityProviderRepresentation();
        idp.setAlias(alias);
        idp.setProviderId("wechat-mini-program");
        idp.setEnabled(true);
        idp.setConfig(new HashMap<>(Map.of("clientId", appId, "clientSecret", SECRET, "apiBaseUrl", wechat.baseUrl(),
                "allowedClients", TestRealm.NOT_ALLOWED_CLIENT)));
        try (Response created = realm.resource().identityProviders().create(idp)) {
            assertThat(created.getStatus()).as(() -> created.readEntity(String.class)).isEqualTo(201);
        }
    }
}
