package dev.kcwechat.login;

import dev.kcwechat.records.AuthorizationKind;
import dev.kcwechat.records.AuthorizationRecords;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientScopeModel;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserConsentModel;
import org.keycloak.models.UserModel;

/**
 * The client scopes a user has granted a client, kept as Keycloak's own user consent (the account
 * console's <em>Applications</em> shows it, and the user can remove it there), with a {@code scope}
 * record naming the scopes a login grants for the first time: at the first login to a client, and
 * when a login asks for more. A login within what was granted reads the consent from Keycloak's
 * user cache and writes nothing.
 */
final class ScopeGrants {

    private ScopeGrants() {
    }

    static void recordIfChanged(KeycloakSession session, RealmModel realm, ClientModel client, UserModel user,
                                ClientSessionContext context, String privacyVersion) {
        UserConsentModel existing = session.users().getConsentByClient(realm, user.getId(), client.getId());
        Set<String> before = existing == null ? Set.of()
                : existing.getGrantedClientScopes().stream().map(ClientScopeModel::getId).collect(Collectors.toSet());
        List<ClientScopeModel> added = context.getClientScopesStream().filter(scope -> !before.contains(scope.getId())).toList();
        if (added.isEmpty()) {
            return;
        }
        UserConsentModel consent = new UserConsentModel(client);
        if (existing != null) {
            existing.getGrantedClientScopes().forEach(consent::addGrantedClientScope);
        }
        added.forEach(consent::addGrantedClientScope);
        if (existing == null) {
            session.users().addConsent(realm, user.getId(), consent);
        } else {
            session.users().updateConsent(realm, user.getId(), consent);
        }
        String names = String.join(" ", added.stream().map(ClientScopeModel::getName).collect(Collectors.toCollection(TreeSet::new)));
        new AuthorizationRecords(session).record(realm,
                new AuthorizationRecords.Act(user.getId(), client.getClientId(), AuthorizationKind.SCOPE, names, privacyVersion));
    }
}
