package dev.kcwechat.grant;

import dev.kcwechat.broker.CodeLoginProvider;
import dev.kcwechat.broker.WeChatMiniProgramConfig;
import dev.kcwechat.broker.WeChatMiniProgramIdentityProvider;
import dev.kcwechat.broker.WeChatMiniProgramIdentityProviderFactory;
import java.util.Set;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakSession;

/** The identity providers whose codes the grant trades, by provider id. */
final class CodeLoginProviders {

    static final Set<String> PROVIDER_IDS = Set.of(WeChatMiniProgramIdentityProviderFactory.PROVIDER_ID);

    private CodeLoginProviders() {
    }

    /** The provider of that model, or null when it is none of them (or there is no model). */
    static CodeLoginProvider of(KeycloakSession session, IdentityProviderModel model) {
        if (model == null) {
            return null;
        }
        return switch (model.getProviderId()) {
            case WeChatMiniProgramIdentityProviderFactory.PROVIDER_ID ->
                    new WeChatMiniProgramIdentityProvider(session, new WeChatMiniProgramConfig(model));
            default -> null;
        };
    }
}
