package dev.kcwechat.login;

import static dev.kcwechat.simulator.WeChatSimulator.DEMO_APP_ID;
import static dev.kcwechat.testing.OAuthErrors.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kcwechat.simulator.WeChatSimulator;
import dev.kcwechat.testing.Http;
import dev.kcwechat.testing.OAuth;
import dev.kcwechat.testing.TestRealm;
import dev.kcwechat.testing.WeChatRealmExtension;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.keycloak.admin.client.resource.IdentityProviderResource;
import org.keycloak.admin.client.resource.IdentityProvidersResource;
import org.keycloak.representations.idm.IdentityProviderRepresentation;

/**
 * A client that sends no {@code idp} gets its provider from the realm's WeChat providers, whose
 * list is kept between logins (users.RealmProviders): what an admin changes still counts at once.
 */
class ProviderResolutionIT {

    private static final String SECOND_APP = "wx3000000000000001";
    private static final String SECOND_APP_FOR_PUBLIC = "wx3000000000000002";
    private static final String SECRET = "30303030303030303030303030303030";

    @RegisterExtension
    static final WeChatRealmExtension realm = WeChatRealmExtension.named("resolution")
            .with(r -> r.set("allowedClients", TestRealm.PUBLIC_CLIENT));

    private final WeChatSimulator wechat = realm.wechat();
    private final IdentityProvidersResource idps = realm.resource().identityProviders();
    private final OAuth oauth = realm.oauth();

    @Test
    void aProviderAddedAfterTheListWasKeptServesItsClientAtOnce() {
        assertThat(oauth.codeLogin(wechat.newCode(DEMO_APP_ID, "oBeforeNewIdp_openid_ABCDEFGHIJ", null)).status()).isEqualTo(200);
        wechat.registerApp(SECOND_APP, SECRET);
        try (Response created = idps.create(provider("wechat-added", SECOND_APP, TestRealm.CONFIDENTIAL_CLIENT))) {
            assertThat(created.getStatus()).isEqualTo(201);
        }

        Http.Answer answer = oauth.codeLogin(TestRealm.CONFIDENTIAL_CLIENT, wechat.newCode(SECOND_APP, "oNewIdp_openid_ABCDEFGHIJKLMNO", null),
                Map.of("client_secret", TestRealm.CONFIDENTIAL_SECRET));

        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
    }

    @Test
    void aSecondProviderForAClientAlreadyServedMakesIdpRequiredAtOnce() {
        assertThat(oauth.codeLogin(wechat.newCode(DEMO_APP_ID, "oBeforeSecondIdp_openid_ABCDEFGH", null)).status()).isEqualTo(200);
        wechat.registerApp(SECOND_APP_FOR_PUBLIC, SECRET);
        try (Response created = idps.create(provider("wechat-second-public", SECOND_APP_FOR_PUBLIC, TestRealm.PUBLIC_CLIENT))) {
            assertThat(created.getStatus()).isEqualTo(201);
        }
        try {
            Http.Answer answer = oauth.codeLogin(wechat.newCode(DEMO_APP_ID, "oAfterSecondIdp_openid_ABCDEFGHI", null));
            assertError(answer, 400, "invalid_request");
            assertThat(answer.body()).contains("pass 'idp'");
        } finally {
            idps.get("wechat-second-public").remove();
        }
        assertThat(oauth.codeLogin(wechat.newCode(DEMO_APP_ID, "oAfterSecondGone_openid_ABCDEFGH", null)).status())
                .as("the removed provider no longer counts").isEqualTo(200);
    }

    @Test
    void aClientRemovedFromAProviderIsRefusedAtOnce() {
        assertThat(oauth.codeLogin(wechat.newCode(DEMO_APP_ID, "oBeforeRemoval_openid_ABCDEFGHI", null)).status()).isEqualTo(200);
        IdentityProviderResource resource = idps.get(TestRealm.IDP_ALIAS);
        IdentityProviderRepresentation provider = resource.toRepresentation();
        provider.getConfig().put("allowedClients", TestRealm.NOT_ALLOWED_CLIENT);
        provider.getConfig().put("clientSecret", WeChatSimulator.DEMO_APP_SECRET);
        resource.update(provider);
        try {
            assertError(oauth.codeLogin(wechat.newCode(DEMO_APP_ID, "oAfterRemoval_openid_ABCDEFGHIJ", null)), 400, "unauthorized_client");
        } finally {
            provider.getConfig().put("allowedClients", TestRealm.PUBLIC_CLIENT);
            resource.update(provider);
        }
    }

    private IdentityProviderRepresentation provider(String alias, String appId, String allowedClient) {
        IdentityProviderRepresentation provider = new IdentityProviderRepresentation();
        provider.setAlias(alias);
        provider.setProviderId("wechat-mini-program");
        provider.setEnabled(true);
        provider.setHideOnLogin(true);
        provider.setConfig(Map.of("clientId", appId, "clientSecret", SECRET, "apiBaseUrl", wechat.baseUrl(),
                "allowedClients", allowedClient));
        return provider;
    }
}
