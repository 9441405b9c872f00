package dev.kcwechat.email;

import dev.kcwechat.minors.policy.AgeBracket;
import dev.kcwechat.minors.store.GuardianLinks;
import dev.kcwechat.records.AuthorizationKind;
import dev.kcwechat.records.AuthorizationRecords;
import dev.kcwechat.session.UserSessions;
import dev.kcwechat.users.UserAttributes;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.keycloak.models.ClientModel;
import org.keycloak.models.Constants;
import org.keycloak.models.FederatedIdentityModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelDuplicateException;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.managers.BruteForceProtector;
import org.keycloak.models.UserManager;

/**
 * Puts a proven e-mail address on the user ({@code email}, {@code emailVerified}), minding another
 * account that has it. All of it happens in the request's transaction: an error leaves nothing
 * half done.
 */
public final class EmailBinding {

    /** The attributes of the WeChat family's ids, carried over to the account a link moves the identity to. */
    private static final String WECHAT_ATTRIBUTE_PREFIX = "wechat_";
    private static final List<String> PHONE_ATTRIBUTES = List.of("phoneNumber", "phoneNumberVerified");

    /** What the binding did. {@code linkedTo} is the account the identity now belongs to, when it moved. */
    public record Bound(UserModel user, UserModel linkedTo) {
        public boolean linked() {
            return linkedTo != null;
        }
    }

    private final KeycloakSession session;
    private final RealmModel realm;
    private final EmailConflict conflict;

    public EmailBinding(KeycloakSession session, RealmModel realm, EmailConflict conflict) {
        this.session = session;
        this.realm = realm;
        this.conflict = conflict;
    }

    /**
     * @throws EmailConflictException when another account has the address and it is not linked
     */
    public Bound bind(UserModel user, EmailAddress address, String clientId) {
        UserModel owner;
        try {
            owner = session.users().getUserByEmail(realm, address.value());
        } catch (ModelDuplicateException several) {
            throw new EmailConflictException("several_accounts");   // a realm that allows duplicate addresses
        }
        if (owner != null && !owner.getId().equals(user.getId())) {
            if (conflict != EmailConflict.LINK) {
                throw new EmailConflictException(null);
            }
            refusal(owner, user).ifPresent(why -> {
                throw new EmailConflictException(why);
            });
            link(user, owner, address, clientId);
            return new Bound(user, owner);
        }
        if (!address.value().equals(user.getEmail())) {
            user.setEmail(address.value());
            record(user, address, clientId);
        }
        if (!user.isEmailVerified()) {
            user.setEmailVerified(true);
        }
        return new Bound(user, null);
    }

    /**
     * Why the WeChat identity may not move to the account with the address: the phone rules'
     * restrictions on that account (the address verified, the account enabled, unlocked and set up,
     * linked to no identity provider, without a credential or a role of {@code realm-management}),
     * and on the caller's own account, which the link deletes: nothing on it but what WeChat gave
     * (see {@link #inUse}), so that nothing is lost and a minor's policy is not shed this way.
     */
    private Optional<String> refusal(UserModel owner, UserModel caller) {
        String why = null;
        if (!owner.isEmailVerified()) {
            why = "address_not_verified";
        } else if (!owner.isEnabled() || owner.getRequiredActionsStream().findAny().isPresent() || locked(owner)) {
            why = "account_cannot_sign_in";
        } else if (session.users().getFederatedIdentitiesStream(realm, owner).findAny().isPresent()) {
            why = "account_linked_elsewhere";
        } else if (owner.credentialManager().getStoredCredentialsStream().findAny().isPresent()) {
            why = "account_has_credentials";
        } else if (administers(owner)) {
            why = "account_administers_realm";
        } else if (inUse(caller)) {
            why = "caller_account_in_use";
        }
        return Optional.ofNullable(why);
    }

    /**
     * Whether the caller's account holds more than a WeChat first login gave it, which deleting it
     * would lose or a child could shed: a credential, a birthdate, a group, a role beyond the
     * realm's default roles, or a guardian link either way.
     */
    private boolean inUse(UserModel caller) {
        RoleModel defaults = realm.getDefaultRole();
        GuardianLinks guardians = new GuardianLinks(session);
        return caller.credentialManager().getStoredCredentialsStream().findAny().isPresent()
                || caller.getFirstAttribute(AgeBracket.BIRTHDATE_ATTRIBUTE) != null
                || caller.getGroupsStream().findAny().isPresent()
                || caller.getRoleMappingsStream().anyMatch(role -> defaults == null || !role.getId().equals(defaults.getId()))
                || !guardians.guardiansOf(realm, caller.getId()).isEmpty()
                || !guardians.childrenOf(realm, caller.getId()).isEmpty();
    }

    private boolean locked(UserModel user) {
        if (!realm.isBruteForceProtected()) {
            return false;
        }
        BruteForceProtector protector = session.getProvider(BruteForceProtector.class);
        return protector.isPermanentlyLockedOut(session, realm, user) || protector.isTemporarilyDisabled(session, realm, user);
    }

    /** Whether the user holds a role of the realm's {@code realm-management} client, directly, by a group or a composite. */
    private boolean administers(UserModel user) {
        ClientModel management = realm.getClientByClientId(Constants.REALM_MANAGEMENT_CLIENT_ID);
        return management != null && management.getRolesStream().anyMatch(user::hasRole);
    }

    /**
     * Moves the caller's identity provider links (and the WeChat ids and a phone number the owner
     * lacks) to the owner of the address, ends the caller's sessions and deletes the caller's
     * account; its authorization records stay. The owner's address is already verified.
     */
    private void link(UserModel caller, UserModel owner, EmailAddress address, String clientId) {
        List<FederatedIdentityModel> links = session.users().getFederatedIdentitiesStream(realm, caller).toList();
        Map<String, List<String>> attributes = caller.getAttributes();
        for (FederatedIdentityModel link : links) {
            session.users().removeFederatedIdentity(realm, caller, link.getIdentityProvider());
        }
        for (FederatedIdentityModel link : links) {
            session.users().addFederatedIdentity(realm, owner,
                    new FederatedIdentityModel(link.getIdentityProvider(), link.getUserId(), link.getUserName(), link.getToken()));
        }
        attributes.forEach((name, values) -> {
            boolean carried = name.startsWith(WECHAT_ATTRIBUTE_PREFIX) || PHONE_ATTRIBUTES.contains(name);
            if (carried && owner.getFirstAttribute(name) == null && values != null && !values.isEmpty()
                    && values.stream().allMatch(Objects::nonNull)) {
                owner.setAttribute(name, values);
            }
        });
        UserAttributes.setIfChanged(owner, UserAttributes.PRIVACY_VERSION, caller.getFirstAttribute(UserAttributes.PRIVACY_VERSION));
        record(owner, address, clientId);
        UserSessions.endAll(session, realm, caller);
        new UserManager(session).removeUser(realm, caller);
    }

    private void record(UserModel user, EmailAddress address, String clientId) {
        new AuthorizationRecords(session).record(realm, new AuthorizationRecords.Act(user.getId(), clientId, AuthorizationKind.EMAIL,
                address.masked(), user.getFirstAttribute(UserAttributes.PRIVACY_VERSION)));
    }
}
