package dev.kcwechat.minors;

import dev.kcwechat.minors.policy.GuardianPolicy;
import java.util.List;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/** The realm's guardian policy settings as the admin console shows them on the {@code wechat-guardian-policy} executor, with their help. */
final class GuardianPolicySettingsForm {

    static final List<ProviderConfigProperty> PROPERTIES = ProviderConfigurationBuilder.create()
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
            .property().name(GuardianPolicy.GUARDIAN_VERIFICATION).label("Who may act as a guardian")
            .helpText("'trusted-adult' (default): a user whose birthdate makes them 18 or older and who cannot edit their own birthdate"
                    + " in the realm's user profile, or a guardian an admin linked to the child; 'registered': only guardians an admin"
                    + " linked to that child.")
            .type(ProviderConfigProperty.LIST_TYPE).options("trusted-adult", "registered").defaultValue("trusted-adult").add()
            .property().name(GuardianPolicy.GUARDIAN_CLIENTS).label("Clients of the guardian API")
            .helpText("Comma-separated client ids whose access tokens the guardian API (/wechat/guardian/...) accepts, e.g. the"
                    + " guardians' own app; the guardian page's client wechat-guardian-consent always. Empty: that one only.")
            .type(ProviderConfigProperty.STRING_TYPE).add()
            .build();

    private GuardianPolicySettingsForm() {
    }
}
