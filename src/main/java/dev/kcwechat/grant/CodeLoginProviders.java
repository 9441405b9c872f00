package dev.kcwechat.grant;

import dev.kcwechat.broker.CodeLoginProvider;
import dev.kcwechat.broker.WeChatMiniProgramConfig;
import dev.kcwechat.broker.WeChatMiniProgramIdentityProvider;
import dev.kcwechat.broker.WeChatMiniProgramIdentityProviderFactory;
import dev.kcwechat.wecom.WeComMiniProgramConfig;
import dev.kcwechat.wecom.WeComMiniProgramIdentityProvider;
import dev.kcwechat.wecom.WeComMiniProgramIdentityProviderFactory;
import java.util.Set;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakSession;

/** The identity providers whose codes the grant trades (WeChat and WeCom mini-programs), by provider id. */
final class CodeLoginProviders {

    static final Set<String> PROVIDER_IDS = Set.of(WeChatMiniProgramIdentityProviderFactory.PROVIDER_ID,
            WeComMiniProgramIdentityProviderFactory.PROVIDER_ID);

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
            case WeComMiniProgramIdentityProviderFactory.PROVIDER_ID ->
                    new WeComMiniProgramIdentityProvider(session, new WeComMiniProgramConfig(model));
            default -> null;
        };
    }
}
