package dev.kcwechat.browser;

import dev.kcwechat.common.KeycloakFeatures;
import org.keycloak.broker.provider.IdentityBrokerException;
import org.keycloak.models.IdentityProviderModel;

/**
 * Whether the running Keycloak can finish a browser login: the vendor's page comes back to the
 * broker endpoint ({@link BrowserCallback}), which needs Keycloak 26.5 or later. On an older one
 * the login stops before the browser leaves for WeChat or WeCom, on Keycloak's broker error page,
 * instead of failing when it comes back.
 */
public final class BrowserLogins {

    private BrowserLogins() {
    }

    /** Call first in {@code performLogin}. */
    public static void requireAvailable(IdentityProviderModel config) {
        if (!KeycloakFeatures.BROWSER_LOGINS) {
            throw new IdentityBrokerException("Identity provider " + config.getAlias()
                    + ": WeChat and WeCom browser logins need Keycloak 26.5 or later");
        }
    }
}
