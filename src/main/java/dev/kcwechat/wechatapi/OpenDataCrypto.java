package dev.kcwechat.wechatapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * WeChat's open-data cryptography, all keyed by the user's session_key: AES-128-CBC decryption of
 * encryptedData, the rawData signature, and the checksession signature.
 */
public final class OpenDataCrypto {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private OpenDataCrypto() {
    }

    /**
     * Decrypts encryptedData (AES-128-CBC, PKCS#7; key = base64(session_key), iv = base64(iv)) and
     * checks that its {@code watermark.appid} is {@code appId}.
     */
    public static JsonNode decrypt(String sessionKey, String encryptedData, String iv, String appId) {
        byte[] key = base64(sessionKey, "session_key");
        byte[] ivBytes = base64(iv, "iv");
        byte[] ciphertext = base64(encryptedData, "encryptedData");
        if (key.length != 16 || ivBytes.length != 16 || ciphertext.length == 0 || ciphertext.length % 16 != 0) {
            throw new OpenDataException(OpenDataException.Reason.MALFORMED, "iv must be 16 bytes and encryptedData whole AES blocks");
        }
        JsonNode data;
        try {
            Cipher aes = Cipher.getInstance("AES/CBC/PKCS5Padding");
            aes.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(ivBytes));
            data = MAPPER.readTree(new String(aes.doFinal(ciphertext), StandardCharsets.UTF_8));
        } catch (GeneralSecurityException | IOException e) {
            throw new OpenDataException(OpenDataException.Reason.UNDECRYPTABLE,
                    "encryptedData does not decrypt with this session's key: call wx.login() and sign in again, then fetch the data anew");
        }
        if (data == null || appId == null || !appId.equals(data.path("watermark").path("appid").asText(null))) {
            throw new OpenDataException(OpenDataException.Reason.WRONG_APPID, "encryptedData was made for another mini-program");
        }
        return data;
    }

    /** Whether {@code signature} is hex(sha1(rawData + session_key)), as wx.getUserInfo sends it. */
    public static boolean rawDataSignatureMatches(String rawData, String signature, String sessionKey) {
        if (rawData == null || signature == null || sessionKey == null || sessionKey.isBlank()) {
            return false;
        }
        try {
            byte[] expected = MessageDigest.getInstance("SHA-1").digest((rawData + sessionKey).getBytes(StandardCharsets.UTF_8));
            byte[] given = HexFormat.of().parseHex(signature.toLowerCase());
            return MessageDigest.isEqual(expected, given);
        } catch (IllegalArgumentException e) {
            return false;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-1 is not available", e);
        }
    }

    /** The checksession signature: hex(HMAC-SHA256(key = session_key, message = "")). */
    public static String sessionSignature(String sessionKey) {
        try {
            Mac hmac = Mac.getInstance("HmacSHA256");
            hmac.init(new SecretKeySpec(sessionKey.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(hmac.doFinal(new byte[0]));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    private static byte[] base64(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new OpenDataException(OpenDataException.Reason.MALFORMED, name + " is missing");
        }
        try {
            return Base64.getDecoder().decode(value.trim());
        } catch (IllegalArgumentException e) {
            throw new OpenDataException(OpenDataException.Reason.MALFORMED, name + " is not base64");
        }
    }
}
