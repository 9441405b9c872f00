package dev.kcwechat.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kcwechat.simulator.WeChatSimulator;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.keycloak.admin.client.resource.AuthenticationManagementResource;
import org.keycloak.admin.client.resource.IdentityProviderResource;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.admin.client.resource.UserResource;
import org.keycloak.representations.idm.AuthenticationExecutionInfoRepresentation;
import org.keycloak.representations.idm.AuthenticationFlowRepresentation;
import org.keycloak.representations.idm.ClientPoliciesRepresentation;
import org.keycloak.representations.idm.ClientPolicyConditionRepresentation;
import org.keycloak.representations.idm.ClientPolicyExecutorRepresentation;
import org.keycloak.representations.idm.ClientPolicyRepresentation;
import org.keycloak.representations.idm.ClientProfileRepresentation;
import org.keycloak.representations.idm.ClientProfilesRepresentation;
import org.keycloak.representations.idm.IdentityProviderRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

/** Admin-API steps of the guardian-policy tests: the realm's policy (a client profile and policy), the step in a flow, the policy's clock, birthdates. */
public final class GuardianSetup {

    public static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    private final Supplier<RealmResource> realmOfRun;

    public GuardianSetup(WeChatRealmExtension realm) {
        this(realm::resource);
    }

    /** For a realm of the run's Keycloak that is not a test class's own, e.g. the imported demo realm. */
    public GuardianSetup(Supplier<RealmResource> realm) {
        this.realmOfRun = realm;
    }

    /** The client profile and client policy that hold and apply the realm's guardian policy, as the demo realm has them. */
    public static final String PROFILE = "wechat minors";

    /** A top-level flow {@code alias} of one REQUIRED wechat-guardian-policy, as the IdP's post-login flow; the realm's policy with that config. */
    public void postLoginPolicy(String alias, Map<String, String> config) {
        flow(alias, List.of());
        usePostLoginFlow(alias);
        policy(config);
    }

    /** The realm's browser flow: the username-password form, then the guardian policy; the realm's policy with that config. */
    public void browserPolicy(String alias, Map<String, String> config) {
        flow(alias, List.of("auth-username-password-form"));
        RealmRepresentation rep = new RealmRepresentation();
        rep.setBrowserFlow(alias);
        realm().update(rep);
        policy(config);
    }

    /**
     * The realm's guardian policy: the client profile {@value #PROFILE} with the wechat-guardian-policy
     * executor and that config, and the client policy {@value #PROFILE} that applies it to any client.
     */
    public void policy(Map<String, String> config) {
        savePolicyConfig(config);
        ClientPolicyConditionRepresentation anyClient = new ClientPolicyConditionRepresentation();
        anyClient.setConditionProviderId("any-client");
        anyClient = ClientPolicyJson.withConfiguration(anyClient, Http.JSON.createObjectNode());
        ClientPolicyRepresentation policy = new ClientPolicyRepresentation();
        policy.setName(PROFILE);
        policy.setEnabled(true);
        policy.setConditions(List.of(anyClient));
        policy.setProfiles(List.of(PROFILE));
        ClientPoliciesRepresentation policies = new ClientPoliciesRepresentation();
        policies.setPolicies(List.of(policy));
        realm().clientPoliciesPoliciesResource().updatePolicies(policies);
    }

    /** A top-level flow of REQUIRED executions: those authenticators, then wechat-guardian-policy (it has no settings of its own). */
    private void flow(String alias, List<String> before) {
        AuthenticationManagementResource flows = realm().flows();
        AuthenticationFlowRepresentation flow = new AuthenticationFlowRepresentation();
        flow.setAlias(alias);
        flow.setProviderId("basic-flow");
        flow.setTopLevel(true);
        flow.setBuiltIn(false);
        flow.setDescription("guardian policy");
        try (Response created = flows.createFlow(flow)) {
            assertThat(created.getStatus()).isEqualTo(201);
        }
        List<String> providers = new ArrayList<>(before);
        providers.add("wechat-guardian-policy");
        for (String provider : providers) {
            flows.addExecution(alias, Map.<String, Object>of("provider", provider));
        }
        for (AuthenticationExecutionInfoRepresentation added : flows.getExecutions(alias)) {
            added.setRequirement("REQUIRED");
            flows.updateExecutions(alias, added);
        }
    }

    /** The realm's guardian policy settings as the admin API gives them back (the executor's configuration). */
    public Map<String, String> policyConfig() {
        Map<String, String> values = new LinkedHashMap<>();
        for (ClientProfileRepresentation profile : realm().clientPoliciesProfilesResource().getProfiles(false).getProfiles()) {
            for (ClientPolicyExecutorRepresentation executor : profile.getExecutors()) {
                if ("wechat-guardian-policy".equals(executor.getExecutorProviderId())) {
                    ClientPolicyJson.configuration(executor).fields()
                            .forEachRemaining(field -> values.put(field.getKey(), field.getValue().asText()));
                }
            }
        }
        return values;
    }

    /** Saves the realm's guardian policy settings as an admin does in the console (the profile's executor, whole). */
    public void savePolicyConfig(Map<String, String> config) {
        ObjectNode configuration = Http.JSON.createObjectNode();
        config.forEach(configuration::put);
        ClientPolicyExecutorRepresentation executor = new ClientPolicyExecutorRepresentation();
        executor.setExecutorProviderId("wechat-guardian-policy");
        executor = ClientPolicyJson.withConfiguration(executor, configuration);
        ClientProfileRepresentation profile = new ClientProfileRepresentation();
        profile.setName(PROFILE);
        profile.setExecutors(List.of(executor));
        ClientProfilesRepresentation profiles = new ClientProfilesRepresentation();
        profiles.setProfiles(List.of(profile));
        realm().clientPoliciesProfilesResource().updateProfiles(profiles);
    }

    public void usePostLoginFlow(String alias) {
        IdentityProviderResource resource = realm().identityProviders().get(TestRealm.IDP_ALIAS);
        IdentityProviderRepresentation idp = resource.toRepresentation();
        idp.setPostBrokerLoginFlowAlias(alias);
        idp.getConfig().put("clientSecret", WeChatSimulator.DEMO_APP_SECRET);
        resource.update(idp);
    }

    /** The guardian policy's clock in this realm: that wall-clock time in Shanghai (null: the real time). */
    public void clock(LocalDateTime shanghaiTime) {
        RealmRepresentation rep = new RealmRepresentation();
        rep.setAttributes(Map.of("kcwechat.testClock",
                shanghaiTime == null ? "" : shanghaiTime.atZone(SHANGHAI).toInstant().toString()));
        realm().update(rep);
    }

    public void clock(Instant instant) {
        clock(LocalDateTime.ofInstant(instant, SHANGHAI));
    }

    public void birthdate(String userId, String birthdate) {
        UserResource resource = realm().users().get(userId);
        UserRepresentation user = resource.toRepresentation();
        user.singleAttribute("birthdate", birthdate);
        resource.update(user);
    }

    /** The user's active sessions. */
    public int sessions(String userId) {
        return realm().users().get(userId).getUserSessions().size();
    }

    private RealmResource realm() {
        return realmOfRun.get();
    }
}
