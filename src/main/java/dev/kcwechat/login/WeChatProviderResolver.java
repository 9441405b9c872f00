package dev.kcwechat.login;

import dev.kcwechat.users.RealmProviders;
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
     * The one enabled WeChat provider the client is allowed on, among the realm's code-login
     * providers: their aliases come from the realm's kept provider list ({@link RealmProviders},
     * exact), each provider through Keycloak's cached by-alias lookup, so what an admin changes
     * counts at once.
     */
    private CodeLoginProvider only(ClientModel client) {
        Set<String> aliases = RealmProviders.aliasesOf(session, session.getContext().getRealm(),
                providerId -> CodeLoginProviders.isCodeLogin(session, providerId));
        List<CodeLoginProvider> allowed = allowedOf(providersAmong(aliases), client);
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

    /** The code-login providers of those aliases, each through Keycloak's cached by-alias lookup. */
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
