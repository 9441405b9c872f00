package dev.kcwechat.miniprogram;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kcwechat.simulator.WeChatSimulator;
import dev.kcwechat.testing.Http;
import dev.kcwechat.testing.KeycloakAdmin;
import dev.kcwechat.testing.TestEnvironment;
import dev.kcwechat.testing.TestRealm;
import dev.kcwechat.testing.WeChatRealmExtension;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The identity provider as a Keycloak admin sees it: admin API, validation, secrets, vault, server info. */
class IdentityProviderAdminIT {

    private static final String REALM = "idpadmin";
    private static final String VAULT_APP_ID = "wx3333333333333333";

    @RegisterExtension
    static final WeChatRealmExtension realm = WeChatRealmExtension.named(REALM)
            .with(r -> r.simulator().registerApp(VAULT_APP_ID, TestEnvironment.VAULT_SECRET));

    private final WeChatSimulator wechat = realm.wechat();
    private final KeycloakAdmin admin = realm.admin();

    @Test
    void everyConfigKeyIsAnAdminConsoleFieldWithHelpText() {
        JsonNode factory = admin.getJson("/" + REALM + "/identity-provider/providers/wechat-mini-program");

        List<String> names = StreamSupport.stream(factory.get("configProperties").spliterator(), false)
                .peek(p -> assertThat(p.get("helpText").asText()).isNotBlank())
                .map(p -> p.get("name").asText()).toList();
        assertThat(names).contains("apiBaseUrl", "identityKey", "allowedClients", "connectTimeoutMs", "readTimeoutMs",
                "accessTokenEndpoint", "phoneFailure", "riskCheck", "riskRankLimit", "riskAction", "riskFailure",
                "limitWindowSeconds", "failedCodesPerIp", "callsPerUser", "callsPerIp");
        assertThat(factory.get("name").asText()).isEqualTo("WeChat Mini Program");
    }

    @Test
    void appSecretIsMaskedByTheAdminApi() {
        JsonNode idp = admin.getJson("/" + REALM + "/identity-provider/instances/" + TestRealm.IDP_ALIAS);

        assertThat(idp.get("config").get("clientSecret").asText()).isEqualTo("**********");
        assertThat(idp.toString()).doesNotContain(WeChatSimulator.DEMO_APP_SECRET);
    }

    @ParameterizedTest(name = "{0}={1} is refused")
    @CsvSource(delimiter = '|', value = {
            "clientId|wx123|AppID",
            "clientId|ab0123456789abcdef|AppID",
            "apiBaseUrl|ftp://api.weixin.qq.com|URL",
            "apiBaseUrl|not a url|URL",
            "apiBaseUrl|http://api.weixin.qq.com|https",
            "apiBaseUrl|http://192.168.1.20:8080|https",
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
            "phoneFailure|maybe|phoneFailure"})
    void badSettingsAreRefusedWithAMessageNamingTheSetting(String key, String value, String mentioned) {
        ObjectNode idp = newProvider("bad-" + key.toLowerCase());
        ((ObjectNode) idp.get("config")).put(key, value);

        Http.Answer answer = admin.post("/" + REALM + "/identity-provider/instances", idp);

        assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
        assertThat(answer.json().get("errorMessage").asText()).contains(mentioned);
        assertThat(admin.get("/" + REALM + "/identity-provider/instances/bad-" + key.toLowerCase()).status()).isEqualTo(404);
    }

    @Test
    void goodSettingsAreAccepted() {
        Http.Answer answer = admin.post("/" + REALM + "/identity-provider/instances", newProvider("good-one"));

        assertThat(answer.status()).as(answer.toString()).isEqualTo(201);
    }

    @Test
    void appSecretFromTheVaultWorks() {
        TestRealm vaultRealm = TestRealm.named(TestEnvironment.VAULT_REALM, wechat);
        vaultRealm.idpConfig(TestRealm.IDP_ALIAS).put("clientId", VAULT_APP_ID)
                .put("clientSecret", "${vault." + TestEnvironment.VAULT_KEY + "}");
        vaultRealm.create(admin);

        Http.Answer answer = TestEnvironment.get().oauth(TestEnvironment.VAULT_REALM)
                .codeLogin(wechat.newCode(VAULT_APP_ID, "oVault_openid_ABCDEFGHIJKLMNO", null));

        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
    }

    @Test
    void serverInfoShowsTheExtensionVersion() {
        JsonNode providers = admin.serverInfo().get("providers");

        String expected = System.getProperty("project.version");
        assertThat(providers.at("/social/providers/wechat-mini-program/operationalInfo/version").asText()).isEqualTo(expected);
        assertThat(providers.at("/oauth2-grant-type/providers/urn:kcwechat:params:oauth:grant-type:mini-program-code"
                + "/operationalInfo/version").asText()).isEqualTo(expected);
        assertThat(providers.at("/protocol-mapper/providers/oidc-wechat-claims-mapper/operationalInfo/version").asText())
                .isEqualTo(expected);
    }

    @Test
    void aPostLoginFlowWithAFormMakesTheLoginNeedInteractionInsteadOfBeingSkipped() {
        String path = "/" + REALM + "/identity-provider/instances/" + TestRealm.IDP_ALIAS;
        ObjectNode idp = (ObjectNode) admin.getJson(path);
        idp.put("postBrokerLoginFlowAlias", "browser");
        assertThat(admin.put(path, idp).status()).isEqualTo(204);
        try {
            Http.Answer answer = realm.oauth().codeLogin(wechat.newCode(WeChatSimulator.DEMO_APP_ID, "oPostFlow_openid_ABCDEFGHIJKL", null));

            assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
            assertThat(answer.json().get("error").asText()).isEqualTo("interaction_required");
        } finally {
            idp.put("postBrokerLoginFlowAlias", "");
            assertThat(admin.put(path, idp).status()).isEqualTo(204);
        }
        assertThat(realm.oauth().codeLogin(wechat.newCode(WeChatSimulator.DEMO_APP_ID, "oPostFlow_openid_ABCDEFGHIJKL", null))
                .status()).isEqualTo(200);
    }

    private static ObjectNode newProvider(String alias) {
        ObjectNode idp = Http.JSON.createObjectNode()
                .put("alias", alias).put("providerId", "wechat-mini-program").put("enabled", true);
        idp.putObject("config")
                .put("clientId", "wx4444444444444444").put("clientSecret", "44445555666677778888999900001111")
                .put("apiBaseUrl", "https://api.weixin.qq.com").put("identityKey", "unionid")
                .put("allowedClients", "mini-program").put("connectTimeoutMs", "1000").put("readTimeoutMs", "3000");
        return idp;
    }
}
