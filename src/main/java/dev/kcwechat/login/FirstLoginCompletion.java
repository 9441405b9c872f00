package dev.kcwechat.login;

import dev.kcwechat.common.Causes;
import dev.kcwechat.records.AuthorizationRecords;
import org.jboss.logging.Logger;
import org.keycloak.broker.provider.BrokeredIdentityContext;
import org.keycloak.events.EventType;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Ends a first login with the request: when the request commits, the new user or link is
 * recorded; when it rolls back — an error answer, or its own commit failing — the user or link
 * the first-login transaction committed is undone.
 */
final class FirstLoginCompletion extends AbstractKeycloakTransaction {

    private static final Logger LOG = Logger.getLogger(FirstLoginCompletion.class);

    private final KeycloakSession session;
    private final BrokeringEvents events;
    private final BrokeredUserImporter.Imported imported;
    private final BrokeredIdentityContext identity;

    FirstLoginCompletion(KeycloakSession session, BrokeringEvents events, BrokeredUserImporter.Imported imported,
                         BrokeredIdentityContext identity) {
        this.session = session;
        this.events = events;
        this.imported = imported;
        this.identity = identity;
    }

    @Override
    protected void commitImpl() {
        boolean created = imported.outcome() == BrokeredUserImporter.Outcome.CREATED;
        events.record(created ? EventType.REGISTER : EventType.FEDERATED_IDENTITY_LINK, imported.user(), identity, null);
    }

    /**
     * Undoes what the first login committed: a created user is removed, a new link is removed (what
     * the provider's and mappers' import set on the linked account, an attribute or a role, stays).
     * A re-keyed link stays re-keyed: it is the same user's, now keyed as WeChat proves it.
     */
    @Override
    protected void rollbackImpl() {
        String userId = imported.user().getId();
        String alias = identity.getIdpConfig().getAlias();
        try {
            KeycloakModelUtils.runJobInTransaction(session.getKeycloakSessionFactory(), session.getContext(), s -> {
                RealmModel r = s.getContext().getRealm();
                UserModel user = s.users().getUserById(r, userId);
                if (user == null) {
                    return;
                }
                if (imported.outcome() == BrokeredUserImporter.Outcome.CREATED) {
                    new AuthorizationRecords(s).deleteOfUser(r, userId);
                    s.users().removeUser(r, user);
                } else {
                    s.users().removeFederatedIdentity(r, user, alias);
                }
            });
            LOG.debugf("Undid the first login (%s) of user %s after the login failed", imported.outcome(), userId);
        } catch (RuntimeException e) {
            LOG.warnf("Could not undo the first login (%s) of user %s: %s", imported.outcome(), userId, Causes.of(e));
        }
    }
}
