package dev.kcwechat.login;

import dev.kcwechat.records.AuthorizationKind;
import dev.kcwechat.records.AuthorizationRecords;
import dev.kcwechat.users.UserAttributes;
import dev.kcwechat.users.UserEditableAttributes;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Puts a WeChat-verified phone number on a user: the target attribute (by default
 * {@code phoneNumber}, what Keycloak's {@code phone} scope reads) in E.164 and
 * {@code phoneNumberVerified=true}, minding a conflict with another user. Writes only what changed.
 */
public final class PhoneBinding {

    public static final String DEFAULT_ATTRIBUTE = "phoneNumber";
    public static final String VERIFIED_ATTRIBUTE = "phoneNumberVerified";

    private static final Logger LOG = Logger.getLogger(PhoneBinding.class);

    private final String attribute;
    private final PhoneConflict conflict;

    public PhoneBinding(String attribute, PhoneConflict conflict) {
        this.attribute = attribute == null || attribute.isBlank() ? DEFAULT_ATTRIBUTE : attribute.trim();
        this.conflict = conflict;
    }

    /**
     * {@code +8613*****8000}, {@code +852*****567}: for the user's records, where the country code's
     * length is not known: the first four and the last four digits of a number of 13 digits or more
     * (a mainland mobile's), else the first three and the last three (four from 12 digits), so that
     * from 11 digits on five stay hidden; of a number under 8 digits only the last two show.
     */
    static String masked(String e164) {
        String digits = e164.startsWith("+") ? e164.substring(1) : e164;
        int n = digits.length();
        if (n < 8) {
            return "+" + "*".repeat(Math.max(0, n - 2)) + digits.substring(Math.max(0, n - 2));
        }
        int prefix = n >= 13 ? 4 : 3;
        int suffix = n >= 12 ? 4 : 3;
        return "+" + digits.substring(0, prefix) + "*".repeat(Math.max(0, n - prefix - suffix)) + digits.substring(n - suffix);
    }

    /**
     * @return whether the number is now the user's
     * @throws PhoneConflictException when another user has the number and the policy refuses it
     */
    public boolean bind(KeycloakSession session, RealmModel realm, UserModel user, String e164) {
        boolean taken = session.users().searchForUserByUserAttributeStream(realm, attribute, e164)
                .anyMatch(other -> !other.getId().equals(user.getId()) && e164.equals(other.getFirstAttribute(attribute)));
        if (taken) {
            if (conflict == PhoneConflict.IGNORE) {
                return false;
            }
            throw new PhoneConflictException();
        }
        if (!e164.equals(user.getFirstAttribute(attribute))) {
            user.setSingleAttribute(attribute, e164);
            // the number and its record commit together, in the transaction that binds it
            new AuthorizationRecords(session).record(realm, new AuthorizationRecords.Act(user.getId(),
                    session.getContext().getClient() == null ? null : session.getContext().getClient().getClientId(),
                    AuthorizationKind.PHONE, masked(e164), user.getFirstAttribute(UserAttributes.PRIVACY_VERSION)));
        }
        if (!"true".equals(user.getFirstAttribute(VERIFIED_ATTRIBUTE))) {
            user.setSingleAttribute(VERIFIED_ATTRIBUTE, "true");
        }
        return true;
    }

    /**
     * The one user with this number verified, for {@link PhoneConflict#LINK}; empty if none or
     * several, or if the realm's user profile lets users edit the number or {@code phoneNumberVerified}
     * themselves (then anyone could claim an account by typing its number: the policy acts as reject).
     */
    public Optional<UserModel> accountToLink(KeycloakSession session, RealmModel realm, String e164) {
        if (conflict != PhoneConflict.LINK) {
            return Optional.empty();
        }
        if (UserEditableAttributes.usersCanEdit(session, attribute) || UserEditableAttributes.usersCanEdit(session, VERIFIED_ATTRIBUTE)) {
            LOG.warnf("Realm '%s': the WeChat phone mapper does not link by phone number because users can edit '%s' or '%s'"
                    + " in the user profile", realm.getName(), attribute, VERIFIED_ATTRIBUTE);
            return Optional.empty();
        }
        List<UserModel> owners = session.users().searchForUserByUserAttributeStream(realm, attribute, e164)
                .filter(user -> e164.equals(user.getFirstAttribute(attribute)))
                .limit(2).toList();
        if (owners.size() != 1 || !"true".equals(owners.get(0).getFirstAttribute(VERIFIED_ATTRIBUTE))) {
            return Optional.empty();
        }
        return Optional.of(owners.get(0));
    }
}
