package dev.kcwechat.minors;

import dev.kcwechat.minors.policy.GuardianPolicy;
import java.util.List;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/**
 * The realm's guardian policy settings as the admin console shows them on the {@code wechat-guardian-policy} executor;
 * their labels and help texts are keys of the extension's admin-console messages (theme-resources/messages).
 */
final class GuardianPolicySettingsForm {

    static final List<ProviderConfigProperty> PROPERTIES = ProviderConfigurationBuilder.create()
            .property().name(GuardianPolicy.CURFEW)
            .label("wechatGuardianPolicy.curfew.label").helpText("wechatGuardianPolicy.curfew.help")
            .type(ProviderConfigProperty.STRING_TYPE).defaultValue("22:00-06:00").add()
            .property().name(GuardianPolicy.TIME_ZONE)
            .label("wechatGuardianPolicy.timeZone.label").helpText("wechatGuardianPolicy.timeZone.help")
            .type(ProviderConfigProperty.STRING_TYPE).defaultValue(GuardianPolicy.DEFAULT_TIME_ZONE).add()
            .property().name(GuardianPolicy.DAILY_MINUTES)
            .label("wechatGuardianPolicy.dailyMinutes.label").helpText("wechatGuardianPolicy.dailyMinutes.help")
            .type(ProviderConfigProperty.STRING_TYPE).defaultValue("60,60,120").add()
            .property().name(GuardianPolicy.CONSENT_UNDER_14)
            .label("wechatGuardianPolicy.consentUnder14.label").helpText("wechatGuardianPolicy.consentUnder14.help")
            .type(ProviderConfigProperty.BOOLEAN_TYPE).defaultValue("true").add()
            .property().name(GuardianPolicy.UNKNOWN_AGE)
            .label("wechatGuardianPolicy.unknownAge.label").helpText("wechatGuardianPolicy.unknownAge.help")
            .type(ProviderConfigProperty.LIST_TYPE).options("minor", "deny", "allow").defaultValue("minor").add()
            .property().name(GuardianPolicy.CONSENT_RETENTION_DAYS)
            .label("wechatGuardianPolicy.consentRetentionDays.label").helpText("wechatGuardianPolicy.consentRetentionDays.help")
            .type(ProviderConfigProperty.STRING_TYPE).defaultValue(Integer.toString(GuardianPolicy.MIN_RETENTION_DAYS)).add()
            .property().name(GuardianPolicy.GUARDIAN_VERIFICATION)
            .label("wechatGuardianPolicy.guardianVerification.label").helpText("wechatGuardianPolicy.guardianVerification.help")
            .type(ProviderConfigProperty.LIST_TYPE).options("trusted-adult", "registered").defaultValue("trusted-adult").add()
            .property().name(GuardianPolicy.GUARDIAN_CLIENTS)
            .label("wechatGuardianPolicy.guardianClients.label").helpText("wechatGuardianPolicy.guardianClients.help")
            .type(ProviderConfigProperty.STRING_TYPE).add()
            .build();

    private GuardianPolicySettingsForm() {
    }
}
