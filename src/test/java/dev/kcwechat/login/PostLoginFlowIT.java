package dev.kcwechat.login;

import static dev.kcwechat.simulator.WeChatSimulator.DEMO_APP_ID;
import static dev.kcwechat.testing.OAuthErrors.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kcwechat.simulator.WeChatSimulator;
import dev.kcwechat.testing.Http;
import dev.kcwechat.testing.OAuth;
import dev.kcwechat.testing.TestRealm;
import dev.kcwechat.testing.WeChatRealmExtension;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.keycloak.admin.client.resource.AuthenticationManagementResource;
import org.keycloak.admin.client.resource.IdentityProviderResource;
import org.keycloak.representations.idm.AuthenticationExecutionInfoRepresentation;
import org.keycloak.representations.idm.AuthenticationFlowRepresentation;
import org.keycloak.representations.idm.IdentityProviderRepresentation;

/** The grant runs the identity provider's post-login flow without a browser: authenticators succeed, fail or need a form. */
class PostLoginFlowIT {

    @RegisterExtension
    static final WeChatRealmExtension realm = WeChatRealmExtension.named("postloginflow");

    private final WeChatSimulator wechat = realm.wechat();
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
        IdentityProviderResource resource = realm.resource().identityProviders().get(TestRealm.IDP_ALIAS);
        IdentityProviderRepresentation idp = resource.toRepresentation();
        idp.setPostBrokerLoginFlowAlias(alias);
        idp.getConfig().put("clientSecret", WeChatSimulator.DEMO_APP_SECRET);
        resource.update(idp);
    }

    /** A top-level flow of one REQUIRED execution of that authenticator. */
    private static void flow(String alias, String authenticator) {
        AuthenticationManagementResource flows = realm.resource().flows();
        AuthenticationFlowRepresentation flow = new AuthenticationFlowRepresentation();
        flow.setAlias(alias);
        flow.setProviderId("basic-flow");
        flow.setTopLevel(true);
        flow.setBuiltIn(false);
        flow.setDescription("test");
        try (Response created = flows.createFlow(flow)) {
            assertThat(created.getStatus()).isEqualTo(201);
        }
        flows.addExecution(alias, Map.of("provider", authenticator));
        AuthenticationExecutionInfoRepresentation added = flows.getExecutions(alias).get(0);
        added.setRequirement("REQUIRED");
        flows.updateExecutions(alias, added);
    }
}
