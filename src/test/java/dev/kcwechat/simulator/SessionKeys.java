package dev.kcwechat.simulator;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** The current session_key of each user of each app, and every session_key ever handed out. */
final class SessionKeys {

    private final Map<String, String> currentByUser = new ConcurrentHashMap<>();
    private final List<String> issued = new CopyOnWriteArrayList<>();

    /** A new session_key replaces the user's previous one, which dies. */
    void issue(String appId, String openid, String sessionKey) {
        currentByUser.put(userKey(appId, openid), sessionKey);
        issued.add(sessionKey);
    }

    Optional<String> current(String appId, String openid) {
        return Optional.ofNullable(currentByUser.get(userKey(appId, openid)));
    }

    boolean matchesCurrent(String appId, String openid, String signature) {
        return signature != null && current(appId, openid)
                .map(key -> MessageDigest.isEqual(
                        signature(key).getBytes(StandardCharsets.UTF_8),
                        signature.getBytes(StandardCharsets.UTF_8)))
                .orElse(false);
    }

    List<String> issued() {
        return List.copyOf(issued);
    }

    /** The checksession signature: lowercase hex(HMAC-SHA256(key = session_key, message = "")). */
    static String signature(String sessionKey) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(sessionKey.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(new byte[0]));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is always available", e);
        }
    }

    private static String userKey(String appId, String openid) {
        return appId + '\n' + openid;
    }
}
