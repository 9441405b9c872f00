package dev.kcwechat.wechatweb;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcwechat.testing.KeycloakAdmin;
import dev.kcwechat.testing.WeChatRealmExtension;
import jakarta.ws.rs.core.Response;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.keycloak.admin.client.resource.IdentityProvidersResource;
import org.keycloak.representations.idm.IdentityProviderRepresentation;

/** The WeChat browser providers in the admin API: their settings in the admin console, and a bad setting refused at save. */
class WebProviderAdminIT {

    @RegisterExtension
    static final WeChatRealmExtension realm = WeChatRealmExtension.named("webprovideradmin");

    private final IdentityProvidersResource idps = realm.resource().identityProviders();

    @Test
    void bothProvidersShowTheirSettings() {
        JsonNode website = providerType("wechat-website");
        JsonNode officialAccount = providerType("wechat-official-account");

        assertThat(website.get("name").asText()).isEqualTo("WeChat Website (QR code)");
        assertThat(officialAccount.get("name").asText()).isEqualTo("WeChat Official Account");
        assertThat(realm.admin().keycloak().serverInfo().getInfo().getProviders().get("social").getProviders().get("wechat-website")
                .getOperationalInfo().get("version")).isNotBlank();
    }

    /** The admin console's description of a provider type. */
    private JsonNode providerType(String providerId) {
        try (Response answer = idps.getIdentityProviders(providerId)) {
            return KeycloakAdmin.json(answer);
        }
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
        IdentityProviderRepresentation idp = new IdentityProviderRepresentation();
        idp.setAlias(alias);
        idp.setProviderId(providerId);
        idp.setEnabled(true);
        idp.setConfig(new HashMap<>(Map.of("clientId", "wx0123456789abcdef", "clientSecret", "secret")));
        idp.getConfig().put(key, value);

        try (Response answer = idps.create(idp)) {
            assertThat(answer.getStatus()).as(() -> answer.readEntity(String.class)).isEqualTo(status);
        }
    }
}
