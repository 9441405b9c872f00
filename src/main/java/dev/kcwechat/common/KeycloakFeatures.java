package dev.kcwechat.common;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * What the running Keycloak offers that older ones lack, looked up once: the one place that knows
 * which Keycloak APIs the extension uses only where they exist. One JAR, compiled against 26.7,
 * runs on 26.4 to 26.7; a class named here is touched only when its feature is present, so an
 * older Keycloak never loads it (see the README's "Supported Keycloak versions").
 */
public final class KeycloakFeatures {

    private static final String USER_AUTHENTICATION_IDP = "org.keycloak.broker.provider.UserAuthenticationIdentityProvider";
    private static final String CLIENT_MODEL_CONTEXT = "org.keycloak.services.clientpolicy.context.ClientModelContext";
    /** Keycloak 26.7: the refresh-token provider SPI, through which minors' refresh tokens are the guardian policy's own. */
    private static final String REFRESH_TOKEN_PROVIDER = "org.keycloak.protocol.oidc.refresh.RefreshTokenProvider";

    /**
     * Keycloak 26.5 split {@code UserAuthenticationIdentityProvider} out of {@code IdentityProvider};
     * the browser providers' broker callback takes its {@code AuthenticationCallback}, which 26.4
     * cannot hand them.
     */
    public static final boolean BROWSER_LOGINS = present(USER_AUTHENTICATION_IDP);

    /** Keycloak 26.6: client-policy contexts that name their client and scope parameter, read by its conditions. */
    public static final boolean CLIENT_POLICY_CLIENT_CONTEXTS = present(CLIENT_MODEL_CONTEXT);

    /**
     * Keycloak 26.7: the token response builder hands out its client session context, so a refresh's
     * session and client need no second look-up.
     */
    public static final boolean TOKEN_BUILDER_CLIENT_SESSION =
            hasMethod("org.keycloak.protocol.oidc.TokenManager$AccessTokenResponseBuilder", "getClientSessionCtx");

    private KeycloakFeatures() {
    }

    /** What the running Keycloak lacks, in an admin's words; empty on 26.7 and later. */
    public static List<String> unavailable() {
        return unavailable(KeycloakFeatures::present);
    }

    static List<String> unavailable(Predicate<String> present) {
        List<String> missing = new ArrayList<>();
        if (!present.test(USER_AUTHENTICATION_IDP)) {
            missing.add("the WeChat website, WeChat official-account and WeCom web logins (Keycloak 26.5 or later)");
        }
        if (!present.test(REFRESH_TOKEN_PROVIDER)) {
            missing.add("minors' refreshes are checked only where a client policy applies the wechat-guardian-policy executor"
                    + " (Keycloak 26.7 checks them everywhere)");
        }
        return missing;
    }

    private static boolean hasMethod(String className, String method) {
        try {
            Class.forName(className, false, KeycloakFeatures.class.getClassLoader()).getMethod(method);
            return true;
        } catch (ClassNotFoundException | NoSuchMethodException | LinkageError e) {
            return false;
        }
    }

    private static boolean present(String className) {
        try {
            Class.forName(className, false, KeycloakFeatures.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
