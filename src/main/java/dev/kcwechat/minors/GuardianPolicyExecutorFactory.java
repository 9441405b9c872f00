package dev.kcwechat.minors;

import dev.kcwechat.common.ExtensionVersion;
import dev.kcwechat.minors.policy.GuardianPolicy;
import java.util.List;
import java.util.Map;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ServerInfoAwareProviderFactory;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProvider;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProviderFactory;

/**
 * The {@code wechat-guardian-policy} executor in the admin console (Realm settings → Client
 * policies → Profiles → Add executor): its settings are the realm's guardian policy, for every
 * enforcement point; a client policy that uses the profile applies it to every token.
 */
public final class GuardianPolicyExecutorFactory implements ClientPolicyExecutorProviderFactory, ServerInfoAwareProviderFactory {

    @Override
    public String getId() {
        return GuardianPolicy.PROVIDER_ID;
    }

    @Override
    public String getHelpText() {
        return "WeChat guardian policy: minors (by the user's birthdate) get tokens only outside the curfew, within the day's minutes"
                + " and, under 14, for clients a guardian approved. Adults pass. These settings are the realm's guardian policy, also"
                + " for the 'WeChat guardian policy' step of authentication flows.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return GuardianPolicySettingsForm.PROPERTIES;
    }

    @Override
    public ClientPolicyExecutorProvider create(KeycloakSession session) {
        return new GuardianPolicyExecutor(session);
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
