package dev.kcwechat.testing;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kcwechat.simulator.WeChatSimulator;
import java.util.List;

/**
 * A realm for one test class: a WeChat identity provider pointing at that class's simulator, the
 * public client {@value #PUBLIC_CLIENT} and the confidential client {@value #CONFIDENTIAL_CLIENT}
 * allowed on it, the {@code wechat} client scope with the claims mapper, events stored.
 */
public final class TestRealm {

    public static final String IDP_ALIAS = "wechat";
    public static final String PUBLIC_CLIENT = "mini-program";
    public static final String CONFIDENTIAL_CLIENT = "mini-program-backend";
    public static final String CONFIDENTIAL_SECRET = "backend-secret-for-tests";
    public static final String NOT_ALLOWED_CLIENT = "other-app";
    private static final List<String> DEFAULT_SCOPES = List.of("wechat", "basic", "profile", "phone", "roles", "web-origins", "acr");

    private final ObjectNode realm = Http.JSON.createObjectNode();
    private final WeChatSimulator simulator;

    private TestRealm(String name, WeChatSimulator simulator) {
        this.simulator = simulator;
        realm.put("realm", name).put("enabled", true).put("eventsEnabled", true).put("eventsExpiration", 3600);
        realm.putArray("eventsListeners").add("jboss-logging");
        realm.putObject("attributes").put("CreateDefaultClientScopes", "true");
        addIdentityProvider(IDP_ALIAS, WeChatSimulator.DEMO_APP_ID, WeChatSimulator.DEMO_APP_SECRET,
                PUBLIC_CLIENT + "," + CONFIDENTIAL_CLIENT);
        ObjectNode scope = realm.putArray("clientScopes").addObject()
                .put("name", "wechat").put("protocol", "openid-connect");
        scope.putObject("attributes").put("include.in.token.scope", "false");
        scope.putArray("protocolMappers").addObject()
                .put("name", "wechat ids").put("protocol", "openid-connect").put("protocolMapper", "oidc-wechat-claims-mapper")
                .putObject("config").put("access.token.claim", "true").put("id.token.claim", "true")
                .put("userinfo.token.claim", "true").put("introspection.token.claim", "true");
        addClient(PUBLIC_CLIENT, null);
        addClient(CONFIDENTIAL_CLIENT, CONFIDENTIAL_SECRET);
        addClient(NOT_ALLOWED_CLIENT, null);
    }

    public static TestRealm named(String name, WeChatSimulator simulator) {
        return new TestRealm(name, simulator);
    }

    public String name() {
        return realm.get("realm").asText();
    }

    /** The simulator the realm's identity providers talk to. */
    public WeChatSimulator simulator() {
        return simulator;
    }

    public ObjectNode representation() {
        return realm;
    }

    /** Config of the identity provider with that alias, to change before {@link #create}. */
    public ObjectNode idpConfig(String alias) {
        for (var idp : realm.withArray("identityProviders")) {
            if (alias.equals(idp.get("alias").asText())) {
                return (ObjectNode) idp.get("config");
            }
        }
        throw new IllegalArgumentException("No identity provider " + alias);
    }

    public TestRealm set(String idpConfigKey, String value) {
        idpConfig(IDP_ALIAS).put(idpConfigKey, value);
        return this;
    }

    public TestRealm addIdentityProvider(String alias, String appId, String secret, String allowedClients) {
        ObjectNode idp = realm.withArray("identityProviders").addObject()
                .put("alias", alias).put("providerId", "wechat-mini-program").put("enabled", true).put("hideOnLogin", true);
        idp.putObject("config")
                .put("clientId", appId).put("clientSecret", secret).put("apiBaseUrl", simulator.baseUrl())
                .put("allowedClients", allowedClients).put("connectTimeoutMs", "2000").put("readTimeoutMs", "2000")
                .put("syncMode", "IMPORT");
        return this;
    }

    /** The "WeChat phone number" mapper on that provider: numbers to {@code phoneNumber}, sync mode FORCE, that conflict policy. */
    public TestRealm addPhoneMapper(String alias, String conflict) {
        realm.withArray("identityProviderMappers").addObject()
                .put("name", "phone").put("identityProviderAlias", alias).put("identityProviderMapper", "wechat-phone-number-idp-mapper")
                .putObject("config").put("syncMode", "FORCE").put("attribute", "phoneNumber").put("conflict", conflict);
        return this;
    }

    public TestRealm addClient(String clientId, String secret) {
        ObjectNode client = realm.withArray("clients").addObject()
                .put("clientId", clientId).put("enabled", true).put("protocol", "openid-connect")
                .put("publicClient", secret == null).put("standardFlowEnabled", false)
                .put("directAccessGrantsEnabled", false);
        if (secret != null) {
            client.put("secret", secret).put("clientAuthenticatorType", "client-secret");
        }
        ArrayNode scopes = client.putArray("defaultClientScopes");
        DEFAULT_SCOPES.forEach(scopes::add);
        client.putArray("optionalClientScopes").add("offline_access").add("email");
        return this;
    }

    /** Creates the realm; its user profile lets admins see and edit unmanaged attributes. */
    public TestRealm create(KeycloakAdmin admin) {
        admin.createRealm(realm);
        ObjectNode profile = (ObjectNode) admin.getJson("/" + name() + "/users/profile");
        profile.put("unmanagedAttributePolicy", "ADMIN_EDIT");
        Http.Answer updated = admin.put("/" + name() + "/users/profile", profile);
        if (updated.status() != 200) {
            throw new IllegalStateException("Updating the user profile failed: " + updated);
        }
        return this;
    }
}
