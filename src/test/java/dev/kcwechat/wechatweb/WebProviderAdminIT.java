package dev.kcwechat.wechatweb;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kcwechat.testing.Http;
import dev.kcwechat.testing.KeycloakAdmin;
import dev.kcwechat.testing.WeChatRealmExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The WeChat browser providers in the admin API: their settings in the admin console, and a bad setting refused at save. */
class WebProviderAdminIT {

    @RegisterExtension
    static final WeChatRealmExtension realm = WeChatRealmExtension.named("webprovideradmin");

    private final KeycloakAdmin admin = realm.admin();

    @Test
    void bothProvidersShowTheirSettings() {
        JsonNode website = admin.getJson(realm.path("/identity-provider/providers/wechat-website"));
        JsonNode officialAccount = admin.getJson(realm.path("/identity-provider/providers/wechat-official-account"));

        assertThat(website.get("name").asText()).isEqualTo("WeChat Website (QR code)");
        assertThat(officialAccount.get("name").asText()).isEqualTo("WeChat Official Account");
        assertThat(admin.serverInfo().at("/providers/social/providers/wechat-website/operationalInfo/version").asText()).isNotBlank();
    }

    @ParameterizedTest(name = "{0} {1}={2}: {3}")
    @CsvSource({
        "wechat-website, authorizationBaseUrl, https://open.weixin.qq.com, 201",
        "wechat-website, authorizationBaseUrl, http://open.example.com, 400",
        "wechat-website, apiBaseUrl, http://api.example.com, 400",
        "wechat-official-account, scope, snsapi_base, 201",
        "wechat-official-account, scope, snsapi_login, 400",
        "wechat-official-account, clientId, not-an-appid, 400"})
    void aBadSettingIsRefusedAtSave(String providerId, String key, String value, int status) {
        String alias = providerId + "-" + Math.abs((key + value).hashCode());
        ObjectNode idp = Http.JSON.createObjectNode().put("alias", alias).put("providerId", providerId).put("enabled", true);
        idp.putObject("config").put("clientId", "wx0123456789abcdef").put("clientSecret", "secret").put(key, value);

        Http.Answer answer = admin.post(realm.path("/identity-provider/instances"), idp);

        assertThat(answer.status()).as(answer.toString()).isEqualTo(status);
    }
}
