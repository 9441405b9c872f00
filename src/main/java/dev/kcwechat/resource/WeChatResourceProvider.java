package dev.kcwechat.resource;

import org.keycloak.models.KeycloakSession;
import org.keycloak.services.resource.RealmResourceProvider;

/** Hands Keycloak the JAX-RS resource of {@code /realms/{realm}/wechat}. */
final class WeChatResourceProvider implements RealmResourceProvider {

    private final KeycloakSession session;
    private final long accountDeletionMaxAuthAge;

    WeChatResourceProvider(KeycloakSession session, long accountDeletionMaxAuthAge) {
        this.session = session;
        this.accountDeletionMaxAuthAge = accountDeletionMaxAuthAge;
    }

    @Override
    public Object getResource() {
        return new WeChatResource(session, accountDeletionMaxAuthAge);
    }

    @Override
    public void close() {
    }
}
