package dev.kcwechat.session;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import org.keycloak.crypto.Algorithm;
import org.keycloak.crypto.KeyUse;
import org.keycloak.crypto.KeyWrapper;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserSessionModel;

/**
 * Keeps the WeChat session_key with the Keycloak user session the code grant created: a note of
 * that session, sealed with AES-GCM under the realm's active AES key (key id kept for rotation) and
 * bound to the session's id. It goes wherever the session goes (cluster caches, the database when
 * sessions persist) only sealed, is replaced by the next code login's session, and is gone at
 * logout or expiry with the session.
 */
public final class SessionKeyStore {

    /** The user session note holding the sealed session_key. */
    public static final String NOTE = "kcwechat.session_key";
    private static final String VERSION = "v1";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final KeycloakSession session;
    private final RealmModel realm;

    public SessionKeyStore(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    public void store(UserSessionModel userSession, String sessionKey) {
        KeyWrapper key = session.keys().getActiveKey(realm, KeyUse.ENC, Algorithm.AES);
        byte[] iv = new byte[IV_BYTES];
        RANDOM.nextBytes(iv);
        byte[] sealed = crypt(Cipher.ENCRYPT_MODE, key.getSecretKey(), iv, userSession.getId(),
                sessionKey.getBytes(StandardCharsets.UTF_8));
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        userSession.setNote(NOTE, String.join(".", VERSION, key.getKid(), base64.encodeToString(iv), base64.encodeToString(sealed)));
    }

    /** The session_key of a session the code grant created; empty for any other session, or if it cannot be unsealed. */
    public Optional<String> read(UserSessionModel userSession) {
        String note = userSession.getNote(NOTE);
        if (note == null) {
            return Optional.empty();
        }
        String[] parts = note.split("\\.");
        if (parts.length != 4 || !VERSION.equals(parts[0])) {
            return Optional.empty();
        }
        KeyWrapper key = session.keys().getKey(realm, parts[1], KeyUse.ENC, Algorithm.AES);
        if (key == null) {
            return Optional.empty();
        }
        try {
            Base64.Decoder base64 = Base64.getUrlDecoder();
            byte[] plain = crypt(Cipher.DECRYPT_MODE, key.getSecretKey(), base64.decode(parts[2]), userSession.getId(),
                    base64.decode(parts[3]));
            return Optional.of(new String(plain, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException | IllegalStateException e) {
            return Optional.empty();
        }
    }

    private static byte[] crypt(int mode, SecretKey key, byte[] iv, String userSessionId, byte[] input) {
        try {
            Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
            gcm.init(mode, key, new GCMParameterSpec(TAG_BITS, iv));
            gcm.updateAAD(userSessionId.getBytes(StandardCharsets.UTF_8));
            return gcm.doFinal(input);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The session_key could not be " + (mode == Cipher.ENCRYPT_MODE ? "sealed" : "unsealed"));
        }
    }
}
