package dev.kcwechat.wechatapi;

import org.keycloak.models.KeycloakSession;
import org.keycloak.vault.VaultStringSecret;

/** An identity provider's secret as configured: a literal, or a {@code ${vault.key}} reference looked up in Keycloak's vault. */
public final class AppSecrets {

    private AppSecrets() {
    }

    /** @throws WeChatException (bad credentials) when the reference names nothing in the vault */
    public static String resolve(KeycloakSession session, String alias, String reference) {
        try (VaultStringSecret secret = session.vault().getStringSecret(reference)) {
            return secret.get().orElseThrow(() -> new WeChatException(WeChatFailure.BAD_CREDENTIALS, WeChatException.NO_ERRCODE,
                    "The secret of identity provider '" + alias + "' is a vault reference that the vault cannot resolve"));
        }
    }
}
