package dev.kcwechat.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kcwechat.simulator.WeChatSimulator;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.keycloak.admin.client.resource.UserProfileResource;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.IdentityProviderMapperRepresentation;
import org.keycloak.representations.idm.IdentityProviderRepresentation;
import org.keycloak.representations.idm.ProtocolMapperRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.userprofile.config.UPConfig;
import org.keycloak.util.JsonSerialization;

/**
 * A realm for one test class, from {@code realms/test-realm.json}: a WeChat identity provider
 * pointing at that class's simulator, the public client {@value #PUBLIC_CLIENT} and the
 * confidential client {@value #CONFIDENTIAL_CLIENT} allowed on it, the {@code wechat} client scope
 * with the claims mapper, events stored.
 */
public final class TestRealm {

    public static final String IDP_ALIAS = "wechat";
    public static final String PUBLIC_CLIENT = "mini-program";
    public static final String CONFIDENTIAL_CLIENT = "mini-program-backend";
    public static final String CONFIDENTIAL_SECRET = "backend-secret-for-tests";
    public static final String NOT_ALLOWED_CLIENT = "other-app";
    private static final List<String> DEFAULT_SCOPES = List.of("wechat", "basic", "profile", "phone", "roles", "web-origins", "acr");
    /** Keycloak's JSON mapping, adding to lists and maps rather than replacing them (for {@link #merge}). */
    private static final ObjectMapper MERGING = JsonSerialization.createObjectMapperWithDefaults().setDefaultMergeable(true);

    private final RealmRepresentation realm;
    private final WeChatSimulator simulator;

    private TestRealm(RealmRepresentation realm, WeChatSimulator simulator) {
        this.realm = realm;
        this.simulator = simulator;
    }

    /** The base realm of {@code realms/test-realm.json}, named {@code name}, its provider on that simulator. */
    public static TestRealm named(String name, WeChatSimulator simulator) {
        TestRealm testRealm = new TestRealm(load("realms/test-realm.json"), simulator);
        testRealm.realm.setRealm(name);
        testRealm.idpConfig(IDP_ALIAS).put("apiBaseUrl", simulator.baseUrl());
        return testRealm;
    }

    /** A realm representation from a JSON file of the test resources. */
    private static RealmRepresentation load(String resource) {
        try (InputStream json = resource(resource)) {
            return JsonSerialization.readValue(json, RealmRepresentation.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Adds a scenario's realm JSON of the test resources to this realm: its clients, identity
     * providers and other lists after this realm's, its other settings over this realm's.
     */
    public TestRealm merge(String resource) {
        try (InputStream json = resource(resource)) {
            MERGING.readerForUpdating(realm).readValue(json);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream resource(String resource) {
        InputStream json = TestRealm.class.getClassLoader().getResourceAsStream(resource);
        if (json == null) {
            throw new IllegalArgumentException("No test resource " + resource);
        }
        return json;
    }

    public String name() {
        return realm.getRealm();
    }

    /** The simulator the realm's identity providers talk to. */
    public WeChatSimulator simulator() {
        return simulator;
    }

    public RealmRepresentation representation() {
        return realm;
    }

    /** Config of the identity provider with that alias, to change before {@link #create}. */
    public Map<String, String> idpConfig(String alias) {
        return realm.getIdentityProviders().stream().filter(idp -> alias.equals(idp.getAlias())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No identity provider " + alias)).getConfig();
    }

    /** The client with that clientId, to change before {@link #create}. */
    public ClientRepresentation client(String clientId) {
        return realm.getClients().stream().filter(client -> clientId.equals(client.getClientId())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No client " + clientId));
    }

    public TestRealm set(String idpConfigKey, String value) {
        idpConfig(IDP_ALIAS).put(idpConfigKey, value);
        return this;
    }

    public TestRealm addIdentityProvider(String alias, String appId, String secret, String allowedClients) {
        IdentityProviderRepresentation idp = new IdentityProviderRepresentation();
        idp.setAlias(alias);
        idp.setProviderId("wechat-mini-program");
        idp.setEnabled(true);
        idp.setHideOnLogin(true);
        idp.setConfig(new HashMap<>(Map.of("clientId", appId, "clientSecret", secret, "apiBaseUrl", simulator.baseUrl(),
                "allowedClients", allowedClients, "connectTimeoutMs", "2000", "readTimeoutMs", "2000", "syncMode", "IMPORT")));
        realm.addIdentityProvider(idp);
        return this;
    }

    /** The "WeChat phone number" mapper on that provider: numbers to {@code phoneNumber}, sync mode FORCE, that conflict policy. */
    public TestRealm addPhoneMapper(String alias, String conflict) {
        return addIdentityProviderMapper("phone", alias, "wechat-phone-number-idp-mapper",
                Map.of("syncMode", "FORCE", "attribute", "phoneNumber", "conflict", conflict));
    }

    /** A mapper of that type and config on the identity provider with that alias. */
    public TestRealm addIdentityProviderMapper(String name, String alias, String mapperType, Map<String, String> config) {
        IdentityProviderMapperRepresentation mapper = new IdentityProviderMapperRepresentation();
        mapper.setName(name);
        mapper.setIdentityProviderAlias(alias);
        mapper.setIdentityProviderMapper(mapperType);
        mapper.setConfig(new HashMap<>(config));
        realm.addIdentityProviderMapper(mapper);
        return this;
    }

    /** An openid-connect protocol mapper of that type and config, for a client or a client scope. */
    public static ProtocolMapperRepresentation protocolMapper(String name, String mapperType, Map<String, String> config) {
        ProtocolMapperRepresentation mapper = new ProtocolMapperRepresentation();
        mapper.setName(name);
        mapper.setProtocol("openid-connect");
        mapper.setProtocolMapper(mapperType);
        mapper.setConfig(new HashMap<>(config));
        return mapper;
    }

    public TestRealm addClient(String clientId, String secret) {
        ClientRepresentation client = new ClientRepresentation();
        client.setClientId(clientId);
        client.setEnabled(true);
        client.setProtocol("openid-connect");
        client.setPublicClient(secret == null);
        client.setStandardFlowEnabled(false);
        client.setDirectAccessGrantsEnabled(false);
        if (secret != null) {
            client.setSecret(secret);
            client.setClientAuthenticatorType("client-secret");
        }
        client.setDefaultClientScopes(new ArrayList<>(DEFAULT_SCOPES));
        client.setOptionalClientScopes(new ArrayList<>(List.of("offline_access", "email")));
        realm.getClients().add(client);
        return this;
    }

    /** A public client of the browser's standard flow with that redirect URI; {@link #client} to change it further. */
    public TestRealm addWebClient(String clientId, String redirectUri) {
        ClientRepresentation client = new ClientRepresentation();
        client.setClientId(clientId);
        client.setEnabled(true);
        client.setProtocol("openid-connect");
        client.setPublicClient(true);
        client.setStandardFlowEnabled(true);
        client.setRedirectUris(new ArrayList<>(List.of(redirectUri)));
        realm.getClients().add(client);
        return this;
    }

    /** Creates the realm; its user profile lets admins see and edit unmanaged attributes. */
    public TestRealm create(KeycloakAdmin admin) {
        admin.createRealm(realm);
        UserProfileResource userProfile = admin.realm(name()).users().userProfile();
        UPConfig profile = userProfile.getConfiguration();
        profile.setUnmanagedAttributePolicy(UPConfig.UnmanagedAttributePolicy.ADMIN_EDIT);
        userProfile.update(profile);
        return this;
    }
}
