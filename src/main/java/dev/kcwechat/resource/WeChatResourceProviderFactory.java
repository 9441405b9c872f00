package dev.kcwechat.resource;

import dev.kcwechat.common.ExtensionVersion;
import java.util.Map;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ServerInfoAwareProviderFactory;
import org.keycloak.services.resource.RealmResourceProvider;
import org.keycloak.services.resource.RealmResourceProviderFactory;

/** Registers {@code /realms/{realm}/wechat/...}: calls a mini-program makes after login, with its bearer token. */
public final class WeChatResourceProviderFactory implements RealmResourceProviderFactory, ServerInfoAwareProviderFactory {

    public static final String ID = "wechat";
    private ResourceSettings settings = ResourceSettings.defaults();

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public RealmResourceProvider create(KeycloakSession session) {
        return new WeChatResourceProvider(session, settings);
    }

    @Override
    public void init(Config.Scope config) {
        settings = ResourceSettings.of(config);
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        return Map.of("version", ExtensionVersion.get());
    }
}
