package dev.kcwechat.login;

import static dev.kcwechat.simulator.WeChatSimulator.DEMO_APP_ID;
import static dev.kcwechat.testing.OAuthErrors.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kcwechat.simulator.WeChatSimulator;
import dev.kcwechat.testing.Http;
import dev.kcwechat.testing.KeycloakAdmin;
import dev.kcwechat.testing.OAuth;
import dev.kcwechat.testing.TestRealm;
import dev.kcwechat.testing.WeChatRealmExtension;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A client that sends no {@code idp} gets its provider from the realm's WeChat providers, whose
 * list Keycloak keeps for a minute: what an admin changes still counts at once.
 */
class ProviderResolutionIT {

    private static final String SECOND_APP = "wx3000000000000001";
    private static final String SECRET = "30303030303030303030303030303030";

    @RegisterExtension
    static final WeChatRealmExtension realm = WeChatRealmExtension.named("resolution")
            .with(r -> r.set("allowedClients", TestRealm.PUBLIC_CLIENT));

    private final WeChatSimulator wechat = realm.wechat();
    private final KeycloakAdmin admin = realm.admin();
    private final OAuth oauth = realm.oauth();

    @Test
    void aProviderAddedAfterTheListWasKeptServesItsClientAtOnce() {
        assertThat(oauth.codeLogin(wechat.newCode(DEMO_APP_ID, "oBeforeNewIdp_openid_ABCDEFGHIJ", null)).status()).isEqualTo(200);
        wechat.registerApp(SECOND_APP, SECRET);
        ObjectNode second = Http.JSON.createObjectNode().put("alias", "wechat-added").put("providerId", "wechat-mini-program")
                .put("enabled", true).put("hideOnLogin", true);
        second.putObject("config").put("clientId", SECOND_APP).put("clientSecret", SECRET).put("apiBaseUrl", wechat.baseUrl())
                .put("allowedClients", TestRealm.CONFIDENTIAL_CLIENT);
        assertThat(admin.post(realm.path("/identity-provider/instances"), second).status()).isEqualTo(201);

        Http.Answer answer = oauth.codeLogin(TestRealm.CONFIDENTIAL_CLIENT, wechat.newCode(SECOND_APP, "oNewIdp_openid_ABCDEFGHIJKLMNO", null),
                Map.of("client_secret", TestRealm.CONFIDENTIAL_SECRET));

        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
    }

    @Test
    void aClientRemovedFromAProviderIsRefusedAtOnce() {
        assertThat(oauth.codeLogin(wechat.newCode(DEMO_APP_ID, "oBeforeRemoval_openid_ABCDEFGHI", null)).status()).isEqualTo(200);
        ObjectNode provider = (ObjectNode) admin.getJson(realm.path("/identity-provider/instances/" + TestRealm.IDP_ALIAS));
        ((ObjectNode) provider.get("config")).put("allowedClients", TestRealm.NOT_ALLOWED_CLIENT).put("clientSecret", WeChatSimulator.DEMO_APP_SECRET);
        assertThat(admin.put(realm.path("/identity-provider/instances/" + TestRealm.IDP_ALIAS), provider).status()).isEqualTo(204);
        try {
            assertError(oauth.codeLogin(wechat.newCode(DEMO_APP_ID, "oAfterRemoval_openid_ABCDEFGHIJ", null)), 400, "unauthorized_client");
        } finally {
            ((ObjectNode) provider.get("config")).put("allowedClients", TestRealm.PUBLIC_CLIENT);
            admin.put(realm.path("/identity-provider/instances/" + TestRealm.IDP_ALIAS), provider);
        }
    }
}
