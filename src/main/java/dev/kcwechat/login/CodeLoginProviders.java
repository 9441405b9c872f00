package dev.kcwechat.login;

import org.keycloak.broker.provider.IdentityProvider;
import org.keycloak.broker.social.SocialIdentityProvider;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderFactory;

/**
 * The identity providers whose codes the grant trades: those whose factory is a
 * {@link CodeLoginProviderFactory}, found among identity and social provider factories as
 * Keycloak's broker finds a model's factory.
 */
final class CodeLoginProviders {

    private CodeLoginProviders() {
    }

    /** The provider of that model, or null when it is no code login provider (or there is no model). */
    static CodeLoginProvider of(KeycloakSession session, IdentityProviderModel model) {
        CodeLoginProviderFactory factory = factoryOf(session, model);
        return factory == null ? null : factory.createCodeLoginProvider(session, model);
    }

    /** Whether that model's provider trades codes at the token endpoint. */
    static boolean isCodeLogin(KeycloakSession session, IdentityProviderModel model) {
        return factoryOf(session, model) != null;
    }

    private static CodeLoginProviderFactory factoryOf(KeycloakSession session, IdentityProviderModel model) {
        if (model == null) {
            return null;
        }
        KeycloakSessionFactory factories = session.getKeycloakSessionFactory();
        ProviderFactory<?> factory = factories.getProviderFactory(IdentityProvider.class, model.getProviderId());
        if (factory == null) {
            factory = factories.getProviderFactory(SocialIdentityProvider.class, model.getProviderId());
        }
        return factory instanceof CodeLoginProviderFactory codeLogin ? codeLogin : null;
    }
}
