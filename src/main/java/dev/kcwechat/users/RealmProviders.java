package dev.kcwechat.users;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * A realm's identity providers as alias and type: for the first-login look-up of the same person
 * through the other providers of a family ({@link LinkedUsers}), and for the code grant's choice of
 * provider when a client sends no {@code idp}. Keycloak caches a provider looked up by alias and the
 * realm's number of providers, but not the list of them, which is a query plus one per provider's
 * config. The list is therefore kept in Keycloak's clustered single-use store, and kept exact, since
 * a provider missing from it would give a person a second user or a client the wrong provider: a
 * provider added changes the realm's number of providers (then the list is read again); a provider
 * removed or updated drops the realm's kept list ({@link #forgetOnChange}).
 */
public final class RealmProviders {

    /** Bounds what a race can leave kept: a list read while a provider was renamed, kept after the rename dropped it. */
    static final long LIFESPAN_SECONDS = 60;
    private static final String KEY_PREFIX = "kcwechat:idp-types:";
    private static final String PROVIDERS = "providers";
    private static final String COUNT = "count";

    /** The providers as read once: each alias's provider type, and how many providers the realm had then. */
    record Kept(Map<String, String> typeByAlias, long count) {

        Set<String> aliasesOf(Predicate<String> ofType) {
            return typeByAlias.entrySet().stream().filter(entry -> ofType.test(entry.getValue()))
                    .map(Map.Entry::getKey).collect(Collectors.toUnmodifiableSet());
        }

        /** The single-use store's form: {@code alias providerId} lines (neither holds a blank) and the count. */
        Map<String, String> notes() {
            return Map.of(PROVIDERS, typeByAlias.entrySet().stream().map(entry -> entry.getKey() + ' ' + entry.getValue())
                    .sorted().collect(Collectors.joining("\n")), COUNT, Long.toString(count));
        }

        /** Null when the notes are not a kept list (none, or from another version). */
        static Kept of(Map<String, String> notes) {
            if (notes == null || notes.get(PROVIDERS) == null || notes.get(COUNT) == null) {
                return null;
            }
            List<String[]> pairs = Arrays.stream(notes.get(PROVIDERS).split("\n")).filter(line -> !line.isEmpty())
                    .map(line -> line.split(" ", 2)).toList();
            if (pairs.stream().anyMatch(pair -> pair.length != 2)) {
                return null;
            }
            return new Kept(pairs.stream().collect(Collectors.toUnmodifiableMap(pair -> pair[0], pair -> pair[1])),
                    Long.parseLong(notes.get(COUNT)));
        }
    }

    private RealmProviders() {
    }

    /** The aliases of the realm's providers whose provider id (type) passes the test, enabled or not. */
    public static Set<String> aliasesOf(KeycloakSession session, RealmModel realm, Predicate<String> ofType) {
        long count = session.identityProviders().count();
        Kept kept = Kept.of(session.singleUseObjects().get(key(realm)));
        if (kept == null || kept.count() != count) {
            kept = new Kept(session.identityProviders().getAllStream()
                    .collect(Collectors.toUnmodifiableMap(IdentityProviderModel::getAlias, IdentityProviderModel::getProviderId)), count);
            // kept in a transaction of its own: a refused login rolls its own back, and every refusal would read the
            // database again (an attacker's client allowed on no provider costs nothing to send); a concurrent reader
            // may keep the same list too
            Map<String, String> notes = kept.notes();
            KeycloakModelUtils.runJobInTransaction(session.getKeycloakSessionFactory(),
                    own -> own.singleUseObjects().put(key(realm), LIFESPAN_SECONDS, notes));
        }
        return kept.aliasesOf(ofType);
    }

    /**
     * Call once from a factory's {@code postInit}: a provider removed or updated (its alias may
     * change) drops its realm's kept list, in the transaction that changes it.
     */
    public static void forgetOnChange(KeycloakSessionFactory factory) {
        factory.register(event -> {
            if (event instanceof RealmModel.IdentityProviderRemovedEvent removed) {
                forget(removed.getKeycloakSession(), removed.getRealm());
            } else if (event instanceof RealmModel.IdentityProviderUpdatedEvent updated) {
                forget(updated.getKeycloakSession(), updated.getRealm());
            }
        });
    }

    private static void forget(KeycloakSession session, RealmModel realm) {
        session.singleUseObjects().remove(key(realm));
    }

    private static String key(RealmModel realm) {
        return KEY_PREFIX + realm.getId();
    }
}
