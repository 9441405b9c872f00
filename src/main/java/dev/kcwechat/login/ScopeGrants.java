package dev.kcwechat.login;

import dev.kcwechat.records.AuthorizationKind;
import dev.kcwechat.records.AuthorizationRecords;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientScopeModel;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.SingleUseObjectProvider;
import org.keycloak.models.UserModel;

/**
 * A {@code scope} record names the client scopes a login grants a client for the first time: at the
 * first login to a client, and when a login asks for more ({@code offline_access}, say). What a
 * user has granted a client is read from the records once and then kept in Keycloak's clustered
 * single-use store, so that a login within it makes one cached look-up and writes nothing. Of
 * concurrent logins granting the same scopes, one records them (an atomic {@code putIfAbsent}).
 */
final class ScopeGrants {

    static final long KEPT_SECONDS = 24 * 3600;
    private static final String GRANTED_PREFIX = "kcwechat:granted-scopes:";
    private static final String GRANTING_PREFIX = "kcwechat:granting-scopes:";
    private static final String SCOPES = "scopes";

    private ScopeGrants() {
    }

    /** @param newUser the login created the user: it has granted nothing yet, and its records are not read */
    static void recordIfChanged(KeycloakSession session, RealmModel realm, ClientModel client, UserModel user,
                                ClientSessionContext context, String privacyVersion, boolean newUser) {
        // the client itself is among the session's scopes (for its role mappings): not a scope the user grants
        Set<String> asked = context.getClientScopesStream().filter(scope -> !(scope instanceof ClientModel))
                .map(ClientScopeModel::getName).collect(Collectors.toCollection(TreeSet::new));
        SingleUseObjectProvider store = session.singleUseObjects();
        String key = GRANTED_PREFIX + realm.getId() + ':' + user.getId() + ':' + client.getId();
        // a new user is as one whose kept grants are none
        Map<String, String> kept = newUser ? Map.of(SCOPES, "") : store.get(key);
        Set<String> granted = granted(session, realm, client, user, kept);
        Set<String> added = asked.stream().filter(scope -> !granted.contains(scope)).collect(Collectors.toCollection(TreeSet::new));
        if (added.isEmpty()) {
            if (kept == null || kept.get(SCOPES) == null) {
                // read from the records: kept (when the login commits) so that the next logins do not read them again
                store.put(key, KEPT_SECONDS, Map.of(SCOPES, String.join(" ", granted)));
            }
            return;
        }
        String names = String.join(" ", added);
        if (!store.putIfAbsent(GRANTING_PREFIX + realm.getId() + ':' + user.getId() + ':' + client.getId() + ':' + names, 60)) {
            return;   // a concurrent login of the same user records the same grant
        }
        new AuthorizationRecords(session).record(realm,
                new AuthorizationRecords.Act(user.getId(), client.getClientId(), AuthorizationKind.SCOPE, names, privacyVersion));
        Set<String> now = new TreeSet<>(granted);
        now.addAll(added);
        // kept when the login commits, as the record is
        store.put(key, KEPT_SECONDS, Map.of(SCOPES, String.join(" ", now)));
    }

    private static Set<String> granted(KeycloakSession session, RealmModel realm, ClientModel client, UserModel user,
                                       Map<String, String> kept) {
        if (kept != null && kept.get(SCOPES) != null) {
            return split(kept.get(SCOPES));
        }
        return new AuthorizationRecords(session).grantedScopes(realm, user.getId(), client.getClientId()).stream()
                .flatMap(detail -> split(detail).stream()).collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<String> split(String names) {
        return Arrays.stream(names.split(" ")).filter(name -> !name.isEmpty()).collect(Collectors.toCollection(TreeSet::new));
    }
}
