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

    /** Whether providers of that provider id (type) trade codes at the token endpoint. */
    static boolean isCodeLogin(KeycloakSession session, String providerId) {
        return factoryOf(session, providerId) != null;
    }

    private static CodeLoginProviderFactory factoryOf(KeycloakSession session, IdentityProviderModel model) {
        return model == null ? null : factoryOf(session, model.getProviderId());
    }

    private static CodeLoginProviderFactory factoryOf(KeycloakSession session, String providerId) {
        KeycloakSessionFactory factories = session.getKeycloakSessionFactory();
        ProviderFactory<?> factory = factories.getProviderFactory(IdentityProvider.class, providerId);
        if (factory == null) {
            factory = factories.getProviderFactory(SocialIdentityProvider.class, providerId);
        }
        return factory instanceof CodeLoginProviderFactory codeLogin ? codeLogin : null;
    }
}
