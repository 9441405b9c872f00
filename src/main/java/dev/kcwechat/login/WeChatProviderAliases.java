package dev.kcwechat.login;

import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.SingleUseObjectProvider;

/**
 * The aliases of a realm's code-login identity providers (WeChat and WeCom mini-programs). Keycloak caches a provider
 * looked up by alias, but not the list of a realm's providers, which is a database query (and one
 * more per provider's config) on every login that does not name its provider. The list is
 * therefore kept for a minute in Keycloak's clustered single-use store; callers check each
 * provider through the cached by-alias lookup, so a changed, disabled or removed provider counts
 * at once, and look again in the database when the kept list has no provider for them (a new one).
 */
final class WeChatProviderAliases {

    static final long LIFESPAN_SECONDS = 60;
    private static final String KEY_PREFIX = "kcwechat:idp-aliases:";

    private final KeycloakSession session;
    private final SingleUseObjectProvider store;
    private final String key;

    WeChatProviderAliases(KeycloakSession session) {
        this.session = session;
        this.store = session.singleUseObjects();
        this.key = KEY_PREFIX + session.getContext().getRealm().getId();
    }

    /** The aliases, and whether they are the kept list (else they were just read from the database). */
    record Aliases(Set<String> aliases, boolean kept) {
    }

    /** The kept list, or a fresh one from the database (then kept). */
    Aliases get() {
        Map<String, String> kept = store.get(key);
        return kept != null ? new Aliases(kept.keySet(), true) : new Aliases(fromDatabase(), false);
    }

    /**
     * A fresh list from the database, kept for the next logins (when this request's transaction
     * commits). At most once per request: the single-use store takes one deferred put per key.
     */
    Set<String> fromDatabase() {
        Set<String> aliases = session.identityProviders().getAllStream()
                .filter(model -> CodeLoginProviders.isCodeLogin(session, model))
                .map(IdentityProviderModel::getAlias)
                .collect(Collectors.toUnmodifiableSet());
        store.put(key, LIFESPAN_SECONDS, aliases.stream().collect(Collectors.toMap(Function.identity(), alias -> "")));
        return aliases;
    }
}
