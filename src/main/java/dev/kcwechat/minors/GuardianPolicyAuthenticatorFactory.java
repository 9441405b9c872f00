package dev.kcwechat.minors;

import dev.kcwechat.common.ExtensionVersion;
import dev.kcwechat.minors.policy.GuardianPolicy;
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

/** The {@code wechat-guardian-policy} authenticator in the flow editor; its settings are the realm's guardian policy ({@link GuardianPolicySettingsForm}). */
public final class GuardianPolicyAuthenticatorFactory implements AuthenticatorFactory, ServerInfoAwareProviderFactory {

    public static final String PROVIDER_ID = GuardianPolicy.PROVIDER_ID;

    private static final GuardianPolicyAuthenticator AUTHENTICATOR = new GuardianPolicyAuthenticator();

    private static final Requirement[] REQUIREMENTS = {Requirement.REQUIRED, Requirement.DISABLED};

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "WeChat guardian policy";
    }

    @Override
    public String getReferenceCategory() {
        return "guardian-policy";
    }

    @Override
    public String getHelpText() {
        return "Minors by the user's birthdate: a night curfew, minutes a day across sessions, a guardian's consent under 14,"
                + " as the realm's guardian policy says (Realm settings > Client policies > Profiles > the wechat-guardian-policy"
                + " executor). Adults pass. Use it in an identity provider's post-login flow or in a browser flow, after the user is known.";
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
