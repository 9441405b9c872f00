package dev.kcwechat.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kcwechat.simulator.WeChatSimulator;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
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
import org.keycloak.representations.idm.AuthenticatorConfigRepresentation;
import org.keycloak.representations.idm.IdentityProviderRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

/** Admin-API steps of the guardian-policy tests: the policy in a post-login flow, the policy's clock, birthdates. */
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

    /** A top-level flow {@code alias} of one REQUIRED wechat-guardian-policy with that config, as the IdP's post-login flow. */
    public void postLoginPolicy(String alias, Map<String, String> config) {
        flow(alias, List.of(), config);
        usePostLoginFlow(alias);
    }

    /** The realm's browser flow: the username-password form, then the guardian policy with that config. */
    public void browserPolicy(String alias, Map<String, String> config) {
        flow(alias, List.of("auth-username-password-form"), config);
        RealmRepresentation rep = new RealmRepresentation();
        rep.setBrowserFlow(alias);
        realm().update(rep);
    }

    /** A top-level flow of REQUIRED executions: those authenticators, then wechat-guardian-policy with that config. */
    private void flow(String alias, List<String> before, Map<String, String> config) {
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
        List<AuthenticationExecutionInfoRepresentation> executions = flows.getExecutions(alias);
        for (AuthenticationExecutionInfoRepresentation added : executions) {
            added.setRequirement("REQUIRED");
            flows.updateExecutions(alias, added);
        }
        AuthenticatorConfigRepresentation settings = new AuthenticatorConfigRepresentation();
        settings.setAlias(alias + "-settings");
        settings.setConfig(new HashMap<>(config));
        String policyExecution = executions.get(executions.size() - 1).getId();
        try (Response saved = flows.newExecutionConfig(policyExecution, settings)) {
            assertThat(saved.getStatus()).as(() -> saved.readEntity(String.class)).isEqualTo(201);
        }
    }

    /** The saved config of the flow's wechat-guardian-policy, as the admin API gives it back. */
    public Map<String, String> policyConfig(String alias) {
        return new LinkedHashMap<>(realm().flows().getAuthenticatorConfig(policyConfigId(alias)).getConfig());
    }

    /** Saves the flow's wechat-guardian-policy config as an admin does in the console (PUT of the whole config). */
    public void savePolicyConfig(String alias, Map<String, String> config) {
        AuthenticationManagementResource flows = realm().flows();
        String id = policyConfigId(alias);
        AuthenticatorConfigRepresentation rep = flows.getAuthenticatorConfig(id);
        rep.setConfig(new LinkedHashMap<>(config));
        flows.updateAuthenticatorConfig(id, rep);
    }

    /** The admin API's path (under {@code /admin/realms}) of the flow's wechat-guardian-policy config, for curl. */
    public String policyConfigPath(String alias) {
        return "/" + realm().toRepresentation().getRealm() + "/authentication/config/" + policyConfigId(alias);
    }

    /** The id of the flow's wechat-guardian-policy config. */
    private String policyConfigId(String alias) {
        for (AuthenticationExecutionInfoRepresentation execution : realm().flows().getExecutions(alias)) {
            if ("wechat-guardian-policy".equals(execution.getProviderId())) {
                return execution.getAuthenticationConfig();
            }
        }
        throw new IllegalStateException("no wechat-guardian-policy in the flow " + alias);
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
