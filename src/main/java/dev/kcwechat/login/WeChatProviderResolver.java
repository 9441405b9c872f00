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
     * through Keycloak's cached by-alias lookup; when the kept list has none, the database's list.
     */
    private CodeLoginProvider only(ClientModel client) {
        WeChatProviderAliases aliases = new WeChatProviderAliases(session);
        WeChatProviderAliases.Aliases known = aliases.get();
        List<CodeLoginProvider> allowed = allowedAmong(known.aliases(), client);
        if (allowed.isEmpty() && known.kept()) {
            allowed = allowedAmong(aliases.fromDatabase(), client);
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

    private List<CodeLoginProvider> allowedAmong(Set<String> aliases, ClientModel client) {
        return aliases.stream()
                .map(alias -> CodeLoginProviders.of(session, session.identityProviders().getByAlias(alias)))
                .filter(provider -> provider != null && provider.model().isEnabled() && provider.isClientAllowed(client.getClientId()))
                .limit(2)
                .toList();
    }
}
