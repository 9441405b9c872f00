package dev.kcwechat.login;

import dev.kcwechat.users.UserAttributes;
import java.util.Optional;
import org.keycloak.events.Errors;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.managers.BruteForceProtector;

/** Why a user may not sign in now: disabled, locked by brute-force protection, or not fully set up. */
record LoginRefusal(GrantError error, String description) {

    /** Thrown to leave a first-login transaction without linking a user who may not sign in. */
    static final class Refused extends RuntimeException {
        private final LoginRefusal refusal;

        Refused(LoginRefusal refusal) {
            super(refusal.description(), null, false, false);
            this.refusal = refusal;
        }

        LoginRefusal refusal() {
            return refusal;
        }
    }

    static Optional<LoginRefusal> of(KeycloakSession session, RealmModel realm, UserModel user) {
        if (!user.isEnabled()) {
            String offboarded = user.getFirstAttribute(UserAttributes.WECOM_OFFBOARDED);
            return Optional.of(new LoginRefusal(GrantError.invalidGrant(Errors.USER_DISABLED), offboarded == null ? "Account disabled"
                    : "Account disabled: offboarded when WeCom member " + offboarded + " left or was disabled; an administrator"
                    + " must re-enable or delete it"));
        }
        if (realm.isBruteForceProtected()) {
            BruteForceProtector protector = session.getProvider(BruteForceProtector.class);
            if (protector.isPermanentlyLockedOut(session, realm, user) || protector.isTemporarilyDisabled(session, realm, user)) {
                return Optional.of(new LoginRefusal(GrantError.invalidGrant(Errors.USER_TEMPORARILY_DISABLED),
                        "Account temporarily disabled"));
            }
        }
        if (user.getRequiredActionsStream().findAny().isPresent()) {
            return Optional.of(new LoginRefusal(GrantError.invalidGrant(Errors.RESOLVE_REQUIRED_ACTIONS), "Account is not fully set up"));
        }
        return Optional.empty();
    }
}
