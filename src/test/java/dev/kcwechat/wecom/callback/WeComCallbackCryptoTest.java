package dev.kcwechat.wecom.callback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kcwechat.wecom.callback.WeComCallbackException.Reason;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * WeCom's callback crypto, checked against the values of WeCom's own WXBizMsgCrypt samples (the
 * C++ Sample.cpp, as kept in LeoEatle/WXBizMsgCryptNode; the C#, PHP and Java samples carry the same
 * values) and by round trips and tampering.
 */
class WeComCallbackCryptoTest {

    // The sample's configuration.
    private static final String SAMPLE_TOKEN = "QDG6eK";
    private static final String SAMPLE_CORP_ID = "wx5823bf96d3bd56c7";
    private static final String SAMPLE_KEY = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C";
    // Example 1, verifying the callback URL: GET ?msg_signature&timestamp&nonce&echostr.
    private static final String VERIFY_SIGNATURE = "5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3";
    private static final String VERIFY_TIMESTAMP = "1409659589";
    private static final String VERIFY_NONCE = "263014780";
    private static final String VERIFY_ECHOSTR =
            "P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ==";
    /** What that echostr decrypts to (the answer the samples' own tests expect). */
    private static final String VERIFY_ECHO = "1616140317555161061";
    /** The 16 "random" bytes the sample's echostr starts with (ASCII, as the samples draw them). */
    private static final String VERIFY_RANDOM = "c41b64491c2468d0";
    // Example 2, a POST: ?msg_signature&timestamp&nonce with the Encrypt of the XML body.
    private static final String POST_SIGNATURE = "477715d11cdb4164915debcba66cb864d751f3e6";
    private static final String POST_TIMESTAMP = "1409659813";
    private static final String POST_NONCE = "1372623149";
    private static final String POST_ENCRYPT = "RypEvHKD8QQKFhvQ6QleEB4J58tiPdvo+rtK1I9qca6aM/wvqnLSV5zEPeusUiX5L5X/0lWfrf0Q"
            + "ADHHhGd3QczcdCUpj911L3vg3W/sYYvuJTs3TUUkSUXxaccAS0qhxchrRYt66wiSpGLYL42aM6A8dTT+6k4aSknmPj48kzJs8qLjvd4X"
            + "gpue06DOdnLxAUHzM6+kDZ+HMZfJYuR+LtwGc2hgf5gsijff0ekUNXZiqATP7PF5mZxZ3Izoun1s4zG4LUMnvw2r+KqCKIw+3IQH03v+"
            + "BCA9nMELNqbSf6tiWSrXJB3LAVGUcallcrw8V2t9EL4EhzJWrQUax5wLVMNS0+rUPA3k22Ncx4XXZS9o0MBH27Bo6BpNelZpS+/uh9Ks"
            + "NlY6bHCmJU9p8g7m3fVKn28H3KDYA5Pl/T8Z1ptDAVe0lXdQ2YoyyH2uyPIGHBZZIs2pDBS8R07+qN+E7Q==";
    /** What that Encrypt decrypts to: a text message "hello" to app 218 (the samples print it, not publish it). */
    private static final String POST_MESSAGE = "<xml><ToUserName><![CDATA[wx5823bf96d3bd56c7]]></ToUserName>\n"
            + "<FromUserName><![CDATA[mycreate]]></FromUserName>\n"
            + "<CreateTime>1409659813</CreateTime>\n"
            + "<MsgType><![CDATA[text]]></MsgType>\n"
            + "<Content><![CDATA[hello]]></Content>\n"
            + "<MsgId>4561255354251345929</MsgId>\n"
            + "<AgentID>218</AgentID>\n"
            + "</xml>";
    private static final String POST_RANDOM = "0960688932c47ef1";

    private static final String CORP_ID = "ww1a2b3c4d5e6f7a8b";
    private static final String TOKEN = "Tok3nOfTheCallback";
    private static final String KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
    private static final byte[] RANDOM = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private final WeComCallbackCrypto sample = new WeComCallbackCrypto(SAMPLE_TOKEN, SAMPLE_KEY, SAMPLE_CORP_ID);
    private final WeComCallbackCrypto crypto = new WeComCallbackCrypto(TOKEN, KEY, CORP_ID);

    // ---- WeCom's published samples ----

    @Test
    void theSamplesUrlVerificationIsSignedAndDecryptsToItsEcho() throws Exception {
        assertThat(WeComCallbackCrypto.signature(SAMPLE_TOKEN, VERIFY_TIMESTAMP, VERIFY_NONCE, VERIFY_ECHOSTR))
                .isEqualTo(VERIFY_SIGNATURE);
        assertThat(sample.verify(VERIFY_SIGNATURE, VERIFY_TIMESTAMP, VERIFY_NONCE, VERIFY_ECHOSTR)).isTrue();
        assertThat(sample.decrypt(VERIFY_ECHOSTR)).isEqualTo(VERIFY_ECHO);
    }

    @Test
    void theSamplesPostIsSignedAndDecryptsToItsMessage() throws Exception {
        assertThat(sample.verify(POST_SIGNATURE, POST_TIMESTAMP, POST_NONCE, POST_ENCRYPT)).isTrue();
        assertThat(sample.decrypt(POST_ENCRYPT)).isEqualTo(POST_MESSAGE);
    }

    @Test
    void encryptingWithTheSamplesRandomBytesGivesTheSamplesCiphertext() {
        assertThat(sample.encrypt(VERIFY_ECHO, VERIFY_RANDOM.getBytes(StandardCharsets.US_ASCII))).isEqualTo(VERIFY_ECHOSTR);
        assertThat(sample.encrypt(POST_MESSAGE, POST_RANDOM.getBytes(StandardCharsets.US_ASCII))).isEqualTo(POST_ENCRYPT);
    }

    @Test
    void theSamplesSignaturesDoNotVerifyForOtherValues() {
        assertThat(sample.verify(VERIFY_SIGNATURE, "1409659590", VERIFY_NONCE, VERIFY_ECHOSTR)).isFalse();
        assertThat(sample.verify(VERIFY_SIGNATURE, VERIFY_TIMESTAMP, "263014781", VERIFY_ECHOSTR)).isFalse();
        assertThat(sample.verify(POST_SIGNATURE, POST_TIMESTAMP, POST_NONCE, VERIFY_ECHOSTR)).isFalse();
        assertThat(new WeComCallbackCrypto("QDG6eL", SAMPLE_KEY, SAMPLE_CORP_ID)
                .verify(VERIFY_SIGNATURE, VERIFY_TIMESTAMP, VERIFY_NONCE, VERIFY_ECHOSTR)).as("another token").isFalse();
    }

    @Test
    void theSamplesMessagesAreRefusedByAnotherCorp() {
        WeComCallbackCrypto otherCorp = new WeComCallbackCrypto(SAMPLE_TOKEN, SAMPLE_KEY, "wx5823bf96d3bd56c8");

        assertThatThrownBy(() -> otherCorp.decrypt(VERIFY_ECHOSTR))
                .isInstanceOfSatisfying(WeComCallbackException.class, e -> assertThat(e.reason()).isEqualTo(Reason.WRONG_RECEIVER));
    }

    // ---- signature ----

    @Test
    void theSignatureIsTheSha1OfTheFourStringsSorted() throws Exception {
        // sorted as strings: "123" < "abc" < "nonce" < "token"
        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                .digest("123abcnoncetoken".getBytes(StandardCharsets.UTF_8)));

        assertThat(WeComCallbackCrypto.signature("token", "123", "nonce", "abc")).isEqualTo(expected);
        assertThat(WeComCallbackCrypto.signature("abc", "nonce", "token", "123")).as("order does not matter").isEqualTo(expected);
        assertThat(expected).matches("[0-9a-f]{40}");
    }

    @Test
    void verifyAcceptsAnUppercaseSignatureAndRefusesNullsAndGarbage() {
        String signature = WeComCallbackCrypto.signature(TOKEN, "1700000000", "42", "ciphertext");

        assertThat(crypto.verify(signature, "1700000000", "42", "ciphertext")).isTrue();
        assertThat(crypto.verify(signature.toUpperCase(), "1700000000", "42", "ciphertext")).isTrue();
        assertThat(crypto.verify(null, "1700000000", "42", "ciphertext")).isFalse();
        assertThat(crypto.verify(signature, null, "42", "ciphertext")).isFalse();
        assertThat(crypto.verify(signature, "1700000000", null, "ciphertext")).isFalse();
        assertThat(crypto.verify(signature, "1700000000", "42", null)).isFalse();
        assertThat(crypto.verify("", "1700000000", "42", "ciphertext")).isFalse();
        assertThat(crypto.verify(signature.substring(1), "1700000000", "42", "ciphertext")).isFalse();
        assertThat(crypto.verify("我" + signature.substring(1), "1700000000", "42", "ciphertext")).isFalse();
    }

    // ---- round trips ----

    @ParameterizedTest
    @ValueSource(strings = {"", "1", "success", "0123456789ab", "<xml><UserID><![CDATA[张三]]></UserID></xml>",
        "a message whose plaintext is exactly sixty-four bytes long...!!"})
    void whatIsEncryptedDecryptsToItself(String message) throws Exception {
        String encrypted = crypto.encrypt(message, RANDOM);

        assertThat(Base64.getDecoder().decode(encrypted).length % 32).as("padded to 32-byte blocks").isZero();
        assertThat(crypto.decrypt(encrypted)).isEqualTo(message);
    }

    @Test
    void aPlaintextOfWholeBlocksGetsAWholeBlockOfPadding() {
        // 16 random + 4 length + 10 message + 18 corpid = 48 bytes: 16 more to 64
        String tenBytes = "0123456789";
        assertThat(Base64.getDecoder().decode(crypto.encrypt(tenBytes, RANDOM))).hasSize(64);
        // 16 + 4 + 26 + 18 = 64 bytes: a whole block of 32 more
        assertThat(Base64.getDecoder().decode(crypto.encrypt(tenBytes + "0123456789012345", RANDOM))).hasSize(96);
    }

    @Test
    void encryptWantsSixteenRandomBytes() {
        assertThatThrownBy(() -> crypto.encrypt("x", new byte[15])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> crypto.encrypt("x", null)).isInstanceOf(IllegalArgumentException.class);
    }

    // ---- refused messages ----

    @Test
    void aMessageForAnotherCorpIsRefused() {
        String forOtherCorp = new WeComCallbackCrypto(TOKEN, KEY, "ww9f8e7d6c5b4a3f2e").encrypt("<xml/>", RANDOM);
        String forALongerId = new WeComCallbackCrypto(TOKEN, KEY, CORP_ID + "0").encrypt("<xml/>", RANDOM);
        String forAShorterId = new WeComCallbackCrypto(TOKEN, KEY, CORP_ID.substring(1)).encrypt("<xml/>", RANDOM);

        for (String encrypted : new String[] {forOtherCorp, forALongerId, forAShorterId}) {
            assertThatThrownBy(() -> crypto.decrypt(encrypted))
                    .isInstanceOfSatisfying(WeComCallbackException.class, e -> {
                        assertThat(e.reason()).isEqualTo(Reason.WRONG_RECEIVER);
                        assertThat(e.getMessage()).doesNotContain("ww9f8e7d6c5b4a3f2e").doesNotContain("<xml");
                    });
        }
    }

    @Test
    void aTamperedCiphertextIsRefused() {
        byte[] bytes = Base64.getDecoder().decode(crypto.encrypt("<xml><UserID>zhangsan</UserID></xml>", RANDOM));
        bytes[bytes.length - 1] ^= 0x01;
        String lastBlockTampered = Base64.getEncoder().encodeToString(bytes);

        assertRefused(lastBlockTampered, Reason.BAD_MESSAGE);
    }

    @Test
    void aLengthThatDoesNotFitIsRefused() {
        byte[] key = Base64.getDecoder().decode(KEY + "=");
        byte[] plain = ByteBuffer.allocate(64).put(RANDOM).putInt(1000).put("x".getBytes(StandardCharsets.UTF_8))
                .put(CORP_ID.getBytes(StandardCharsets.UTF_8)).array();
        Arrays.fill(plain, 16 + 4 + 1 + CORP_ID.length(), 64, (byte) (64 - 16 - 4 - 1 - CORP_ID.length()));

        assertRefused(rawEncrypt(key, plain), Reason.BAD_MESSAGE);
    }

    @Test
    void badPaddingIsRefused() {
        byte[] key = Base64.getDecoder().decode(KEY + "=");
        byte[] header = ByteBuffer.allocate(20 + CORP_ID.length()).put(RANDOM).putInt(0).put(CORP_ID.getBytes(StandardCharsets.UTF_8)).array();

        assertRefused(rawEncrypt(key, padded(header, 0)), Reason.BAD_MESSAGE);
        assertRefused(rawEncrypt(key, padded(header, 33)), Reason.BAD_MESSAGE);
        byte[] uneven = padded(header, 26);
        uneven[uneven.length - 3] = 25;
        assertRefused(rawEncrypt(key, uneven), Reason.BAD_MESSAGE);
        assertThat(rawEncrypt(key, padded(header, 26))).as("the same, well padded, is fine").satisfies(encrypted ->
                assertThat(crypto.decrypt(encrypted)).isEmpty());
    }

    @Test
    void aMessageTooShortForItsHeaderIsRefused() {
        byte[] key = Base64.getDecoder().decode(KEY + "=");
        byte[] tiny = new byte[32];
        Arrays.fill(tiny, 16, 32, (byte) 16);

        assertRefused(rawEncrypt(key, tiny), Reason.BAD_MESSAGE);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   ", "not base64!", "AAAA", "AAAAAAAAAAAAAAAAAAAAAA==", "%%%%"})
    void garbageIsABadMessage(String encrypted) {
        assertRefused(encrypted, Reason.BAD_MESSAGE);
    }

    @Test
    void ciphertextOfPartialBlocksIsABadMessage() {
        String encrypted = Base64.getEncoder().encodeToString(new byte[40]);

        assertRefused(encrypted, Reason.BAD_MESSAGE);
    }

    // ---- configuration ----

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"abcdefghijklmnopqrstuvwxyz0123456789ABCDEF", "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGH",
        "abcdefghijklmnopqrstuvwxyz0123456789ABCDEF!", "abcdefghijklmnopqrstuvwxyz 0123456789ABCDEF"})
    void aBadEncodingAesKeyIsRefusedWithoutRepeatingIt(String key) {
        assertThatThrownBy(() -> new WeComCallbackCrypto(TOKEN, key, CORP_ID))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("EncodingAESKey is 43")
                .satisfies(e -> {
                    if (key != null && !key.isEmpty()) {
                        assertThat(e.getMessage()).doesNotContain(key).doesNotContain(key.substring(0, 10));
                    }
                });
    }

    @Test
    void aTokenAndAReceiveIdAreRequired() {
        assertThatThrownBy(() -> new WeComCallbackCrypto(null, KEY, CORP_ID)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new WeComCallbackCrypto(" ", KEY, CORP_ID)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new WeComCallbackCrypto(TOKEN, KEY, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new WeComCallbackCrypto(TOKEN, KEY, "")).isInstanceOf(IllegalArgumentException.class);
    }

    // ---- helpers ----

    private void assertRefused(String encrypted, Reason reason) {
        assertThatThrownBy(() -> crypto.decrypt(encrypted))
                .isInstanceOfSatisfying(WeComCallbackException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }

    /** {@code content} followed by {@code pad} bytes of value {@code pad}, to a length of whole 16-byte blocks. */
    private static byte[] padded(byte[] content, int pad) {
        int length = content.length + pad;
        byte[] plain = Arrays.copyOf(content, length + (16 - length % 16) % 16);
        Arrays.fill(plain, content.length, plain.length, (byte) pad);
        return plain;
    }

    /** AES-256-CBC without padding, as WeCom does, done here by hand to build broken messages. */
    private static String rawEncrypt(byte[] key, byte[] plain) {
        try {
            Cipher aes = Cipher.getInstance("AES/CBC/NoPadding");
            aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"),
                    new IvParameterSpec(key, 0, 16));
            return Base64.getEncoder().encodeToString(aes.doFinal(plain));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
