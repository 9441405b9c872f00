package dev.kcwechat.wechatapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcwechat.simulator.WeChatSimulator;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.stream.Stream;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class OpenDataCryptoTest {

    /** WeChat's own decryption sample (the demo data of the official AES sample code). */
    private static final String SAMPLE_APPID = "wx4f4bc4dec97d474b";
    private static final String SAMPLE_SESSION_KEY = "tiihtNczf5v6AKRyjwEUhQ==";
    private static final String SAMPLE_IV = "r7BXXKkLb8qrSNn05n0qiA==";
    private static final String SAMPLE_ENCRYPTED_DATA = "CiyLU1Aw2KjvrjMdj8YKliAjtP4gsMZMQmRzooG2xrDcvSnxIMXFufNstNGTyaGS"
            + "9uT5geRa0W4oTOb1WT7fJlAC+oNPdbB+3hVbJSRgv+4lGOETKUQz6OYStslQ142dNCuabNPGBzlooOmB231qMM85d2/fV6Ch"
            + "evvXvQP8Hkue1poOFtnEtpyxVLW1zAo6/1Xx1COxFvrc2d7UL/lmHInNlxuacJXwu0fjpXfz/YqYzBIBzD6WUfTIF9GRHpOn"
            + "/Hz7saL8xz+W//FRAUid1OksQaQx4CMs8LOddcQhULW4ucetDf96JcR3g0gfRK4PC7E/r7Z6xNrXd2UIeorGj5Ef7b1pJAYB"
            + "6Y5anaHqZ9J6nKEBvB4DnNLIVWSgARns/8wR2SiRS7MNACwTyrGvt9ts8p12PKFdlqYTopNHR1Vf7XjfhQlVsAJdNiKdYmYV"
            + "oKlaRv85IfVunYzO0IKXsyl7JCUjCpoG20f0a04COwfneQAGGwd5oa+T8yO5hzuyDb/XcxxmK01EpqOyuxINew==";

    /** Another valid 16-byte key, as wx.login() would hand out after rotating the session. */
    private static final String ROTATED_SESSION_KEY = base64(bytes(16, 0x5a));

    // ---------------------------------------------------------------- decrypt: WeChat's sample

    @Test
    void decryptsWeChatsPublishedSample() {
        JsonNode data = OpenDataCrypto.decrypt(SAMPLE_SESSION_KEY, SAMPLE_ENCRYPTED_DATA, SAMPLE_IV, SAMPLE_APPID);

        assertThat(data.path("openId").asText()).isEqualTo("oGZUI0egBJY1zhBYw2KhdUfwVJJE");
        assertThat(data.path("nickName").asText()).isEqualTo("Band");
        assertThat(data.path("watermark").path("appid").asText()).isEqualTo(SAMPLE_APPID);
    }

    @Test
    void toleratesWhitespaceAroundTheBase64Fields() {
        JsonNode data = OpenDataCrypto.decrypt(" " + SAMPLE_SESSION_KEY + "\n", SAMPLE_ENCRYPTED_DATA + " ",
                "\t" + SAMPLE_IV, SAMPLE_APPID);

        assertThat(data.path("openId").asText()).isEqualTo("oGZUI0egBJY1zhBYw2KhdUfwVJJE");
    }

    @ParameterizedTest
    @ValueSource(strings = {"wx0000000000000000", "WX4F4BC4DEC97D474B", "wx4f4bc4dec97d474", "wx4f4bc4dec97d474bb", ""})
    void sampleForAnotherAppIsRefusedAsWrongAppid(String otherAppId) {
        OpenDataException e = decryptFails(SAMPLE_SESSION_KEY, SAMPLE_ENCRYPTED_DATA, SAMPLE_IV, otherAppId);

        assertThat(e.reason()).isEqualTo(OpenDataException.Reason.WRONG_APPID);
        assertNoSecretsIn(e, SAMPLE_SESSION_KEY);
    }

    @Test
    void rotatedSessionKeyIsUndecryptable() {
        OpenDataException e = decryptFails(ROTATED_SESSION_KEY, SAMPLE_ENCRYPTED_DATA, SAMPLE_IV, SAMPLE_APPID);

        assertThat(e.reason()).isEqualTo(OpenDataException.Reason.UNDECRYPTABLE);
        assertNoSecretsIn(e, ROTATED_SESSION_KEY);
        assertNoSecretsIn(e, SAMPLE_SESSION_KEY);
    }

    @ParameterizedTest
    @ValueSource(ints = {0x01, 0x80, 0xff})
    void tamperedLastBlockIsUndecryptable(int flip) {
        byte[] ciphertext = Base64.getDecoder().decode(SAMPLE_ENCRYPTED_DATA);
        ciphertext[ciphertext.length - 1] ^= (byte) flip;
        ciphertext[ciphertext.length - 16] ^= (byte) flip;

        OpenDataException e = decryptFails(SAMPLE_SESSION_KEY, base64(ciphertext), SAMPLE_IV, SAMPLE_APPID);

        assertThat(e.reason()).isEqualTo(OpenDataException.Reason.UNDECRYPTABLE);
        assertNoSecretsIn(e, SAMPLE_SESSION_KEY);
    }

    @Test
    void truncatedToAnEarlierWholeBlockIsUndecryptable() {
        byte[] ciphertext = Base64.getDecoder().decode(SAMPLE_ENCRYPTED_DATA);
        byte[] truncated = java.util.Arrays.copyOf(ciphertext, ciphertext.length - 16);

        OpenDataException e = decryptFails(SAMPLE_SESSION_KEY, base64(truncated), SAMPLE_IV, SAMPLE_APPID);

        assertThat(e.reason()).isEqualTo(OpenDataException.Reason.UNDECRYPTABLE);
    }

    // ---------------------------------------------------------------- decrypt: malformed input

    static Stream<Arguments> malformedInput() {
        String ct = SAMPLE_ENCRYPTED_DATA;
        String iv = SAMPLE_IV;
        String key = SAMPLE_SESSION_KEY;
        byte[] ctBytes = Base64.getDecoder().decode(ct);
        return Stream.of(
                Arguments.of("encryptedData not base64", key, "not base64 at all!", iv),
                Arguments.of("encryptedData with a stray character", key, ct.substring(0, 20) + "*" + ct.substring(21), iv),
                Arguments.of("encryptedData base64url instead of base64", key, ct.replace('+', '-').replace('/', '_'), iv),
                Arguments.of("encryptedData with '+' turned into ' ' by form decoding", key, ct.replace('+', ' '), iv),
                Arguments.of("iv not base64", key, ct, "r7BXXKkLb8qrSNn05n0q!A=="),
                Arguments.of("sessionKey not base64", "tiihtNczf5v6AKRy%jwEUhQ==", ct, iv),
                Arguments.of("iv too short (15 bytes)", key, ct, base64(bytes(15, 1))),
                Arguments.of("iv too long (17 bytes)", key, ct, base64(bytes(17, 1))),
                Arguments.of("iv of 32 bytes", key, ct, base64(bytes(32, 1))),
                Arguments.of("sessionKey of 15 bytes", base64(bytes(15, 2)), ct, iv),
                Arguments.of("sessionKey of 32 bytes", base64(bytes(32, 2)), ct, iv),
                Arguments.of("ciphertext one byte short of whole blocks", key, base64(java.util.Arrays.copyOf(ctBytes, ctBytes.length - 1)), iv),
                Arguments.of("ciphertext one byte over whole blocks", key, base64(java.util.Arrays.copyOf(ctBytes, ctBytes.length + 1)), iv),
                Arguments.of("ciphertext of 15 bytes", key, base64(bytes(15, 3)), iv),
                Arguments.of("encryptedData null", key, null, iv),
                Arguments.of("encryptedData empty", key, "", iv),
                Arguments.of("encryptedData blank", key, "   ", iv),
                Arguments.of("iv null", key, ct, null),
                Arguments.of("iv empty", key, ct, ""),
                Arguments.of("iv blank", key, ct, " \t"),
                Arguments.of("sessionKey null", null, ct, iv),
                Arguments.of("sessionKey empty", "", ct, iv),
                Arguments.of("sessionKey blank", "  ", ct, iv));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedInput")
    void malformedInputIsRefusedAsMalformed(String description, String sessionKey, String encryptedData, String iv) {
        OpenDataException e = decryptFails(sessionKey, encryptedData, iv, SAMPLE_APPID);

        assertThat(e.reason()).isEqualTo(OpenDataException.Reason.MALFORMED);
        assertThat(e.getMessage()).isNotBlank();
        assertNoSecretsIn(e, SAMPLE_SESSION_KEY);
        if (sessionKey != null && !sessionKey.isBlank()) {
            assertNoSecretsIn(e, sessionKey.trim());
        }
    }

    // ---------------------------------------------------------------- decrypt: round trip

    @Test
    void roundTripsDataEncryptedByTheTest() throws Exception {
        String sessionKey = base64(bytes(16, 0x11));
        String iv = base64(bytes(16, 0x22));
        String json = "{\"openId\":\"oROUNDTRIP\",\"nickName\":\"微信用户 ✓\",\"gender\":0,"
                + "\"watermark\":{\"timestamp\":1700000000,\"appid\":\"wxroundtrip0000001\"}}";

        JsonNode data = OpenDataCrypto.decrypt(sessionKey, encrypt(sessionKey, iv, json), iv, "wxroundtrip0000001");

        assertThat(data.path("openId").asText()).isEqualTo("oROUNDTRIP");
        assertThat(data.path("nickName").asText()).isEqualTo("微信用户 ✓");
        assertThat(data.path("gender").asInt(-1)).isZero();
        assertThat(data.path("watermark").path("timestamp").asLong()).isEqualTo(1700000000L);
        assertThat(data.path("watermark").path("appid").asText()).isEqualTo("wxroundtrip0000001");
    }

    @ParameterizedTest(name = "plaintext of {0} bytes")
    @ValueSource(ints = {0, 1, 15, 16, 17, 100})
    void roundTripsPlaintextsOfEveryPaddingLength(int fillerLength) throws Exception {
        // the plaintext length varies, so PKCS#7 padding of 1..16 bytes is exercised
        String sessionKey = base64(bytes(16, 0x33));
        String iv = base64(bytes(16, 0x44));
        String json = "{\"f\":\"" + "x".repeat(fillerLength) + "\",\"watermark\":{\"appid\":\"wxpad\"}}";

        JsonNode data = OpenDataCrypto.decrypt(sessionKey, encrypt(sessionKey, iv, json), iv, "wxpad");

        assertThat(data.path("f").asText()).hasSize(fillerLength);
    }

    @Test
    void ownDataWithAnotherAppsWatermarkIsWrongAppid() throws Exception {
        String sessionKey = base64(bytes(16, 0x11));
        String iv = base64(bytes(16, 0x22));
        String json = "{\"openId\":\"o1\",\"watermark\":{\"appid\":\"wxsomeoneelse\"}}";

        OpenDataException e = decryptFails(sessionKey, encrypt(sessionKey, iv, json), iv, "wxmine");

        assertThat(e.reason()).isEqualTo(OpenDataException.Reason.WRONG_APPID);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"openId\":\"o1\"}", "{\"openId\":\"o1\",\"watermark\":{}}",
            "{\"watermark\":{\"appid\":null}}", "{\"watermark\":\"wxmine\"}", "[]", "\"wxmine\""})
    void ownDataWithoutAWatermarkAppidIsWrongAppid(String json) throws Exception {
        String sessionKey = base64(bytes(16, 0x11));
        String iv = base64(bytes(16, 0x22));

        OpenDataException e = decryptFails(sessionKey, encrypt(sessionKey, iv, json), iv, "wxmine");

        assertThat(e.reason()).isEqualTo(OpenDataException.Reason.WRONG_APPID);
    }

    @Test
    void ownDataThatIsNotJsonIsUndecryptable() throws Exception {
        String sessionKey = base64(bytes(16, 0x11));
        String iv = base64(bytes(16, 0x22));

        OpenDataException e = decryptFails(sessionKey, encrypt(sessionKey, iv, "{not json"), iv, "wxmine");

        assertThat(e.reason()).isEqualTo(OpenDataException.Reason.UNDECRYPTABLE);
    }

    @Test
    void ownDataUnderTheWrongIvDoesNotPassTheWatermarkCheck() throws Exception {
        // CBC has no integrity: a wrong IV flips bits of the first block only; here that breaks the JSON
        String sessionKey = base64(bytes(16, 0x11));
        String json = "{\"openId\":\"o1\",\"watermark\":{\"appid\":\"wxmine\"}}";
        String ciphertext = encrypt(sessionKey, base64(bytes(16, 0x22)), json);

        OpenDataException e = decryptFails(sessionKey, ciphertext, base64(bytes(16, 0x23)), "wxmine");

        assertThat(e.reason()).isIn(OpenDataException.Reason.UNDECRYPTABLE, OpenDataException.Reason.WRONG_APPID);
    }

    // ---------------------------------------------------------------- rawData signature

    private static final String RAW_DATA = "{\"nickName\":\"Band\",\"gender\":1,\"language\":\"zh_CN\",\"city\":\"Guangzhou\","
            + "\"province\":\"Guangdong\",\"country\":\"CN\",\"avatarUrl\":\"http://wx.qlogo.cn/mmopen/vi_32/x/0\"}";

    @Test
    void rawDataSignatureMatchesSha1OfRawDataAndSessionKey() throws Exception {
        String signature = sha1Hex(RAW_DATA + SAMPLE_SESSION_KEY);

        assertThat(signature).hasSize(40).isLowerCase();
        assertThat(OpenDataCrypto.rawDataSignatureMatches(RAW_DATA, signature, SAMPLE_SESSION_KEY)).isTrue();
    }

    @Test
    void rawDataSignatureIsCaseInsensitiveHex() throws Exception {
        String signature = sha1Hex(RAW_DATA + SAMPLE_SESSION_KEY);
        StringBuilder mixed = new StringBuilder();
        for (int i = 0; i < signature.length(); i++) {
            char c = signature.charAt(i);
            mixed.append(i % 2 == 0 ? Character.toUpperCase(c) : c);
        }

        assertThat(OpenDataCrypto.rawDataSignatureMatches(RAW_DATA, signature.toUpperCase(Locale.ROOT), SAMPLE_SESSION_KEY)).isTrue();
        assertThat(OpenDataCrypto.rawDataSignatureMatches(RAW_DATA, mixed.toString(), SAMPLE_SESSION_KEY)).isTrue();
    }

    @Test
    void rawDataSignatureIsCaseInsensitiveEvenInATurkishLocale() throws Exception {
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(Locale.forLanguageTag("tr-TR"));
            String signature = sha1Hex(RAW_DATA + SAMPLE_SESSION_KEY).toUpperCase(Locale.ROOT);
            assertThat(OpenDataCrypto.rawDataSignatureMatches(RAW_DATA, signature, SAMPLE_SESSION_KEY)).isTrue();
        } finally {
            Locale.setDefault(before);
        }
    }

    @Test
    void rawDataSignatureHandlesNonAsciiRawDataAsUtf8() throws Exception {
        String rawData = "{\"nickName\":\"微信用户\"}";
        String signature = sha1Hex(rawData + SAMPLE_SESSION_KEY);

        assertThat(OpenDataCrypto.rawDataSignatureMatches(rawData, signature, SAMPLE_SESSION_KEY)).isTrue();
    }

    static Stream<Arguments> wrongSignatures() throws Exception {
        String good = sha1Hex(RAW_DATA + SAMPLE_SESSION_KEY);
        char last = good.charAt(good.length() - 1);
        String oneDigitOff = good.substring(0, good.length() - 1) + (last == '0' ? '1' : '0');
        return Stream.of(
                Arguments.of("one hex digit off", oneDigitOff),
                Arguments.of("signature of other rawData", sha1Hex(RAW_DATA + " " + SAMPLE_SESSION_KEY)),
                Arguments.of("sha1 of rawData alone", sha1Hex(RAW_DATA)),
                Arguments.of("sha1 of sessionKey + rawData", sha1Hex(SAMPLE_SESSION_KEY + RAW_DATA)),
                Arguments.of("all zeros", "0".repeat(40)),
                Arguments.of("too short (39 digits)", good.substring(0, 39)),
                Arguments.of("too short (38 digits, a prefix)", good.substring(0, 38)),
                Arguments.of("too long (42 digits)", good + "00"),
                Arguments.of("too long (41 digits)", good + "0"),
                Arguments.of("sha-256 length", good + good.substring(0, 24)),
                Arguments.of("empty", ""),
                Arguments.of("non-hex text of the right length", "z".repeat(40)),
                Arguments.of("non-hex character inside", good.substring(0, 20) + "g" + good.substring(21)),
                Arguments.of("hex with 0x prefix", "0x" + good.substring(2)),
                Arguments.of("base64 of the digest", Base64.getEncoder().encodeToString(HexFormat.of().parseHex(good))),
                Arguments.of("surrounding whitespace", " " + good.substring(1)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wrongSignatures")
    void rawDataSignatureRefusesWrongSignatures(String description, String signature) {
        assertThat(OpenDataCrypto.rawDataSignatureMatches(RAW_DATA, signature, SAMPLE_SESSION_KEY)).isFalse();
    }

    @Test
    void rawDataSignatureMadeWithAnotherSessionKeyDoesNotMatch() throws Exception {
        String signedWithRotatedKey = sha1Hex(RAW_DATA + ROTATED_SESSION_KEY);

        assertThat(OpenDataCrypto.rawDataSignatureMatches(RAW_DATA, signedWithRotatedKey, SAMPLE_SESSION_KEY)).isFalse();
        assertThat(OpenDataCrypto.rawDataSignatureMatches(RAW_DATA, signedWithRotatedKey, ROTATED_SESSION_KEY)).isTrue();
    }

    // ---------------------------------------------------------------- checksession signature

    @ParameterizedTest
    @ValueSource(strings = {SAMPLE_SESSION_KEY, "HyVFkGl5F5OQWJZZaNzBBg==", "a", "会话密钥"})
    void sessionSignatureIsLowercaseHexHmacSha256OfTheEmptyMessage(String sessionKey) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(sessionKey.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected = HexFormat.of().withLowerCase().formatHex(mac.doFinal(new byte[0]));

        String signature = OpenDataCrypto.sessionSignature(sessionKey);

        assertThat(signature).isEqualTo(expected).hasSize(64).matches("[0-9a-f]{64}");
    }

    @ParameterizedTest
    @ValueSource(strings = {SAMPLE_SESSION_KEY, "HyVFkGl5F5OQWJZZaNzBBg==", "a", "会话密钥"})
    void sessionSignatureAgreesWithTheSimulator(String sessionKey) {
        assertThat(OpenDataCrypto.sessionSignature(sessionKey))
                .isEqualTo(WeChatSimulator.sessionKeySignature(sessionKey));
    }

    @Test
    void sessionSignatureUsesTheKeyStringNotItsBase64Decoding() throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(SAMPLE_SESSION_KEY), "HmacSHA256"));
        String overDecodedKey = HexFormat.of().formatHex(mac.doFinal(new byte[0]));

        assertThat(OpenDataCrypto.sessionSignature(SAMPLE_SESSION_KEY)).isNotEqualTo(overDecodedKey);
    }

    @Test
    void sessionSignatureDiffersPerSessionKey() {
        assertThat(OpenDataCrypto.sessionSignature(SAMPLE_SESSION_KEY))
                .isNotEqualTo(OpenDataCrypto.sessionSignature(ROTATED_SESSION_KEY));
    }

    // ---------------------------------------------------------------- helpers

    private static OpenDataException decryptFails(String sessionKey, String encryptedData, String iv, String appId) {
        OpenDataException e = catchThrowableOfType(OpenDataException.class,
                () -> OpenDataCrypto.decrypt(sessionKey, encryptedData, iv, appId));
        assertThat(e).as("decrypt must throw OpenDataException").isNotNull();
        return e;
    }

    private static void assertNoSecretsIn(OpenDataException e, String sessionKey) {
        assertThat(e.getMessage()).doesNotContain(sessionKey);
        assertThat(e.toString()).doesNotContain(sessionKey);
        String withoutPadding = sessionKey.replace("=", "");
        if (!withoutPadding.isEmpty()) {
            assertThat(e.getMessage()).doesNotContain(withoutPadding);
        }
        // a cause could carry key material into logs; the exception is built without one
        assertThat(e.getCause()).isNull();
    }

    private static String encrypt(String sessionKey, String iv, String plaintext) throws Exception {
        Cipher aes = Cipher.getInstance("AES/CBC/PKCS5Padding");
        aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(Base64.getDecoder().decode(sessionKey), "AES"),
                new IvParameterSpec(Base64.getDecoder().decode(iv)));
        return base64(aes.doFinal(plaintext.getBytes(StandardCharsets.UTF_8)));
    }

    private static String sha1Hex(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static byte[] bytes(int length, int value) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (value + i);
        }
        return b;
    }

    private static String base64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }
}
