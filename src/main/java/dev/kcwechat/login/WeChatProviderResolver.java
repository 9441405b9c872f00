package dev.kcwechat.login;

import java.util.List;
import java.util.Set;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;

/** Picks the WeChat identity provider a client trades its code through. */
final class WeChatProviderResolver {

    /** Why no provider could be picked; the message is safe to show the client. */
    static final class ResolutionException extends RuntimeException {
        private final GrantError grantError;

        ResolutionException(GrantError grantError, String message) {
            super(message, null, false, false);
            this.grantError = grantError;
        }

        GrantError grantError() {
            return grantError;
        }
    }

    private final KeycloakSession session;

    WeChatProviderResolver(KeycloakSession session) {
        this.session = session;
    }

    /**
     * @param alias the {@code idp} request parameter, or null to pick the only provider the client is allowed on
     */
    CodeLoginProvider resolve(ClientModel client, String alias) {
        return alias != null ? byAlias(client, alias) : only(client);
    }

    private CodeLoginProvider byAlias(ClientModel client, String alias) {
        CodeLoginProvider provider = CodeLoginProviders.of(session, session.identityProviders().getByAlias(alias));
        if (provider == null) {
            throw new ResolutionException(GrantError.invalidRequest(), "No WeChat mini-program identity provider '" + alias + "'");
        }
        if (!provider.model().isEnabled() || !provider.isClientAllowed(client.getClientId())) {
            throw new ResolutionException(GrantError.unauthorizedClient(),
                    "Client '" + client.getClientId() + "' is not allowed on identity provider '" + alias + "'");
        }
        return provider;
    }

    /**
     * The one enabled WeChat provider the client is allowed on, found among the kept aliases
     * through Keycloak's cached by-alias lookup. Only when none is and the kept list may miss a
     * provider (one was added or removed since) is the database's list read: a client allowed on
     * no provider is refused without reading the database.
     */
    private CodeLoginProvider only(ClientModel client) {
        WeChatProviderAliases aliases = new WeChatProviderAliases(session);
        WeChatProviderAliases.Aliases known = aliases.get();
        List<CodeLoginProvider> providers = providersAmong(known.aliases());
        List<CodeLoginProvider> allowed = allowedOf(providers, client);
        boolean keptAliasGone = providers.size() < known.aliases().size();
        if (allowed.isEmpty() && known.kept() && (keptAliasGone || known.mayMissAProvider(session))) {
            allowed = allowedOf(providersAmong(aliases.fromDatabase().aliases()), client);
        }
        if (allowed.isEmpty()) {
            throw new ResolutionException(GrantError.unauthorizedClient(),
                    "Client '" + client.getClientId() + "' is not allowed on any enabled WeChat mini-program identity provider");
        }
        if (allowed.size() > 1) {
            throw new ResolutionException(GrantError.invalidRequest(),
                    "Client '" + client.getClientId() + "' is allowed on several WeChat identity providers: pass 'idp'");
        }
        return allowed.get(0);
    }

    /** The code-login providers among the aliases that still are, each through Keycloak's cached by-alias lookup. */
    private List<CodeLoginProvider> providersAmong(Set<String> aliases) {
        return aliases.stream()
                .map(alias -> CodeLoginProviders.of(session, session.identityProviders().getByAlias(alias)))
                .filter(provider -> provider != null)
                .toList();
    }

    private static List<CodeLoginProvider> allowedOf(List<CodeLoginProvider> providers, ClientModel client) {
        return providers.stream()
                .filter(provider -> provider.model().isEnabled() && provider.isClientAllowed(client.getClientId()))
                .limit(2)
                .toList();
    }
}
