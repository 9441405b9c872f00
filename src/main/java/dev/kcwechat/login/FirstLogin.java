package dev.kcwechat.login;

import dev.kcwechat.common.Causes;
import dev.kcwechat.common.IdentityProviderCalls;
import dev.kcwechat.records.AuthorizationKind;
import dev.kcwechat.records.AuthorizationRecords;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.jboss.logging.Logger;
import org.keycloak.broker.provider.BrokeredIdentityContext;
import org.keycloak.models.ClientModel;
import org.keycloak.models.Constants;
import org.keycloak.models.FederatedIdentityModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelDuplicateException;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * A first login's user, linked or created in a transaction of its own, so the user and its link
 * are either there whole or not at all. Concurrent first logins of one WeChat user race on the
 * unique username or link; a loser tries again and finds the winner's user. (This relies on the
 * READ COMMITTED isolation Keycloak runs its databases with.)
 */
final class FirstLogin {

    private static final Logger LOG = Logger.getLogger(FirstLogin.class);
    /**
     * The user and each of its links are one race each. Some databases (H2) refuse a duplicate of a
     * row not yet committed at once rather than wait for the winner, so tries are spaced out.
     */
    private static final int ATTEMPTS = 6;
    private static final long BACKOFF_MS = 30;
    /** A taken username that is still not this identity's user after two tries belongs to someone else. */
    private static final int ALTERNATE_USERNAME_FROM_ATTEMPT = 3;

    /** What the first-login transaction committed. */
    record Committed(String userId, BrokeredUserImporter.Outcome outcome) {
    }

    private final KeycloakSession session;
    private final IdentityMappers mappers;
    private final Optional<PhoneBinding> phoneBinding;

    FirstLogin(KeycloakSession session, IdentityMappers mappers, Optional<PhoneBinding> phoneBinding) {
        this.session = session;
        this.mappers = mappers;
        this.phoneBinding = phoneBinding;
    }

    /**
     * Links or creates the user. A concurrent first login may win the race for the username or for
     * a link; every lost race means one more committed winner to find, so a few tries suffice.
     *
     * @throws LoginRefusal.Refused when the user to link may not sign in (nothing is linked then)
     */
    Committed commit(BrokeredIdentityContext identity) {
        for (int attempt = 1; ; attempt++) {
            int currentAttempt = attempt;
            try {
                return KeycloakModelUtils.runJobInTransactionWithResult(session.getKeycloakSessionFactory(),
                        session.getContext(), s -> linkOrCreate(s, identity, currentAttempt), "WeChat first login");
            } catch (PhoneConflictException | LoginRefusal.Refused refused) {
                throw refused;
            } catch (RuntimeException raced) {
                if (attempt == ATTEMPTS) {
                    LOG.warnf("First login of WeChat identity %s failed after %d tries: %s", identity.getId(), attempt, Causes.of(raced));
                    throw raced;
                }
                LOG.debugf("First login of WeChat identity %s, try %d, lost a race: %s; trying again", identity.getId(), attempt,
                        Causes.of(raced));
                backOff(attempt);
            }
        }
    }

    private static void backOff(int attempt) {
        try {
            Thread.sleep(BACKOFF_MS * attempt + ThreadLocalRandom.current().nextLong(BACKOFF_MS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted during a first login", e);
        }
    }

    /**
     * Runs in its own transaction. Finds the user already linked (a concurrent login did it; the
     * first try skips this look-up, which the request made just before: a winner committed since
     * makes the try fail on the unique username or link, and the next try finds it), else links
     * the user who signed in with the same unionid through another WeChat identity provider, or
     * the account provisioned with the proven phone number (phone mapper policy "link"), else
     * creates the user; a new link runs the provider's and mappers' import.
     */
    private Committed linkOrCreate(KeycloakSession s, BrokeredIdentityContext identity, int attempt) {
        RealmModel realm = s.getContext().getRealm();
        UserModel linked = attempt == 1 ? null : s.users().getUserByFederatedIdentity(realm, link(identity));
        if (linked != null) {
            return new Committed(linked.getId(), BrokeredUserImporter.Outcome.FOUND);
        }
        UserModel byOpenid = userLinkedByOpenid(s, realm, identity);
        if (byOpenid != null) {
            s.users().removeFederatedIdentity(realm, byOpenid, identity.getIdpConfig().getAlias());
            s.users().addFederatedIdentity(realm, byOpenid, link(identity));
            return new Committed(byOpenid.getId(), BrokeredUserImporter.Outcome.REKEYED);
        }
        UserModel existing = userOfSamePerson(s, realm, identity);
        if (existing != null) {
            // the account may not sign in: refuse before it gets a link this failed login would leave behind
            LoginRefusal.of(s, realm, existing).ifPresent(refusal -> {
                throw new LoginRefusal.Refused(refusal);
            });
        } else {
            existing = accountWithSamePhone(s, realm, identity);
        }
        UserModel user = existing != null ? existing : newUser(s, realm, identity, attempt);
        s.users().addFederatedIdentity(realm, user, link(identity));
        IdentityProviderCalls.idp(identity).importNewUser(s, realm, user, identity);
        mappers.forEach(s, (mapper, model) -> mapper.importNewUser(s, realm, user, model, identity));
        applyMappedAttributes(user, identity);
        if (existing == null) {
            // the registration and its record commit together (and are undone together: FirstLoginCompletion)
            new AuthorizationRecords(s).record(realm, new AuthorizationRecords.Act(user.getId(),
                    s.getContext().getClient() == null ? null : s.getContext().getClient().getClientId(), AuthorizationKind.REGISTER,
                    identity.getIdpConfig().getAlias(), (String) identity.getContextData().get(LoginNotes.PRIVACY_VERSION)));
        }
        return new Committed(user.getId(), existing != null ? BrokeredUserImporter.Outcome.LINKED : BrokeredUserImporter.Outcome.CREATED);
    }

    /**
     * The first try does not look the username up: a taken one fails the insert on the unique
     * username, and the next try, which looks, finds a concurrent login's user or takes another name.
     */
    private static UserModel newUser(KeycloakSession s, RealmModel realm, BrokeredIdentityContext identity, int attempt) {
        String username = identity.getModelUsername();
        if (attempt > 1 && s.users().getUserByUsername(realm, username) != null) {
            if (attempt < ALTERNATE_USERNAME_FROM_ATTEMPT) {
                // a concurrent first login may have just committed this user: the next try, in a new transaction, finds it
                throw new ModelDuplicateException("Username " + username + " is taken");
            }
            // someone else has the name (made by hand, or by a provider keyed by the same string)
            username = username + "-" + identity.getIdpConfig().getAlias().toLowerCase(Locale.ROOT);
        }
        UserModel user = s.users().addUser(realm, null, username, true, false);
        user.setEnabled(true);
        return user;
    }

    /**
     * The user whose link to this provider was made from the openid (the mini-program was not yet
     * bound to an Open Platform account) when the identity now is keyed by the unionid WeChat sent.
     */
    static UserModel userLinkedByOpenid(KeycloakSession s, RealmModel realm, BrokeredIdentityContext identity) {
        String openid = (String) identity.getContextData().get(LoginNotes.OPENID);
        if (openid == null || openid.equals(identity.getId())) {
            return null;
        }
        return s.users().getUserByFederatedIdentity(realm,
                new FederatedIdentityModel(identity.getIdpConfig().getAlias(), openid, null));
    }

    /**
     * The account provisioned with the phone number this login proved, when the provider's phone
     * mapper links on conflict: enabled, fully set up, linked to no identity provider at all (an
     * account that signed in through WeChat or elsewhere before is never taken over this way).
     *
     * @throws PhoneConflictException when that account has a credential (a password, OTP, WebAuthn:
     *         a recycled or SIM-swapped number must not bypass them) or an administrator's role of
     *         {@code realm-management}: the login is refused as with {@code conflict=reject}
     */
    private UserModel accountWithSamePhone(KeycloakSession s, RealmModel realm, BrokeredIdentityContext identity) {
        String phone = (String) identity.getContextData().get(LoginNotes.PHONE);
        if (phone == null) {
            return null;
        }
        UserModel account = phoneBinding
                .flatMap(binding -> binding.accountToLink(s, realm, phone))
                .filter(candidate -> LoginRefusal.of(s, realm, candidate).isEmpty()
                        && s.users().getFederatedIdentitiesStream(realm, candidate).findAny().isEmpty())
                .orElse(null);
        if (account == null) {
            return null;
        }
        if (account.credentialManager().getStoredCredentialsStream().findAny().isPresent()) {
            throw new PhoneConflictException("account_has_credentials");
        }
        if (administers(realm, account)) {
            throw new PhoneConflictException("account_administers_realm");
        }
        return account;
    }

    /** Whether the user holds a role of the realm's {@code realm-management} client, directly, by a group or a composite. */
    private static boolean administers(RealmModel realm, UserModel user) {
        ClientModel management = realm.getClientByClientId(Constants.REALM_MANAGEMENT_CLIENT_ID);
        return management != null && management.getRolesStream().anyMatch(user::hasRole);
    }

    /** The same person's user through another provider of the family, as the identity's provider finds it (links only). */
    private static UserModel userOfSamePerson(KeycloakSession s, RealmModel realm, BrokeredIdentityContext identity) {
        return IdentityProviderCalls.idp(identity) instanceof CodeLoginProvider provider
                ? provider.samePersonElsewhere(s, realm, identity) : null;
    }

    /** Attributes that mappers left in the brokered context at import (user-profile aware mappers do that). */
    private static void applyMappedAttributes(UserModel user, BrokeredIdentityContext identity) {
        for (Map.Entry<String, List<String>> attribute : identity.getAttributes().entrySet()) {
            if (!UserModel.USERNAME.equalsIgnoreCase(attribute.getKey())) {
                user.setAttribute(attribute.getKey(), attribute.getValue());
            }
        }
    }

    /** The identity's link to its provider. */
    static FederatedIdentityModel link(BrokeredIdentityContext identity) {
        return new FederatedIdentityModel(identity.getIdpConfig().getAlias(), identity.getId(), identity.getUsername());
    }
}
