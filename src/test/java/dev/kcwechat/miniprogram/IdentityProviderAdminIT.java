package dev.kcwechat.miniprogram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcwechat.simulator.WeChatSimulator;
import dev.kcwechat.testing.Http;
import dev.kcwechat.testing.KeycloakAdmin;
import dev.kcwechat.testing.TestEnvironment;
import dev.kcwechat.testing.TestRealm;
import dev.kcwechat.testing.WeChatRealmExtension;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.core.Response;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.keycloak.admin.client.resource.IdentityProviderResource;
import org.keycloak.admin.client.resource.IdentityProvidersResource;
import org.keycloak.representations.idm.IdentityProviderRepresentation;
import org.keycloak.representations.info.SpiInfoRepresentation;

/** The identity provider as a Keycloak admin sees it: admin API, validation, secrets, vault, server info. */
class IdentityProviderAdminIT {

    private static final String REALM = "idpadmin";
    private static final String VAULT_APP_ID = "wx3333333333333333";

    @RegisterExtension
    static final WeChatRealmExtension realm = WeChatRealmExtension.named(REALM)
            .with(r -> r.simulator().registerApp(VAULT_APP_ID, TestEnvironment.VAULT_SECRET));

    private final WeChatSimulator wechat = realm.wechat();
    private final KeycloakAdmin admin = realm.admin();
    private final IdentityProvidersResource idps = realm.resource().identityProviders();

    @Test
    void everyConfigKeyIsAnAdminConsoleFieldWithHelpText() {
        JsonNode factory;
        try (Response answer = idps.getIdentityProviders("wechat-mini-program")) {
            factory = KeycloakAdmin.json(answer);
        }

        List<String> names = StreamSupport.stream(factory.get("configProperties").spliterator(), false)
                .peek(p -> assertThat(p.get("helpText").asText()).isNotBlank())
                .map(p -> p.get("name").asText()).toList();
        assertThat(names).contains("apiBaseUrl", "identityKey", "allowedClients", "connectTimeoutMs", "readTimeoutMs",
                "accessTokenEndpoint", "phoneFailure", "riskCheck", "riskRankLimit", "riskAction", "riskFailure",
                "limitWindowSeconds", "failedCodesPerIp", "callsPerUser", "callsPerIp", "webTicketClients", "webTicketRequiresWebView", "emailConflict");
        assertThat(factory.get("name").asText()).isEqualTo("WeChat Mini Program");
    }

    @Test
    void appSecretIsMaskedByTheAdminApi() {
        IdentityProviderRepresentation idp = idps.get(TestRealm.IDP_ALIAS).toRepresentation();

        assertThat(idp.getConfig().get("clientSecret")).isEqualTo("**********");
        assertThat(Http.write(idp)).doesNotContain(WeChatSimulator.DEMO_APP_SECRET);
    }

    @ParameterizedTest(name = "{0}={1} is refused")
    @CsvSource(delimiter = '|', value = {
            "clientId|wx123|AppID",
            "clientId|ab0123456789abcdef|AppID",
            "apiBaseUrl|ftp://api.weixin.qq.com|URL",
            "apiBaseUrl|not a url|URL",
            "apiBaseUrl|http://api.weixin.qq.com|https",
            "apiBaseUrl|http://192.168.1.20:8080|https",
            "apiBaseUrl|https://attacker.example.com|api-hosts",
            "apiBaseUrl|https://10.0.0.8:8443/wx|api-hosts",
            "riskCheck|sometimes|riskCheck",
            "riskRankLimit|5|riskRankLimit",
            "riskAction|sms|riskAction",
            "riskFailure|retry|riskFailure",
            "limitWindowSeconds|0|limitWindowSeconds",
            "failedCodesPerIp|-3|failedCodesPerIp",
            "callsPerUser|many|callsPerUser",
            "connectTimeoutMs|0|connectTimeoutMs",
            "readTimeoutMs|ten|readTimeoutMs",
            "readTimeoutMs|600000|readTimeoutMs",
            "identityKey|email|identityKey",
            "accessTokenEndpoint|cgi-bin|accessTokenEndpoint",
            "phoneFailure|maybe|phoneFailure",
            "emailConflict|merge|emailConflict",
            "clientSecret|${vault.smtp-password}|${vault.idp.bad-clientsecret.<name>}",
            "clientSecret|${vault.idp.wechat.secret}|own vault keys",
            "clientSecret|${vault.idp.bad-clientsecret.}|own vault keys"})
    void badSettingsAreRefusedWithAMessageNamingTheSetting(String key, String value, String mentioned) {
        IdentityProviderRepresentation idp = newProvider("bad-" + key.toLowerCase());
        idp.getConfig().put(key, value);

        try (Response answer = idps.create(idp)) {
            assertThat(answer.getStatus()).isEqualTo(400);
            assertThat(KeycloakAdmin.json(answer).get("errorMessage").asText()).contains(mentioned);
        }
        assertThatThrownBy(() -> idps.get("bad-" + key.toLowerCase()).toRepresentation()).isInstanceOf(NotFoundException.class);
    }

    @Test
    void goodSettingsAreAccepted() {
        try (Response answer = idps.create(newProvider("good-one"))) {
            assertThat(answer.getStatus()).as(() -> answer.readEntity(String.class)).isEqualTo(201);
        }
    }

    @Test
    void appSecretFromTheVaultWorks() {
        TestRealm vaultRealm = TestRealm.named(TestEnvironment.VAULT_REALM, wechat);
        vaultRealm.idpConfig(TestRealm.IDP_ALIAS).put("clientId", VAULT_APP_ID);
        vaultRealm.idpConfig(TestRealm.IDP_ALIAS).put("clientSecret", "${vault." + TestEnvironment.VAULT_KEY + "}");
        vaultRealm.create(admin);

        Http.Answer answer = TestEnvironment.get().oauth(TestEnvironment.VAULT_REALM)
                .codeLogin(wechat.newCode(VAULT_APP_ID, "oVault_openid_ABCDEFGHIJKLMNO", null));

        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
    }

    @Test
    void serverInfoShowsTheExtensionVersion() {
        Map<String, SpiInfoRepresentation> providers = admin.keycloak().serverInfo().getInfo().getProviders();

        String expected = System.getProperty("project.version");
        assertThat(version(providers, "social", "wechat-mini-program")).isEqualTo(expected);
        assertThat(version(providers, "oauth2-grant-type", "urn:kcwechat:params:oauth:grant-type:mini-program-code")).isEqualTo(expected);
        assertThat(version(providers, "protocol-mapper", "oidc-wechat-claims-mapper")).isEqualTo(expected);
    }

    @Test
    void aPostLoginFlowWithAFormMakesTheLoginNeedInteractionInsteadOfBeingSkipped() {
        IdentityProviderResource resource = idps.get(TestRealm.IDP_ALIAS);
        IdentityProviderRepresentation idp = resource.toRepresentation();
        idp.setPostBrokerLoginFlowAlias("browser");
        resource.update(idp);
        try {
            Http.Answer answer = realm.oauth().codeLogin(wechat.newCode(WeChatSimulator.DEMO_APP_ID, "oPostFlow_openid_ABCDEFGHIJKL", null));

            assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
            assertThat(answer.json().get("error").asText()).isEqualTo("interaction_required");
        } finally {
            idp.setPostBrokerLoginFlowAlias("");
            resource.update(idp);
        }
        assertThat(realm.oauth().codeLogin(wechat.newCode(WeChatSimulator.DEMO_APP_ID, "oPostFlow_openid_ABCDEFGHIJKL", null))
                .status()).isEqualTo(200);
    }

    /** The version a provider of the extension reports in the server info. */
    private static String version(Map<String, SpiInfoRepresentation> providers, String spi, String provider) {
        return providers.get(spi).getProviders().get(provider).getOperationalInfo().get("version");
    }

    private static IdentityProviderRepresentation newProvider(String alias) {
        IdentityProviderRepresentation idp = new IdentityProviderRepresentation();
        idp.setAlias(alias);
        idp.setProviderId("wechat-mini-program");
        idp.setEnabled(true);
        idp.setConfig(new HashMap<>(Map.of("clientId", "wx4444444444444444", "clientSecret", "44445555666677778888999900001111",
                "apiBaseUrl", "https://api.weixin.qq.com", "identityKey", "unionid",
                "allowedClients", "mini-program", "connectTimeoutMs", "1000", "readTimeoutMs", "3000")));
        return idp;
    }
}
