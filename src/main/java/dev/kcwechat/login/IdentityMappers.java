package dev.kcwechat.login;

import java.util.List;
import java.util.function.BiConsumer;
import org.keycloak.broker.provider.IdentityProviderMapper;
import org.keycloak.models.IdentityProviderMapperModel;
import org.keycloak.models.KeycloakSession;

/** An identity provider's mappers, read once per login, each run with its mapper implementation. */
record IdentityMappers(List<IdentityProviderMapperModel> models) {

    /** Runs {@code action} for each mapper whose implementation is deployed, in the given session. */
    void forEach(KeycloakSession s, BiConsumer<IdentityProviderMapper, IdentityProviderMapperModel> action) {
        models.forEach(model -> {
            IdentityProviderMapper mapper = (IdentityProviderMapper) s.getKeycloakSessionFactory()
                    .getProviderFactory(IdentityProviderMapper.class, model.getIdentityProviderMapper());
            if (mapper != null) {
                action.accept(mapper, model);
            }
        });
    }
}
