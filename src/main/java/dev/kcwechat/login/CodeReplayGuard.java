package dev.kcwechat.login;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.keycloak.models.KeycloakSession;

/**
 * Refuses a wx.login() code Keycloak has already seen, across the cluster, without asking WeChat:
 * a marker per code in Keycloak's single-use store, written atomically before WeChat is called.
 * The marker holds a hash of the code, never the code itself.
 */
final class CodeReplayGuard {

    /** WeChat codes live 5 minutes; the marker outlives them with room for clock skew. */
    static final long MARKER_LIFESPAN_SECONDS = 600;
    private static final String KEY_PREFIX = "kcwechat:code:";

    private final KeycloakSession session;

    CodeReplayGuard(KeycloakSession session) {
        this.session = session;
    }

    /** True the first time a code of this AppID is seen; false for a replay. */
    boolean claim(String appId, String code) {
        return session.singleUseObjects().putIfAbsent(key(appId, code), MARKER_LIFESPAN_SECONDS);
    }

    /** Forgets a code so that the client may retry it (WeChat was busy or unreachable). */
    void release(String appId, String code) {
        session.singleUseObjects().remove(key(appId, code));
    }

    static String key(String appId, String code) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            byte[] digest = sha256.digest((appId + ':' + code).getBytes(StandardCharsets.UTF_8));
            return KEY_PREFIX + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
