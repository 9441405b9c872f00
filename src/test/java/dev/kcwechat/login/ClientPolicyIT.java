package dev.kcwechat.login;

import static dev.kcwechat.simulator.WeChatSimulator.DEMO_APP_ID;
import static dev.kcwechat.testing.OAuthErrors.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kcwechat.simulator.WeChatSimulator;
import dev.kcwechat.testing.ClientPolicyJson;
import dev.kcwechat.testing.Http;
import dev.kcwechat.testing.OAuth;
import dev.kcwechat.testing.TestRealm;
import dev.kcwechat.testing.WeChatRealmExtension;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.ClientPoliciesRepresentation;
import org.keycloak.representations.idm.ClientPolicyConditionRepresentation;
import org.keycloak.representations.idm.ClientPolicyExecutorRepresentation;
import org.keycloak.representations.idm.ClientPolicyRepresentation;
import org.keycloak.representations.idm.ClientProfileRepresentation;
import org.keycloak.representations.idm.ClientProfilesRepresentation;
import org.keycloak.representations.idm.EventRepresentation;

/** An admin's client policies apply to the code grant as to any token request, before WeChat is asked. */
class ClientPolicyIT {

    @RegisterExtension
    static final WeChatRealmExtension realm = WeChatRealmExtension.named("clientpolicy");

    private final WeChatSimulator wechat = realm.wechat();
    private final OAuth oauth = realm.oauth();

    @AfterEach
    void noPolicies() {
        setPolicy(null, null, null);
    }

    @Test
    void aRejectRequestPolicyOnConfidentialClientsRefusesTheirCodeLoginsOnly() {
        setPolicy("client-access-type", Http.JSON.createObjectNode().set("type", Http.JSON.valueToTree(List.of("confidential"))),
                "reject-request");
        int calls = wechat.calls(WeChatSimulator.JSCODE2SESSION);
        int users = realm.userCount();

        Http.Answer refused = oauth.codeLogin(TestRealm.CONFIDENTIAL_CLIENT, wechat.newCode(DEMO_APP_ID, "oPolicyRefused_openid_ABCDEFGHI", null),
                Map.of("client_secret", TestRealm.CONFIDENTIAL_SECRET));

        assertError(refused, 400, "invalid_request");
        assertThat(refused.json().get("error_description").asText()).isEqualTo("Request not allowed");
        assertThat(wechat.calls(WeChatSimulator.JSCODE2SESSION)).as("WeChat is not asked").isEqualTo(calls);
        assertThat(realm.userCount()).isEqualTo(users);
        EventRepresentation event = realm.events("LOGIN_ERROR", null, 1).get(0);
        assertThat(event.getDetails().get("client_policy_error")).isEqualTo("invalid_request");
        assertThat(oauth.codeLogin(wechat.newCode(DEMO_APP_ID, "oPolicyAllowed_openid_ABCDEFGHI", null)).status())
                .as("the public client is not concerned").isEqualTo(200);
    }

    @Test
    void aConfidentialClientPolicyRefusesThePublicMiniProgramClient() {
        setPolicy("any-client", Http.JSON.createObjectNode(), "confidential-client");

        Http.Answer refused = oauth.codeLogin(wechat.newCode(DEMO_APP_ID, "oPublicRefused_openid_ABCDEFGHI", null));
        Http.Answer confidential = oauth.codeLogin(TestRealm.CONFIDENTIAL_CLIENT,
                wechat.newCode(DEMO_APP_ID, "oConfidential_openid_ABCDEFGHIJ", null), Map.of("client_secret", TestRealm.CONFIDENTIAL_SECRET));

        assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
        assertThat(refused.json().get("error").asText()).isEqualTo("invalid_client");
        assertThat(confidential.status()).as(confidential.toString()).isEqualTo(200);
    }

    /** One realm policy with one condition and one executor; nulls remove every policy. */
    private void setPolicy(String condition, ObjectNode conditionConfig, String executor) {
        ClientProfilesRepresentation profiles = new ClientProfilesRepresentation();
        ClientPoliciesRepresentation policies = new ClientPoliciesRepresentation();
        if (executor != null) {
            ClientPolicyExecutorRepresentation executorRep = new ClientPolicyExecutorRepresentation();
            executorRep.setExecutorProviderId(executor);
            executorRep = ClientPolicyJson.withConfiguration(executorRep, Http.JSON.createObjectNode());
            ClientProfileRepresentation profile = new ClientProfileRepresentation();
            profile.setName("test-profile");
            profile.setExecutors(List.of(executorRep));
            profiles.setProfiles(List.of(profile));
            ClientPolicyConditionRepresentation conditionRep = new ClientPolicyConditionRepresentation();
            conditionRep.setConditionProviderId(condition);
            conditionRep = ClientPolicyJson.withConfiguration(conditionRep, conditionConfig);
            ClientPolicyRepresentation policy = new ClientPolicyRepresentation();
            policy.setName("test-policy");
            policy.setEnabled(true);
            policy.setConditions(List.of(conditionRep));
            policy.setProfiles(List.of("test-profile"));
            policies.setPolicies(List.of(policy));
        } else {
            profiles.setProfiles(List.of());
            policies.setPolicies(List.of());
        }
        // a policy names its profile: profiles go first when adding, policies first when removing
        RealmResource admin = realm.resource();
        if (executor != null) {
            admin.clientPoliciesProfilesResource().updateProfiles(profiles);
            admin.clientPoliciesPoliciesResource().updatePolicies(policies);
        } else {
            admin.clientPoliciesPoliciesResource().updatePolicies(policies);
            admin.clientPoliciesProfilesResource().updateProfiles(profiles);
        }
    }
}
