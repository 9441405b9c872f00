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
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.provider.ServerInfoAwareProviderFactory;

/** The {@code wechat-guardian-policy} authenticator in the flow editor, with its settings and their help. */
public final class GuardianPolicyAuthenticatorFactory implements AuthenticatorFactory, ServerInfoAwareProviderFactory {

    public static final String PROVIDER_ID = GuardianPolicy.PROVIDER_ID;

    private static final GuardianPolicyAuthenticator AUTHENTICATOR = new GuardianPolicyAuthenticator();

    private static final List<ProviderConfigProperty> CONFIG_PROPERTIES = ProviderConfigurationBuilder.create()
            .property().name(GuardianPolicy.CURFEW).label("Curfew")
            .helpText("HH:MM-HH:MM in the time zone below, e.g. 22:00-06:00 (default, the minor-mode guide's night). Minors cannot"
                    + " sign in or refresh tokens inside it. 'off': no curfew (an emptied field is not saved: the default applies).")
            .type(ProviderConfigProperty.STRING_TYPE).defaultValue("22:00-06:00").add()
            .property().name(GuardianPolicy.TIME_ZONE).label("Time zone")
            .helpText("IANA time zone of the curfew, of the day's budget (it resets at midnight there) and of birthdays. Default Asia/Shanghai.")
            .type(ProviderConfigProperty.STRING_TYPE).defaultValue(GuardianPolicy.DEFAULT_TIME_ZONE).add()
            .property().name(GuardianPolicy.DAILY_MINUTES).label("Daily minutes")
            .helpText("Minutes a day for under_14,14_to_15,16_to_17, counted across all the minor's sessions; e.g. 60,60,120 (default)."
                    + " 'off': no limit (an emptied field is not saved: the default applies).")
            .type(ProviderConfigProperty.STRING_TYPE).defaultValue("60,60,120").add()
            .property().name(GuardianPolicy.CONSENT_UNDER_14).label("Guardian consent under 14")
            .helpText("A child under 14 signs in only after a guardian consented (PIPL art. 31). The refusal carries a"
                    + " guardian_consent_uri to share with the guardian.")
            .type(ProviderConfigProperty.BOOLEAN_TYPE).defaultValue("true").add()
            .property().name(GuardianPolicy.UNKNOWN_AGE).label("Unknown age")
            .helpText("A user without a valid birthdate: 'minor' (default; the rules for under 14), 'deny' (refused), 'allow' (as an adult).")
            .type(ProviderConfigProperty.LIST_TYPE).options("minor", "deny", "allow").defaultValue("minor").add()
            .property().name(GuardianPolicy.CONSENT_RETENTION_DAYS).label("Consent retention (days)")
            .helpText("How long consent records are kept at least; never less than 1095 (three years), also after the child's"
                    + " user is deleted.")
            .type(ProviderConfigProperty.STRING_TYPE).defaultValue(Integer.toString(GuardianPolicy.MIN_RETENTION_DAYS)).add()
            .build();

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
        return "Minors by the user's birthdate: a night curfew, minutes a day across sessions, a guardian's consent under 14."
                + " Adults pass. Use it in an identity provider's post-login flow or in a browser flow, after the user is known.";
    }

    @Override
    public boolean isConfigurable() {
        return true;
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return CONFIG_PROPERTIES;
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
