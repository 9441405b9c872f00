package dev.kcwechat.login;

import static dev.kcwechat.simulator.WeChatSimulator.DEMO_APP_ID;
import static dev.kcwechat.testing.OAuthErrors.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kcwechat.simulator.WeChatSimulator;
import dev.kcwechat.testing.Http;
import dev.kcwechat.testing.KeycloakAdmin;
import dev.kcwechat.testing.OAuth;
import dev.kcwechat.testing.TestRealm;
import dev.kcwechat.testing.WeChatRealmExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The grant runs the identity provider's post-login flow without a browser: authenticators succeed, fail or need a form. */
class PostLoginFlowIT {

    @RegisterExtension
    static final WeChatRealmExtension realm = WeChatRealmExtension.named("postloginflow");

    private final WeChatSimulator wechat = realm.wechat();
    private final KeycloakAdmin admin = realm.admin();
    private final OAuth oauth = realm.oauth();

    @BeforeAll
    static void flows() {
        flow("wechat-allow", "allow-access-authenticator");
        flow("wechat-deny", "deny-access-authenticator");
    }

    @AfterEach
    void noFlow() {
        usePostLoginFlow("");
    }

    @Test
    void anAuthenticatorThatSucceedsLetsTheLoginThrough() {
        usePostLoginFlow("wechat-allow");

        Http.Answer answer = oauth.codeLogin(wechat.newCode(DEMO_APP_ID, "oAllowedByFlow_openid_ABCDEFGHI", null));

        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
    }

    @Test
    void anAuthenticatorThatFailsRefusesTheLoginAndLeavesNoUser() {
        usePostLoginFlow("wechat-deny");
        int users = realm.userCount();

        Http.Answer answer = oauth.codeLogin(wechat.newCode(DEMO_APP_ID, "oDeniedByFlow_openid_ABCDEFGHIJ", null));

        assertError(answer, 403, "access_denied");
        assertThat(realm.userCount()).as("the first login is undone").isEqualTo(users);
    }

    private void usePostLoginFlow(String alias) {
        String path = realm.path("/identity-provider/instances/" + TestRealm.IDP_ALIAS);
        ObjectNode idp = (ObjectNode) admin.getJson(path);
        idp.put("postBrokerLoginFlowAlias", alias);
        ((ObjectNode) idp.get("config")).put("clientSecret", WeChatSimulator.DEMO_APP_SECRET);
        assertThat(admin.put(path, idp).status()).isEqualTo(204);
    }

    /** A top-level flow of one REQUIRED execution of that authenticator. */
    private static void flow(String alias, String authenticator) {
        KeycloakAdmin admin = realm.admin();
        ObjectNode flow = Http.JSON.createObjectNode().put("alias", alias).put("providerId", "basic-flow")
                .put("topLevel", true).put("builtIn", false).put("description", "test");
        assertThat(admin.post(realm.path("/authentication/flows"), flow).status()).isEqualTo(201);
        ObjectNode execution = Http.JSON.createObjectNode().put("provider", authenticator);
        assertThat(admin.post(realm.path("/authentication/flows/" + alias + "/executions/execution"), execution).status()).isEqualTo(201);
        JsonNode added = admin.getJson(realm.path("/authentication/flows/" + alias + "/executions")).get(0);
        ObjectNode required = ((ObjectNode) added).put("requirement", "REQUIRED");
        assertThat(admin.put(realm.path("/authentication/flows/" + alias + "/executions"), required).status()).isEqualTo(204);
    }
}
