package dev.kcwechat.login;

import java.util.Objects;
import java.util.stream.Stream;
import org.keycloak.broker.provider.IdentityProvider;
import org.keycloak.broker.social.SocialIdentityProvider;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

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
        return Stream.concat(factories.getProviderFactoriesStream(IdentityProvider.class),
                        factories.getProviderFactoriesStream(SocialIdentityProvider.class))
                .filter(factory -> Objects.equals(factory.getId(), model.getProviderId()))
                .findFirst()
                .filter(CodeLoginProviderFactory.class::isInstance)
                .map(CodeLoginProviderFactory.class::cast)
                .orElse(null);
    }
}
