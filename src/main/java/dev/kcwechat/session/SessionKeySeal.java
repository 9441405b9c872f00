package dev.kcwechat.session;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Function;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * The sealing of a session_key, without Keycloak: AES-GCM under a given AES key, a fresh random IV
 * each time, the user session's id as additional authenticated data (a note copied to another
 * session does not open), and the key's id kept so a note sealed before a realm key rotation still
 * opens while that key is enabled.
 *
 * <p>A sealed note is {@code v1.<kid>.<iv>.<ciphertext+tag>}, IV and ciphertext in unpadded
 * base64url.
 */
final class SessionKeySeal {

    static final String VERSION = "v1";
    static final int IV_BYTES = 12;
    static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private SessionKeySeal() {
    }

    /**
     * Seals {@code sessionKey} for the user session {@code userSessionId} under {@code key}, whose
     * id {@code kid} goes into the note.
     *
     * @throws IllegalArgumentException if the kid cannot be written into a note (empty, or with a {@code .})
     * @throws IllegalStateException if the key cannot seal (not an AES key)
     */
    static String seal(String kid, SecretKey key, String userSessionId, String sessionKey) {
        if (kid == null || kid.isEmpty() || kid.indexOf('.') >= 0) {
            throw new IllegalArgumentException("The key id of the realm's AES key cannot be kept in a sealed note");
        }
        byte[] iv = new byte[IV_BYTES];
        RANDOM.nextBytes(iv);
        byte[] sealed;
        try {
            sealed = crypt(Cipher.ENCRYPT_MODE, key, iv, userSessionId, sessionKey.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The session_key could not be sealed");
        }
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        return String.join(".", VERSION, kid, base64.encodeToString(iv), base64.encodeToString(sealed));
    }

    /**
     * The session_key sealed in {@code note} for the user session {@code userSessionId}; empty if
     * the note is null, not a note of this version, names a key {@code keys} does not know (it
     * answers null), or does not open (tampered with, sealed for another session, another key).
     */
    static Optional<String> unseal(String note, String userSessionId, Function<String, SecretKey> keys) {
        if (note == null || userSessionId == null) {
            return Optional.empty();
        }
        String[] parts = note.split("\\.", -1);
        if (parts.length != 4 || !VERSION.equals(parts[0]) || parts[1].isEmpty()) {
            return Optional.empty();
        }
        try {
            Base64.Decoder base64 = Base64.getUrlDecoder();
            byte[] iv = base64.decode(parts[2]);
            byte[] sealed = base64.decode(parts[3]);
            if (iv.length != IV_BYTES || sealed.length < TAG_BITS / 8) {
                return Optional.empty();
            }
            SecretKey key = keys.apply(parts[1]);
            if (key == null) {
                return Optional.empty();
            }
            return Optional.of(new String(crypt(Cipher.DECRYPT_MODE, key, iv, userSessionId, sealed), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            return Optional.empty();
        }
    }

    private static byte[] crypt(int mode, SecretKey key, byte[] iv, String userSessionId, byte[] input)
            throws GeneralSecurityException {
        Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
        gcm.init(mode, key, new GCMParameterSpec(TAG_BITS, iv));
        gcm.updateAAD(userSessionId.getBytes(StandardCharsets.UTF_8));
        return gcm.doFinal(input);
    }
}
