package dev.kcwechat.login;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * The aliases of a realm's code-login identity providers (WeChat and WeCom mini-programs). Keycloak caches a provider
 * looked up by alias, and the number of a realm's providers, but not the list of them, which is a
 * database query (and one more per provider's config). The list is therefore kept for a minute in
 * Keycloak's clustered single-use store, with the number of the realm's providers when it was
 * read. Callers check each provider through the cached by-alias lookup, so a changed, disabled or
 * removed provider counts at once; a kept list is read again from the database only when it may
 * miss a provider: the realm's number of providers changed (one was added), or a kept alias is gone.
 */
final class WeChatProviderAliases {

    static final long LIFESPAN_SECONDS = 60;
    private static final String KEY_PREFIX = "kcwechat:idp-aliases:";
    private static final String ALIASES = "aliases";
    private static final String PROVIDERS = "providers";

    private final KeycloakSession session;
    private final String key;

    WeChatProviderAliases(KeycloakSession session) {
        this.session = session;
        this.key = KEY_PREFIX + session.getContext().getRealm().getId();
    }

    /**
     * The aliases, whether they are the kept list (else they were just read from the database),
     * and how many providers the realm had when they were read.
     */
    record Aliases(Set<String> aliases, boolean kept, long providers) {

        /** Whether a kept list may lack a provider: the realm's number of providers is not what it was. */
        boolean mayMissAProvider(KeycloakSession session) {
            return kept && providers != session.identityProviders().count();
        }
    }

    /** The kept list, or a fresh one from the database (then kept). */
    Aliases get() {
        Map<String, String> kept = session.singleUseObjects().get(key);
        if (kept == null || kept.get(ALIASES) == null || kept.get(PROVIDERS) == null) {
            return fromDatabase();
        }
        Set<String> aliases = Arrays.stream(kept.get(ALIASES).split("\n")).filter(alias -> !alias.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
        return new Aliases(aliases, true, Long.parseLong(kept.get(PROVIDERS)));
    }

    /**
     * A fresh list from the database, kept for the next logins. It is kept in a transaction of its
     * own: a refused login rolls its own back, and the next would read the database again.
     */
    Aliases fromDatabase() {
        long providers = session.identityProviders().count();
        Set<String> aliases = session.identityProviders().getAllStream()
                .filter(model -> CodeLoginProviders.isCodeLogin(session, model))
                .map(IdentityProviderModel::getAlias)
                .collect(Collectors.toUnmodifiableSet());
        Map<String, String> kept = Map.of(ALIASES, String.join("\n", aliases), PROVIDERS, Long.toString(providers));
        KeycloakModelUtils.runJobInTransaction(session.getKeycloakSessionFactory(),
                own -> own.singleUseObjects().put(key, LIFESPAN_SECONDS, kept));
        return new Aliases(aliases, false, providers);
    }
}
