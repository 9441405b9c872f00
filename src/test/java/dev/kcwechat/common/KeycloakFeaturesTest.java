package dev.kcwechat.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class KeycloakFeaturesTest {

    private static final String USER_AUTHENTICATION_IDP = "org.keycloak.broker.provider.UserAuthenticationIdentityProvider";
    private static final String CLIENT_MODEL_CONTEXT = "org.keycloak.services.clientpolicy.context.ClientModelContext";
    private static final String REFRESH_TOKEN_PROVIDER = "org.keycloak.protocol.oidc.refresh.RefreshTokenProvider";

    @Test
    void theKeycloakTheExtensionIsCompiledAgainstHasEverything() {
        assertThat(KeycloakFeatures.BROWSER_LOGINS).isTrue();
        assertThat(KeycloakFeatures.CLIENT_POLICY_CLIENT_CONTEXTS).isTrue();
        assertThat(KeycloakFeatures.TOKEN_BUILDER_CLIENT_SESSION).isTrue();
        assertThat(KeycloakFeatures.unavailable()).isEmpty();
    }

    @Test
    void keycloak265LacksOnlyTheRefreshTokenProviders() {
        assertThat(KeycloakFeatures.unavailable(Set.of(USER_AUTHENTICATION_IDP)::contains))
                .containsExactly("minors' refreshes are checked only where a client policy applies the wechat-guardian-policy executor"
                        + " (Keycloak 26.7 checks them everywhere)");
    }

    @Test
    void keycloak264AlsoLacksTheBrowserLogins() {
        assertThat(KeycloakFeatures.unavailable(name -> false)).hasSize(2)
                .first().isEqualTo("the WeChat website, WeChat official-account and WeCom web logins (Keycloak 26.5 or later)");
    }

    @Test
    void theClientPolicyContextsOf266AreNoUnavailableFeature() {
        assertThat(KeycloakFeatures.unavailable(Set.of(USER_AUTHENTICATION_IDP, REFRESH_TOKEN_PROVIDER)::contains)).isEmpty();
        assertThat(KeycloakFeatures.unavailable(Set.of(USER_AUTHENTICATION_IDP, REFRESH_TOKEN_PROVIDER, CLIENT_MODEL_CONTEXT)::contains))
                .isEmpty();
    }
}
