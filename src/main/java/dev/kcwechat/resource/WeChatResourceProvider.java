package dev.kcwechat.resource;

import org.keycloak.models.KeycloakSession;
import org.keycloak.services.resource.RealmResourceProvider;

/** Hands Keycloak the JAX-RS resource of {@code /realms/{realm}/wechat}. */
final class WeChatResourceProvider implements RealmResourceProvider {

    private final KeycloakSession session;
    private final ResourceSettings settings;

    WeChatResourceProvider(KeycloakSession session, ResourceSettings settings) {
        this.session = session;
        this.settings = settings;
    }

    @Override
    public Object getResource() {
        return new WeChatResource(session, settings);
    }

    @Override
    public void close() {
    }
}
