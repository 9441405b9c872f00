package dev.kcwechat.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kcwechat.simulator.WeChatSimulator;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** Admin-API steps of the guardian-policy tests: the policy in a post-login flow, the policy's clock, birthdates. */
public final class GuardianSetup {

    public static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    private final Supplier<KeycloakAdmin> adminOfRun;
    private final String realmName;

    public GuardianSetup(WeChatRealmExtension realm) {
        this(realm::admin, realm.name());
    }

    /** For a realm of the run's Keycloak that is not a test class's own, e.g. the imported demo realm. */
    public GuardianSetup(Supplier<KeycloakAdmin> admin, String realmName) {
        this.adminOfRun = admin;
        this.realmName = realmName;
    }

    /** A top-level flow {@code alias} of one REQUIRED wechat-guardian-policy with that config, as the IdP's post-login flow. */
    public void postLoginPolicy(String alias, Map<String, String> config) {
        flow(alias, List.of(), config);
        usePostLoginFlow(alias);
    }

    /** The realm's browser flow: the username-password form, then the guardian policy with that config. */
    public void browserPolicy(String alias, Map<String, String> config) {
        flow(alias, List.of("auth-username-password-form"), config);
        ObjectNode rep = Http.JSON.createObjectNode().put("browserFlow", alias);
        assertThat(admin().put(path(""), rep).status()).isEqualTo(204);
    }

    /** A top-level flow of REQUIRED executions: those authenticators, then wechat-guardian-policy with that config. */
    private void flow(String alias, List<String> before, Map<String, String> config) {
        KeycloakAdmin admin = admin();
        ObjectNode flow = Http.JSON.createObjectNode().put("alias", alias).put("providerId", "basic-flow")
                .put("topLevel", true).put("builtIn", false).put("description", "guardian policy");
        assertThat(admin.post(path("/authentication/flows"), flow).status()).isEqualTo(201);
        List<String> providers = new ArrayList<>(before);
        providers.add("wechat-guardian-policy");
        for (String provider : providers) {
            ObjectNode execution = Http.JSON.createObjectNode().put("provider", provider);
            assertThat(admin.post(path("/authentication/flows/" + alias + "/executions/execution"), execution).status()).isEqualTo(201);
        }
        JsonNode executions = admin.getJson(path("/authentication/flows/" + alias + "/executions"));
        for (JsonNode added : executions) {
            ((ObjectNode) added).put("requirement", "REQUIRED");
            assertThat(admin.put(path("/authentication/flows/" + alias + "/executions"), added).status()).isEqualTo(204);
        }
        ObjectNode settings = Http.JSON.createObjectNode().put("alias", alias + "-settings");
        config.forEach(settings.putObject("config")::put);
        String policyExecution = executions.get(executions.size() - 1).get("id").asText();
        Http.Answer saved = admin.post(path("/authentication/executions/" + policyExecution + "/config"), settings);
        assertThat(saved.status()).as(saved.toString()).isEqualTo(201);
    }

    /** The saved config of the flow's wechat-guardian-policy, as the admin API gives it back. */
    public Map<String, String> policyConfig(String alias) {
        JsonNode config = admin().getJson(policyConfigPath(alias)).path("config");
        Map<String, String> values = new LinkedHashMap<>();
        config.fields().forEachRemaining(entry -> values.put(entry.getKey(), entry.getValue().asText()));
        return values;
    }

    /** Saves the flow's wechat-guardian-policy config as an admin does in the console (PUT of the whole config). */
    public void savePolicyConfig(String alias, Map<String, String> config) {
        KeycloakAdmin admin = admin();
        String path = policyConfigPath(alias);
        ObjectNode rep = (ObjectNode) admin.getJson(path);
        ObjectNode values = rep.putObject("config");
        config.forEach(values::put);
        Http.Answer saved = admin.put(path, rep);
        assertThat(saved.status()).as(saved.toString()).isEqualTo(204);
    }

    /** The admin API's path (under {@code /admin/realms}) of the flow's wechat-guardian-policy config. */
    public String policyConfigPath(String alias) {
        for (JsonNode execution : admin().getJson(path("/authentication/flows/" + alias.replace(" ", "%20") + "/executions"))) {
            if ("wechat-guardian-policy".equals(execution.path("providerId").asText())) {
                return path("/authentication/config/" + execution.get("authenticationConfig").asText());
            }
        }
        throw new IllegalStateException("no wechat-guardian-policy in the flow " + alias);
    }

    public void usePostLoginFlow(String alias) {
        KeycloakAdmin admin = admin();
        String path = path("/identity-provider/instances/" + TestRealm.IDP_ALIAS);
        ObjectNode idp = (ObjectNode) admin.getJson(path);
        idp.put("postBrokerLoginFlowAlias", alias);
        ((ObjectNode) idp.get("config")).put("clientSecret", WeChatSimulator.DEMO_APP_SECRET);
        assertThat(admin.put(path, idp).status()).isEqualTo(204);
    }

    /** The guardian policy's clock in this realm: that wall-clock time in Shanghai (null: the real time). */
    public void clock(LocalDateTime shanghaiTime) {
        KeycloakAdmin admin = admin();
        ObjectNode rep = Http.JSON.createObjectNode();
        rep.putObject("attributes").put("kcwechat.testClock",
                shanghaiTime == null ? "" : shanghaiTime.atZone(SHANGHAI).toInstant().toString());
        assertThat(admin.put(path(""), rep).status()).isEqualTo(204);
    }

    public void clock(Instant instant) {
        clock(LocalDateTime.ofInstant(instant, SHANGHAI));
    }

    public void birthdate(String userId, String birthdate) {
        KeycloakAdmin admin = admin();
        ObjectNode user = (ObjectNode) admin.getJson(path("/users/" + userId));
        user.with("attributes").putArray("birthdate").add(birthdate);
        assertThat(admin.put(path("/users/" + userId), user).status()).isEqualTo(204);
    }

    /** The user's active sessions. */
    public int sessions(String userId) {
        KeycloakAdmin admin = admin();
        JsonNode sessions = admin.getJson(path("/users/" + userId + "/sessions"));
        return sessions.size();
    }

    private KeycloakAdmin admin() {
        return adminOfRun.get();
    }

    private String path(String path) {
        return "/" + realmName + path;
    }
}
