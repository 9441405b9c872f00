package dev.kcwechat.wecom.callback;

import dev.kcwechat.wecom.callback.WeComCallbackException.Reason;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import javax.crypto.Cipher;
import javax.crypto.IllegalBlockSizeException;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature and encryption of WeCom's callbacks (its WXBizMsgCrypt scheme; WECHAT-API.md §9),
 * for one callback configuration: the Token, the EncodingAESKey and the receiveid (the corpid for
 * a corp's own apps).
 *
 * <p>The key is {@code Base64Decode(EncodingAESKey + "=")}, 32 bytes; messages are AES-256-CBC
 * with the key's first 16 bytes as IV and PKCS#7 padding to 32-byte blocks. A plaintext is
 * {@code random(16) + msg_len (4 bytes, big-endian) + msg (UTF-8) + receiveid}. The signature is
 * the lowercase hex SHA-1 of token, timestamp, nonce and ciphertext, sorted and concatenated.
 *
 * <p>Immutable and thread-safe. Neither the key nor a plaintext ever reaches an exception message.
 */
public final class WeComCallbackCrypto {

    /** WeCom pads to 32-byte blocks, not AES's 16. */
    static final int PAD_BLOCK = 32;
    static final int RANDOM_LENGTH = 16;
    private static final int ENCODING_AES_KEY_LENGTH = 43;
    private static final int KEY_LENGTH = 32;
    private static final int LENGTH_FIELD = 4;
    private static final int HEADER = RANDOM_LENGTH + LENGTH_FIELD;
    private static final int AES_BLOCK = 16;

    private final String token;
    private final byte[] key;
    private final byte[] receiveId;

    /**
     * @param token          the Token set with the callback URL
     * @param encodingAesKey the 43-character EncodingAESKey set with it
     * @param receiveId      whom messages must be encrypted for: the corpid for a corp's own apps
     * @throws IllegalArgumentException for a missing token or receiveid, or a key that is not 43
     *                                  characters of base64 decoding to 32 bytes
     */
    public WeComCallbackCrypto(String token, String encodingAesKey, String receiveId) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("a WeCom callback needs its Token");
        }
        if (receiveId == null || receiveId.isBlank()) {
            throw new IllegalArgumentException("a WeCom callback needs the receiveid it is for (the corpid)");
        }
        this.token = token;
        this.key = aesKey(encodingAesKey);
        this.receiveId = receiveId.getBytes(StandardCharsets.UTF_8);
    }

    /** hex(sha1(token, timestamp, nonce and encrypted, sorted as strings and concatenated)), lowercase. */
    public static String signature(String token, String timestamp, String nonce, String encrypted) {
        String[] parts = {
            Objects.requireNonNull(token, "token"), Objects.requireNonNull(timestamp, "timestamp"),
            Objects.requireNonNull(nonce, "nonce"), Objects.requireNonNull(encrypted, "encrypted")
        };
        Arrays.sort(parts);
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            for (String part : parts) {
                sha1.update(part.getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(sha1.digest());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-1 is not available", e);
        }
    }

    /** Whether msg_signature is this Token's signature over the rest; compared in constant time; false for any null. */
    public boolean verify(String msgSignature, String timestamp, String nonce, String encrypted) {
        if (msgSignature == null || timestamp == null || nonce == null || encrypted == null) {
            return false;
        }
        byte[] expected = signature(token, timestamp, nonce, encrypted).getBytes(StandardCharsets.US_ASCII);
        byte[] given = msgSignature.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, given);
    }

    /**
     * The message inside a ciphertext (an echostr or an Encrypt element).
     *
     * @throws WeComCallbackException BAD_MESSAGE when it is not base64, not whole blocks, badly
     *                                padded or its length does not fit; WRONG_RECEIVER when it was
     *                                encrypted for another receiveid
     */
    public String decrypt(String encrypted) throws WeComCallbackException {
        byte[] plain = unpad(aes(Cipher.DECRYPT_MODE, ciphertext(encrypted)));
        if (plain.length < HEADER) {
            throw bad("the message is too short");
        }
        int msgLength = ByteBuffer.wrap(plain, RANDOM_LENGTH, LENGTH_FIELD).getInt();
        if (msgLength < 0 || msgLength > plain.length - HEADER) {
            throw bad("the message length does not fit");
        }
        byte[] receiver = Arrays.copyOfRange(plain, HEADER + msgLength, plain.length);
        if (!MessageDigest.isEqual(receiver, receiveId)) {
            throw new WeComCallbackException(Reason.WRONG_RECEIVER, "the message was encrypted for another corp");
        }
        return utf8(ByteBuffer.wrap(plain, HEADER, msgLength));
    }

    /**
     * Encrypts a message for this receiveid with the given 16 random bytes (a reply, or a test's
     * callback); base64 of the ciphertext.
     */
    public String encrypt(String msg, byte[] random16) {
        Objects.requireNonNull(msg, "msg");
        if (random16 == null || random16.length != RANDOM_LENGTH) {
            throw new IllegalArgumentException("a WeCom message starts with 16 random bytes");
        }
        byte[] body = msg.getBytes(StandardCharsets.UTF_8);
        int length = HEADER + body.length + receiveId.length;
        int pad = PAD_BLOCK - length % PAD_BLOCK;
        ByteBuffer plain = ByteBuffer.allocate(length + pad)
                .put(random16).putInt(body.length).put(body).put(receiveId);
        while (plain.hasRemaining()) {
            plain.put((byte) pad);
        }
        try {
            return Base64.getEncoder().encodeToString(aes(Cipher.ENCRYPT_MODE, plain.array()));
        } catch (WeComCallbackException e) {
            throw new IllegalStateException("AES refused whole blocks", e);
        }
    }

    // ---- steps ----

    private static byte[] aesKey(String encodingAesKey) {
        String problem = "a WeCom EncodingAESKey is 43 letters and digits (base64 of 32 bytes)";
        if (encodingAesKey == null || encodingAesKey.length() != ENCODING_AES_KEY_LENGTH) {
            throw new IllegalArgumentException(problem + "; this one is "
                    + (encodingAesKey == null ? "missing" : encodingAesKey.length() + " characters long"));
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(encodingAesKey + "=");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(problem + "; this one is not base64");
        }
        if (decoded.length != KEY_LENGTH) {
            throw new IllegalArgumentException(problem + "; this one does not decode to 32 bytes");
        }
        return decoded;
    }

    private static byte[] ciphertext(String encrypted) throws WeComCallbackException {
        if (encrypted == null || encrypted.isBlank()) {
            throw bad("the message is missing");
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(encrypted.trim());
        } catch (IllegalArgumentException e) {
            throw bad("the message is not base64");
        }
        if (bytes.length < PAD_BLOCK || bytes.length % AES_BLOCK != 0) {
            throw bad("the message is not whole AES blocks");
        }
        return bytes;
    }

    private byte[] aes(int mode, byte[] input) throws WeComCallbackException {
        try {
            Cipher cipher = Cipher.getInstance("AES/CBC/NoPadding");
            cipher.init(mode, new SecretKeySpec(key, "AES"), new IvParameterSpec(key, 0, AES_BLOCK));
            return cipher.doFinal(input);
        } catch (IllegalBlockSizeException e) {
            throw bad("the message is not whole AES blocks");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-CBC is not available", e);
        }
    }

    /** Removes PKCS#7 padding of a 32-byte block: 1 to 32 bytes, each the pad's length. */
    private static byte[] unpad(byte[] plain) throws WeComCallbackException {
        int pad = plain[plain.length - 1] & 0xff;
        if (pad < 1 || pad > PAD_BLOCK) {
            throw bad("the message is badly padded");
        }
        int mismatch = 0;
        for (int i = plain.length - pad; i < plain.length; i++) {
            mismatch |= (plain[i] & 0xff) ^ pad;
        }
        if (mismatch != 0) {
            throw bad("the message is badly padded");
        }
        return Arrays.copyOf(plain, plain.length - pad);
    }

    private static String utf8(ByteBuffer bytes) throws WeComCallbackException {
        try {
            CharBuffer text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes);
            return text.toString();
        } catch (CharacterCodingException e) {
            throw bad("the message is not UTF-8");
        }
    }

    private static WeComCallbackException bad(String message) {
        return new WeComCallbackException(Reason.BAD_MESSAGE, message);
    }
}
