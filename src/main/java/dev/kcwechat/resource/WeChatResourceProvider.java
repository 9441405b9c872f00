package dev.kcwechat.resource;

import org.keycloak.models.KeycloakSession;
import org.keycloak.services.resource.RealmResourceProvider;

/** Hands Keycloak the JAX-RS resource of {@code /realms/{realm}/wechat}. */
final class WeChatResourceProvider implements RealmResourceProvider {

    private final KeycloakSession session;

    WeChatResourceProvider(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public Object getResource() {
        return new WeChatResource(session);
    }

    @Override
    public void close() {
    }
}
