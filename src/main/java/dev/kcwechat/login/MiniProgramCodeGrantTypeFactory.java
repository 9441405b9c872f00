package dev.kcwechat.login;

import dev.kcwechat.common.ExtensionVersion;
import java.util.Map;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.protocol.oidc.grants.OAuth2GrantType;
import org.keycloak.protocol.oidc.grants.OAuth2GrantTypeFactory;
import org.keycloak.provider.ServerInfoAwareProviderFactory;

/** Registers the mini-program code grant on Keycloak's token endpoint (and so in discovery). */
public final class MiniProgramCodeGrantTypeFactory implements OAuth2GrantTypeFactory, ServerInfoAwareProviderFactory {

    public static final String GRANT_TYPE = "urn:kcwechat:params:oauth:grant-type:mini-program-code";
    /** Encoded into Keycloak's token ids; must differ from every other grant's shortcut. */
    static final String SHORTCUT = "wx";

    @Override
    public String getId() {
        return GRANT_TYPE;
    }

    @Override
    public String getShortcut() {
        return SHORTCUT;
    }

    @Override
    public OAuth2GrantType create(KeycloakSession session) {
        return new MiniProgramCodeGrantType();
    }

    @Override
    public void init(Config.Scope config) {
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
