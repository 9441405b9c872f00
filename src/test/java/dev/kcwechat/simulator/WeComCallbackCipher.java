package dev.kcwechat.simulator;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * WeCom's side of its callback crypto (WXBizMsgCrypt; WECHAT-API.md §9), written for the simulator
 * on its own so that a mistake in the extension's crypto cannot cancel itself out in the tests:
 * the msg_signature, and encryption for a receiveid (with decryption, for tests to look inside).
 */
final class WeComCallbackCipher {

    /** A decrypted message: its 16 random bytes, the message and the receiveid it was for. */
    record Plain(byte[] random, String msg, String receiveId) {
    }

    private final byte[] key;

    /** {@code encodingAesKey}: 43 base64 characters, decoding (with "=" appended) to 32 bytes. */
    WeComCallbackCipher(String encodingAesKey) {
        byte[] decoded;
        try {
            decoded = encodingAesKey == null || encodingAesKey.length() != 43 ? new byte[0]
                    : Base64.getDecoder().decode(encodingAesKey + "=");
        } catch (IllegalArgumentException e) {
            decoded = new byte[0];
        }
        if (decoded.length != 32) {
            throw new IllegalArgumentException("an EncodingAESKey is 43 characters of base64 (32 bytes)");
        }
        this.key = decoded;
    }

    /** sha1 of the four strings in lexicographic order, joined, as lowercase hex. */
    static String signature(String token, String timestamp, String nonce, String encrypted) {
        String joined = Stream.of(token, timestamp, nonce, encrypted).sorted().collect(Collectors.joining());
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(joined.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-1 is always available", e);
        }
    }

    /** base64(AES-256-CBC(random + msg length + msg + receiveid, padded to 32-byte blocks)). */
    String encrypt(byte[] random16, String msg, String receiveId) {
        if (random16.length != 16) {
            throw new IllegalArgumentException("16 random bytes");
        }
        byte[] body = msg.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        plain.writeBytes(random16);
        plain.writeBytes(ByteBuffer.allocate(4).putInt(body.length).array());
        plain.writeBytes(body);
        plain.writeBytes(receiveId.getBytes(StandardCharsets.UTF_8));
        int pad = 32 - plain.size() % 32;
        for (int i = 0; i < pad; i++) {
            plain.write(pad);
        }
        return Base64.getEncoder().encodeToString(aes(Cipher.ENCRYPT_MODE, plain.toByteArray()));
    }

    /** Undoes {@link #encrypt}; an IllegalArgumentException for anything that is not such a message. */
    Plain decrypt(String encrypted) {
        byte[] plain = aes(Cipher.DECRYPT_MODE, Base64.getDecoder().decode(encrypted));
        int pad = plain[plain.length - 1];
        if (pad < 1 || pad > 32) {
            throw new IllegalArgumentException("bad padding");
        }
        int end = plain.length - pad;
        int length = ByteBuffer.wrap(plain, 16, 4).getInt();
        if (length < 0 || 20 + length > end) {
            throw new IllegalArgumentException("bad length");
        }
        return new Plain(Arrays.copyOf(plain, 16), new String(plain, 20, length, StandardCharsets.UTF_8),
                new String(plain, 20 + length, end - 20 - length, StandardCharsets.UTF_8));
    }

    private byte[] aes(int mode, byte[] input) {
        try {
            Cipher aes = Cipher.getInstance("AES/CBC/NoPadding");
            aes.init(mode, new SecretKeySpec(key, "AES"), new IvParameterSpec(Arrays.copyOf(key, 16)));
            return aes.doFinal(input);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("AES refused the message", e);
        }
    }
}
