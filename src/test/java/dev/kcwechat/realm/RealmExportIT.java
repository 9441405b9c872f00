package dev.kcwechat.realm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcwechat.simulator.WeChatSimulator;
import dev.kcwechat.testing.Http;
import dev.kcwechat.testing.Jwt;
import dev.kcwechat.testing.KeycloakAdmin;
import dev.kcwechat.testing.OAuth;
import dev.kcwechat.testing.TestEnvironment;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code realm-export/} as {@code kc.sh start-dev --import-realm} loads it (the shared test server
 * imports it at start, its placeholders resolved from the environment), used the way the README's
 * demo curl uses it.
 */
class RealmExportIT {

    private static final String REALM = "wechat-demo";
    private static KeycloakAdmin admin;
    private static WeChatSimulator wechat;
    private static OAuth oauth;

    @BeforeAll
    static void setUp() {
        TestEnvironment env = TestEnvironment.get();
        admin = env.admin();
        wechat = env.demoSimulator();
        oauth = env.oauth(REALM);
    }

    @Test
    void theDemoCurlTradesASimulatorCodeForTokens() {
        String code = Http.get(wechat.baseUrl() + "/sim/wx.login?user=alice", null).body().trim();

        Http.Answer answer = Http.postForm(oauth.tokenUrl(), Map.of("grant_type", OAuth.GRANT_TYPE,
                "client_id", "mini-program", "code", code, "scope", "openid"), null);

        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        JsonNode claims = new Jwt(answer.json().get("access_token").asText()).claims();
        assertThat(claims.hasNonNull("wechat_unionid")).isTrue();
        assertThat(claims.hasNonNull("wechat_openid")).isTrue();
        assertThat(answer.json().hasNonNull("id_token")).isTrue();
    }

    @Test
    void aPhoneCodeGivesTheVerifiedPhoneNumberClaims() {
        String code = Http.get(wechat.baseUrl() + "/sim/wx.login?user=bob", null).body().trim();
        String phoneCode = Http.get(wechat.baseUrl() + "/sim/phone?number=13800138000", null).body().trim();

        Http.Answer answer = Http.postForm(oauth.tokenUrl(), Map.of("grant_type", OAuth.GRANT_TYPE,
                "client_id", "mini-program", "code", code, "phone_code", phoneCode), null);

        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        JsonNode claims = new Jwt(answer.json().get("access_token").asText()).claims();
        assertThat(claims.get("phone_number").asText()).isEqualTo("+8613800138000");
        assertThat(claims.get("phone_number_verified").asBoolean()).isTrue();
    }

    @Test
    void placeholdersAreResolvedFromTheEnvironment() {
        JsonNode config = admin.getJson("/" + REALM + "/identity-provider/instances/wechat").get("config");

        assertThat(config.get("clientId").asText()).isEqualTo(WeChatSimulator.DEMO_APP_ID);
        assertThat(config.get("apiBaseUrl").asText()).isEqualTo(wechat.baseUrl());
        assertThat(config.get("allowedClients").asText()).isEqualTo("mini-program");
    }

    @Test
    void eventsAreStoredAndTheUserProfileDeclaresTheWeChatAttribute() {
        JsonNode events = admin.getJson("/" + REALM + "/events/config");
        JsonNode profile = admin.getJson("/" + REALM + "/users/profile");

        assertThat(events.get("eventsEnabled").asBoolean()).isTrue();
        assertThat(profile.get("attributes")).extracting(a -> a.get("name").asText())
                .contains("wechat_unionid", "phoneNumber", "phoneNumberVerified");
        assertThat(profile.get("unmanagedAttributePolicy").asText()).isEqualTo("ADMIN_VIEW");
    }

    @Test
    void theMiniProgramClientIsPublicWithTheWeChatScope() {
        JsonNode client = admin.getJson("/" + REALM + "/clients?clientId=mini-program").get(0);

        assertThat(client.get("publicClient").asBoolean()).isTrue();
        assertThat(client.get("defaultClientScopes")).extracting(JsonNode::asText).contains("wechat", "phone");
        assertThat(client.get("directAccessGrantsEnabled").asBoolean()).isFalse();
    }
}
