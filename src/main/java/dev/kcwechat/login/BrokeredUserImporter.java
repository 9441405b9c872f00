package dev.kcwechat.login;

import dev.kcwechat.common.IdentityProviderCalls;
import java.util.List;
import java.util.Optional;
import org.keycloak.broker.provider.BrokeredIdentityContext;
import org.keycloak.broker.provider.IdentityProviderMapperSyncModeDelegate;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.IdentityProviderMapperModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Finds, links or creates the Keycloak user of a brokered WeChat identity and runs the identity
 * provider's mappers, the way Keycloak's own brokering does.
 *
 * <p>A first login links or creates the user in a transaction of its own ({@link FirstLogin}).
 * Because that transaction commits before the login is done, a new user or link is tied to the
 * request's own transaction ({@link FirstLoginCompletion}): recorded when it commits, undone when
 * it rolls back.
 */
final class BrokeredUserImporter {

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
    private final BrokeringEvents events;
    private final IdentityMappers mappers;
    private final FirstLogin firstLogin;

    /**
     * @param mappers      the identity provider's mappers, read once per login
     * @param phoneBinding the provider's phone binding, if it has a phone mapper
     */
    BrokeredUserImporter(KeycloakSession session, RealmModel realm, EventBuilder event, List<IdentityProviderMapperModel> mappers,
                         Optional<PhoneBinding> phoneBinding) {
        this.session = session;
        this.realm = realm;
        this.events = new BrokeringEvents(event);
        this.mappers = new IdentityMappers(mappers);
        this.firstLogin = new FirstLogin(session, this.mappers, phoneBinding);
    }

    /**
     * Runs the provider's and the mappers' preprocessing, then finds the user linked to this
     * identity (Keycloak caches that lookup).
     *
     * @return null when no user is linked to it yet
     */
    UserModel prepare(BrokeredIdentityContext identity) {
        IdentityProviderCalls.idp(identity).preprocessFederatedIdentity(session, realm, identity);
        mappers.forEach(session, (mapper, model) -> mapper.preprocessFederatedIdentity(session, realm, model, identity));
        return session.users().getUserByFederatedIdentity(realm, FirstLogin.link(identity));
    }

    /** Whether a user is linked to this identity's openid, from before WeChat sent its unionid (its link gets re-keyed). */
    boolean hasOpenidLink(BrokeredIdentityContext identity) {
        return FirstLogin.userLinkedByOpenid(session, realm, identity) != null;
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
        FirstLogin.Committed committed = firstLogin.commit(identity);
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
            events.record(EventType.FEDERATED_IDENTITY_LINK, user, identity, (String) identity.getContextData().get(LoginNotes.OPENID));
        } else if (committed.outcome() != Outcome.FOUND) {
            session.getTransactionManager().enlistAfterCompletion(new FirstLoginCompletion(session, events, imported, identity));
        }
        return imported;
    }

    /** A returning login: the provider and the mappers per their sync mode; nothing is written unless it changed. */
    private void update(UserModel user, BrokeredIdentityContext identity) {
        IdentityProviderCalls.idp(identity).updateBrokeredUser(session, realm, user, identity);
        mappers.forEach(session, (mapper, model) ->
                IdentityProviderMapperSyncModeDelegate.delegateUpdateBrokeredUser(session, realm, user, model, identity, mapper));
    }
}
