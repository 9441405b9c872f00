package dev.kcwechat.wechatapi;

import dev.kcwechat.common.VaultReferences;
import org.keycloak.models.KeycloakSession;
import org.keycloak.vault.VaultStringSecret;

/**
 * An identity provider's secret as configured: a literal, or a {@code ${vault.key}} reference looked
 * up in Keycloak's vault, which must name one of the provider's own keys ({@link VaultReferences}):
 * a reference saved before that rule, or imported with the realm, is not looked up.
 */
public final class AppSecrets {

    private AppSecrets() {
    }

    /** @throws WeChatException (bad credentials) when the reference is not the provider's own or names nothing in the vault */
    public static String resolve(KeycloakSession session, String alias, String reference) {
        if (!VaultReferences.isAllowed(alias, reference)) {
            throw new WeChatException(WeChatFailure.BAD_CREDENTIALS, WeChatException.NO_ERRCODE,
                    VaultReferences.refusal("its Client Secret", alias));
        }
        try (VaultStringSecret secret = session.vault().getStringSecret(reference)) {
            return secret.get().orElseThrow(() -> new WeChatException(WeChatFailure.BAD_CREDENTIALS, WeChatException.NO_ERRCODE,
                    "The secret of identity provider '" + alias + "' is a vault reference that the vault cannot resolve"));
        }
    }
}
