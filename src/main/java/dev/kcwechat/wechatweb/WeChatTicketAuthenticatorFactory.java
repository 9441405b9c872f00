package dev.kcwechat.wechatweb;

import dev.kcwechat.common.ExtensionVersion;
import java.util.List;
import java.util.Map;
import org.keycloak.Config;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.models.AuthenticationExecutionModel.Requirement;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ServerInfoAwareProviderFactory;

/** The {@code wechat-ticket} authenticator in the flow editor: an alternative beside the cookie and the login form. */
public final class WeChatTicketAuthenticatorFactory implements AuthenticatorFactory, ServerInfoAwareProviderFactory {

    public static final String PROVIDER_ID = "wechat-ticket";

    private static final WeChatTicketAuthenticator AUTHENTICATOR = new WeChatTicketAuthenticator();
    private static final Requirement[] REQUIREMENTS = {Requirement.ALTERNATIVE, Requirement.DISABLED};

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "WeChat web-view ticket";
    }

    @Override
    public String getReferenceCategory() {
        return "wechat-ticket";
    }

    @Override
    public String getHelpText() {
        return "Signs in the mini-program's user when a web app opened in the mini-program's web-view sends wechat_ticket"
                + " (from POST /realms/{realm}/wechat/web-ticket) in its authorization request. Use it as an Alternative before the"
                + " login form of the browser flow; without a valid ticket the flow goes on.";
    }

    @Override
    public boolean isConfigurable() {
        return false;
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return List.of();
    }

    @Override
    public Requirement[] getRequirementChoices() {
        return REQUIREMENTS;
    }

    @Override
    public boolean isUserSetupAllowed() {
        return false;
    }

    @Override
    public Authenticator create(KeycloakSession session) {
        return AUTHENTICATOR;
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        return Map.of("version", ExtensionVersion.get());
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
}
