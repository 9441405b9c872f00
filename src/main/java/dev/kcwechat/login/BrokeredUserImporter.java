package dev.kcwechat.login;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiConsumer;
import org.jboss.logging.Logger;
import org.keycloak.broker.provider.BrokeredIdentityContext;
import org.keycloak.broker.provider.IdentityProviderMapper;
import org.keycloak.broker.provider.IdentityProviderMapperSyncModeDelegate;
import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.FederatedIdentityModel;
import org.keycloak.models.IdentityProviderMapperModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelDuplicateException;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Finds, links or creates the Keycloak user of a brokered WeChat identity and runs the identity
 * provider's mappers, the way Keycloak's own brokering does.
 *
 * <p>A first login through an identity provider links or creates the user in a transaction of its
 * own, so the user and its link are either there whole or not at all. Concurrent first logins of
 * one WeChat user race on the unique username or link; a loser tries again and finds the winner's
 * user. (This relies on the READ COMMITTED isolation Keycloak runs its databases with.) Because that
 * transaction commits before the login is done, a new user or link is tied to the request's own
 * transaction: recorded when it commits, undone when it rolls back.
 */
final class BrokeredUserImporter {

    private static final Logger LOG = Logger.getLogger(BrokeredUserImporter.class);
    /** FEDERATED_IDENTITY_LINK detail: the openid a link was keyed by before it was re-keyed to the unionid. */
    static final String REKEYED_FROM_DETAIL = "rekeyed_from_openid";
    /**
     * The user and each of its links are one race each. Some databases (H2) refuse a duplicate of a
     * row not yet committed at once rather than wait for the winner, so tries are spaced out.
     */
    private static final int FIRST_LOGIN_ATTEMPTS = 6;
    private static final long BACKOFF_MS = 30;
    /** A taken username that is still not this identity's user after two tries belongs to someone else. */
    private static final int ALTERNATE_USERNAME_FROM_ATTEMPT = 3;

    /** What the import did. */
    enum Outcome {
        /** The user was linked already: a returning login (or a concurrent first login won the race). */
        FOUND,
        /** An existing user got a new link (same unionid through another mini-program, or the phone number). */
        LINKED,
        /** A new user was created and linked. */
        CREATED,
        /** The user's link, made from an openid, was re-keyed to the unionid WeChat now sends. */
        REKEYED
    }

    /** The user of a login and what the import did to get it. */
    record Imported(UserModel user, Outcome outcome) {
    }

    private final KeycloakSession session;
    private final RealmModel realm;
    private final EventBuilder event;
    private final List<IdentityProviderMapperModel> mappers;
    private final Optional<PhoneBinding> phoneBinding;

    /**
     * @param mappers      the identity provider's mappers, read once per login
     * @param phoneBinding the provider's phone binding, if it has a phone mapper
     */
    BrokeredUserImporter(KeycloakSession session, RealmModel realm, EventBuilder event, List<IdentityProviderMapperModel> mappers,
                         Optional<PhoneBinding> phoneBinding) {
        this.session = session;
        this.realm = realm;
        this.event = event;
        this.mappers = mappers;
        this.phoneBinding = phoneBinding;
    }

    /**
     * Runs the provider's and the mappers' preprocessing, then finds the user linked to this
     * identity (Keycloak caches that lookup).
     *
     * @return null when no user is linked to it yet
     */
    UserModel prepare(BrokeredIdentityContext identity) {
        identity.getIdp().preprocessFederatedIdentity(session, realm, identity);
        forEachMapper(session, mappers, (mapper, model) -> mapper.preprocessFederatedIdentity(session, realm, model, identity));
        return session.users().getUserByFederatedIdentity(realm, link(identity));
    }

    /** Whether a user is linked to this identity's openid, from before WeChat sent its unionid (its link gets re-keyed). */
    boolean hasOpenidLink(BrokeredIdentityContext identity) {
        return userLinkedByOpenid(session, realm, identity) != null;
    }

    /**
     * The user of the identity: a returning login updates the {@code linked} user {@link #prepare}
     * found; a first login (or a re-keying) runs in a transaction of its own.
     *
     * @throws LoginRefusal.Refused when the user to link may not sign in (nothing is linked then)
     */
    Imported importUser(BrokeredIdentityContext identity, UserModel linked) {
        if (linked != null) {
            update(linked, identity);
            return new Imported(linked, Outcome.FOUND);
        }
        Committed committed = firstLogin(identity);
        UserModel user = session.users().getUserById(realm, committed.userId());
        if (user == null) {
            throw new IllegalStateException("The user committed by the first login is not visible to the request");
        }
        if (committed.outcome() == Outcome.FOUND || committed.outcome() == Outcome.REKEYED) {
            update(user, identity);
        }
        Imported imported = new Imported(user, committed.outcome());
        if (committed.outcome() == Outcome.REKEYED) {
            // committed for good whatever becomes of this login: recorded at once
            emit(EventType.FEDERATED_IDENTITY_LINK, user, identity,
                    (String) identity.getContextData().get(LoginNotes.OPENID));
        } else if (committed.outcome() != Outcome.FOUND) {
            session.getTransactionManager().enlistAfterCompletion(new FirstLoginCompletion(imported, identity));
        }
        return imported;
    }

    /**
     * Ends a first login with the request: when the request commits, the new user or link is
     * recorded; when it rolls back — an error answer, or its own commit failing — the user or link
     * the first-login transaction committed is undone.
     */
    private final class FirstLoginCompletion extends AbstractKeycloakTransaction {
        private final Imported imported;
        private final BrokeredIdentityContext identity;

        FirstLoginCompletion(Imported imported, BrokeredIdentityContext identity) {
            this.imported = imported;
            this.identity = identity;
        }

        @Override
        protected void commitImpl() {
            emit(imported.outcome() == Outcome.CREATED ? EventType.REGISTER : EventType.FEDERATED_IDENTITY_LINK,
                    imported.user(), identity, null);
        }

        @Override
        protected void rollbackImpl() {
            undo(imported, identity);
        }
    }

    /**
     * Undoes what a first login committed when the login failed after it: a created user is removed,
     * a new link is removed (what the provider's and mappers' import set on the linked account, an
     * attribute or a role, stays). A re-keyed link stays re-keyed: it is the same user's, now keyed
     * as WeChat proves it.
     */
    private void undo(Imported imported, BrokeredIdentityContext identity) {
        String userId = imported.user().getId();
        String alias = identity.getIdpConfig().getAlias();
        try {
            KeycloakModelUtils.runJobInTransaction(session.getKeycloakSessionFactory(), session.getContext(), s -> {
                RealmModel r = s.getContext().getRealm();
                UserModel user = s.users().getUserById(r, userId);
                if (user == null) {
                    return;
                }
                if (imported.outcome() == Outcome.CREATED) {
                    s.users().removeUser(r, user);
                } else {
                    s.users().removeFederatedIdentity(r, user, alias);
                }
            });
            LOG.debugf("Undid the first login (%s) of user %s after the login failed", imported.outcome(), userId);
        } catch (RuntimeException e) {
            LOG.warnf("Could not undo the first login (%s) of user %s: %s", imported.outcome(), userId, cause(e));
        }
    }

    /**
     * Links or creates the user. A concurrent first login may win the race for the username or for
     * a link; every lost race means one more committed winner to find, so a few tries suffice.
     */
    private Committed firstLogin(BrokeredIdentityContext identity) {
        for (int attempt = 1; ; attempt++) {
            int currentAttempt = attempt;
            try {
                return KeycloakModelUtils.runJobInTransactionWithResult(session.getKeycloakSessionFactory(),
                        session.getContext(), s -> linkOrCreate(s, identity, mappers, phoneBinding, currentAttempt), "WeChat first login");
            } catch (PhoneConflictException | LoginRefusal.Refused refused) {
                throw refused;
            } catch (RuntimeException raced) {
                if (attempt == FIRST_LOGIN_ATTEMPTS) {
                    LOG.warnf("First login of WeChat identity %s failed after %d tries: %s", identity.getId(), attempt, cause(raced));
                    throw raced;
                }
                LOG.debugf("First login of WeChat identity %s, try %d, lost a race: %s; trying again", identity.getId(), attempt,
                        cause(raced));
                backOff(attempt);
            }
        }
    }

    /** The exception's type and message and those of its root cause: database errors name a constraint, never a secret. */
    static String cause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = e.getClass().getSimpleName() + ": " + e.getMessage();
        return root == e ? text : text + " (cause " + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
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
     * Runs in its own transaction. Finds the user already linked (a concurrent login did it),
     * else links the user who signed in with the same unionid through another WeChat identity
     * provider, or the account provisioned with the proven phone number (phone mapper policy
     * "link"), else creates the user; a new link runs the provider's and mappers' import.
     */
    private static Committed linkOrCreate(KeycloakSession s, BrokeredIdentityContext identity,
                                          List<IdentityProviderMapperModel> mappers, Optional<PhoneBinding> phoneBinding, int attempt) {
        RealmModel realm = s.getContext().getRealm();
        UserModel linked = s.users().getUserByFederatedIdentity(realm, link(identity));
        if (linked != null) {
            return new Committed(linked.getId(), Outcome.FOUND);
        }
        UserModel byOpenid = userLinkedByOpenid(s, realm, identity);
        if (byOpenid != null) {
            s.users().removeFederatedIdentity(realm, byOpenid, identity.getIdpConfig().getAlias());
            s.users().addFederatedIdentity(realm, byOpenid, link(identity));
            return new Committed(byOpenid.getId(), Outcome.REKEYED);
        }
        UserModel existing = userOfSamePerson(s, realm, identity);
        if (existing != null) {
            // the account may not sign in: refuse before it gets a link this failed login would leave behind
            LoginRefusal.of(s, realm, existing).ifPresent(refusal -> {
                throw new LoginRefusal.Refused(refusal);
            });
        } else {
            existing = accountWithSamePhone(s, realm, identity, phoneBinding);
        }
        UserModel user = existing;
        if (user == null) {
            String username = identity.getModelUsername();
            if (s.users().getUserByUsername(realm, username) != null) {
                if (attempt < ALTERNATE_USERNAME_FROM_ATTEMPT) {
                    // a concurrent first login may have just committed this user: the next try, in a new transaction, finds it
                    throw new ModelDuplicateException("Username " + username + " is taken");
                }
                // someone else has the name (made by hand, or by a provider keyed by the same string)
                username = username + "-" + identity.getIdpConfig().getAlias().toLowerCase(Locale.ROOT);
            }
            user = s.users().addUser(realm, null, username, true, false);
            user.setEnabled(true);
        }
        UserModel newlyLinked = user;
        s.users().addFederatedIdentity(realm, user, link(identity));
        identity.getIdp().importNewUser(s, realm, user, identity);
        forEachMapper(s, mappers, (mapper, model) -> mapper.importNewUser(s, realm, newlyLinked, model, identity));
        applyMappedAttributes(user, identity);
        return new Committed(user.getId(), existing != null ? Outcome.LINKED : Outcome.CREATED);
    }

    /** What the first-login transaction committed. */
    private record Committed(String userId, Outcome outcome) {
    }

    /**
     * The user whose link to this provider was made from the openid (the mini-program was not yet
     * bound to an Open Platform account) when the identity now is keyed by the unionid WeChat sent.
     */
    private static UserModel userLinkedByOpenid(KeycloakSession s, RealmModel realm, BrokeredIdentityContext identity) {
        String openid = (String) identity.getContextData().get(LoginNotes.OPENID);
        if (openid == null || openid.equals(identity.getId())) {
            return null;
        }
        return s.users().getUserByFederatedIdentity(realm,
                new FederatedIdentityModel(identity.getIdpConfig().getAlias(), openid, null));
    }


    /**
     * The account provisioned with the phone number this login proved, when the provider's phone
     * mapper links on conflict: enabled, fully set up, and linked to no identity provider at all
     * (an account that signed in through WeChat or elsewhere before is never taken over this way).
     */
    private static UserModel accountWithSamePhone(KeycloakSession s, RealmModel realm, BrokeredIdentityContext identity,
                                                  Optional<PhoneBinding> phoneBinding) {
        String phone = (String) identity.getContextData().get(LoginNotes.PHONE);
        if (phone == null) {
            return null;
        }
        return phoneBinding
                .flatMap(binding -> binding.accountToLink(s, realm, phone))
                .filter(account -> LoginRefusal.of(s, realm, account).isEmpty()
                        && s.users().getFederatedIdentitiesStream(realm, account).findAny().isEmpty())
                .orElse(null);
    }

    /** The same person's user through another provider of the family, as the identity's provider finds it (links only). */
    private static UserModel userOfSamePerson(KeycloakSession s, RealmModel realm, BrokeredIdentityContext identity) {
        return identity.getIdp() instanceof CodeLoginProvider provider ? provider.samePersonElsewhere(s, realm, identity) : null;
    }

    /** A returning login: the provider and the mappers per their sync mode; nothing is written unless it changed. */
    private void update(UserModel user, BrokeredIdentityContext identity) {
        identity.getIdp().updateBrokeredUser(session, realm, user, identity);
        forEachMapper(session, mappers, (mapper, model) ->
                IdentityProviderMapperSyncModeDelegate.delegateUpdateBrokeredUser(session, realm, user, model, identity, mapper));
    }

    /** Attributes that mappers left in the brokered context at import (user-profile aware mappers do that). */
    private static void applyMappedAttributes(UserModel user, BrokeredIdentityContext identity) {
        for (Map.Entry<String, List<String>> attribute : identity.getAttributes().entrySet()) {
            if (!UserModel.USERNAME.equalsIgnoreCase(attribute.getKey())) {
                user.setAttribute(attribute.getKey(), attribute.getValue());
            }
        }
    }

    private static FederatedIdentityModel link(BrokeredIdentityContext identity) {
        return new FederatedIdentityModel(identity.getIdpConfig().getAlias(), identity.getId(), identity.getUsername());
    }

    /** @param rekeyedFrom the openid a re-keyed link had, else null */
    private void emit(EventType type, UserModel user, BrokeredIdentityContext identity, String rekeyedFrom) {
        LOG.debugf("%s: user %s, WeChat identity %s of identity provider %s", type, user.getUsername(), identity.getId(),
                identity.getIdpConfig().getAlias());
        EventBuilder recorded = event.clone();
        // a first login kept although the login was refused (consent_required): the user was registered all the same
        recorded.getEvent().setError(null);
        recorded
                .detail(REKEYED_FROM_DETAIL, rekeyedFrom)
                .storeImmediately(true)
                .event(type)
                .user(user)
                .detail(Details.USERNAME, user.getUsername())
                .detail(Details.IDENTITY_PROVIDER, identity.getIdpConfig().getAlias())
                .detail(Details.IDENTITY_PROVIDER_USERNAME, identity.getId())
                .detail(Details.REGISTER_METHOD, type == EventType.REGISTER ? identity.getIdpConfig().getProviderId() : null)
                .success();
    }

    private static void forEachMapper(KeycloakSession s, List<IdentityProviderMapperModel> mappers,
                                      BiConsumer<IdentityProviderMapper, IdentityProviderMapperModel> action) {
        mappers.forEach(model -> {
            IdentityProviderMapper mapper = (IdentityProviderMapper) s.getKeycloakSessionFactory()
                    .getProviderFactory(IdentityProviderMapper.class, model.getIdentityProviderMapper());
            if (mapper != null) {
                action.accept(mapper, model);
            }
        });
    }
}
