package dev.kcwechat.email;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A six-digit code and its keyed hash: HMAC-SHA256 over a random salt and the code, keyed by a
 * server secret (the pepper), so that a stored hash alone does not give the code back even though
 * a million codes are quickly tried. Comparison takes the same time whatever the input.
 */
final class CodeHash {

    static final int DIGITS = 6;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] pepper;

    CodeHash(byte[] pepper) {
        this.pepper = pepper.clone();
    }

    static String newCode() {
        return String.format("%06d", RANDOM.nextInt(1_000_000));
    }

    static String newSalt() {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(salt);
    }

    /** Whether a text has the form of a code: exactly six ASCII digits. */
    static boolean isCode(String text) {
        return text != null && text.length() == DIGITS && text.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    String hash(String salt, String code) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(pepper, "HmacSHA256"));
            mac.update(salt.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(code.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    boolean matches(String salt, String code, String expectedHash) {
        if (salt == null || expectedHash == null || code == null) {
            return false;
        }
        return MessageDigest.isEqual(hash(salt, code).getBytes(StandardCharsets.US_ASCII), expectedHash.getBytes(StandardCharsets.US_ASCII));
    }
}
