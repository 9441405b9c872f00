package dev.kcwechat.login;

import dev.kcwechat.common.ProviderConfig;
import dev.kcwechat.records.AuthorizationKind;
import dev.kcwechat.records.AuthorizationRecords;
import dev.kcwechat.users.UserAttributes;
import java.util.Map;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * The mini-program's privacy policy ({@code privacyPolicyVersion} on the provider; empty = not
 * tracked): a login must name the current version ({@code privacy_version}, what the user accepted
 * through {@code wx.requirePrivacyAuthorize}), else 403 {@code consent_required} with
 * {@code privacy_policy_version}, before WeChat is asked (the code stays usable). A version a user
 * accepts for the first time is a {@code privacy_policy} record; the version they last accepted is
 * kept on the user ({@value UserAttributes#PRIVACY_VERSION}), so that a returning login reads no record.
 */
final class PrivacyPolicy {

    static final String CURRENT_VERSION_MEMBER = "privacy_policy_version";

    private PrivacyPolicy() {
    }

    /** @return the version the login accepted, or null when the provider does not track one */
    static String accepted(CodeLoginProvider idp, LoginRequest request, LoginErrors errors) {
        String current = idp.model().getConfig().get(ProviderConfig.PRIVACY_POLICY_VERSION);
        if (current == null || current.isBlank()) {
            return null;
        }
        if (!current.trim().equals(request.privacyVersion())) {
            throw errors.error(GrantError.consentRequired(), "The user has not accepted the mini-program's privacy policy "
                    + current.trim() + ": pass privacy_version", null, Map.of(CURRENT_VERSION_MEMBER, current.trim()));
        }
        return current.trim();
    }

    /** Records the version when this user accepts it for the first time, in the login's transaction. */
    static void recordAcceptance(KeycloakSession session, RealmModel realm, ClientModel client, UserModel user, String version) {
        if (version == null || version.equals(user.getFirstAttribute(UserAttributes.PRIVACY_VERSION))) {
            return;
        }
        new AuthorizationRecords(session).record(realm,
                new AuthorizationRecords.Act(user.getId(), client.getClientId(), AuthorizationKind.PRIVACY_POLICY, version, version));
        user.setSingleAttribute(UserAttributes.PRIVACY_VERSION, version);
    }
}
