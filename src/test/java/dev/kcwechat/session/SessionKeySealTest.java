package dev.kcwechat.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SessionKeySealTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** Key ids as Keycloak's generated AES key providers make them. */
    private static final String KID1 = "0f6b2a0e-3c1d-4c52-9a57-8f1f3b7e2d10";
    private static final String KID2 = "7d4e9c21-5b8a-4f36-b0e2-19c6a4d8e5f3";
    private static final SecretKey KEY1 = aesKey();
    private static final SecretKey KEY2 = aesKey();

    private static final String SESSION_ID = "5a3c8e1f-0b7d-4e29-8c64-2f9a1d7b3e50";
    private static final String OTHER_SESSION_ID = "5a3c8e1f-0b7d-4e29-8c64-2f9a1d7b3e51";

    /** A session_key as WeChat issues it: base64 of 16 random bytes. */
    private final String sessionKey = Base64.getEncoder().encodeToString(randomBytes(16));

    // ---------------------------------------------------------------- round trip

    @Test
    void aSealedSessionKeyUnsealsForItsSession() {
        String note = SessionKeySeal.seal(KID1, KEY1, SESSION_ID, sessionKey);

        assertThat(SessionKeySeal.unseal(note, SESSION_ID, Map.of(KID1, KEY1)::get)).contains(sessionKey);
        assertThat(note).startsWith("v1." + KID1 + ".");
    }

    @Test
    void unsealingAsksForTheKeyNamedInTheNote() {
        String note = SessionKeySeal.seal(KID2, KEY2, SESSION_ID, sessionKey);
        List<String> asked = new ArrayList<>();

        Optional<String> unsealed = SessionKeySeal.unseal(note, SESSION_ID, kid -> {
            asked.add(kid);
            return Map.of(KID1, KEY1, KID2, KEY2).get(kid);
        });

        assertThat(unsealed).contains(sessionKey);
        assertThat(asked).containsExactly(KID2);
    }

    @Test
    void twoSealsOfTheSameKeyDifferAndBothUnseal() {
        String first = SessionKeySeal.seal(KID1, KEY1, SESSION_ID, sessionKey);
        String second = SessionKeySeal.seal(KID1, KEY1, SESSION_ID, sessionKey);

        assertThat(second).isNotEqualTo(first);
        assertThat(part(second, 2)).as("a fresh IV each time").isNotEqualTo(part(first, 2));
        assertThat(decode(part(first, 2))).hasSize(SessionKeySeal.IV_BYTES);
        assertThat(SessionKeySeal.unseal(first, SESSION_ID, Map.of(KID1, KEY1)::get)).contains(sessionKey);
        assertThat(SessionKeySeal.unseal(second, SESSION_ID, Map.of(KID1, KEY1)::get)).contains(sessionKey);
    }

    // ---------------------------------------------------------------- the session_key never shows

    @Test
    void theNoteHoldsTheSessionKeyNeitherInClearNorEncoded() {
        String note = SessionKeySeal.seal(KID1, KEY1, SESSION_ID, sessionKey);
        byte[] utf8 = sessionKey.getBytes(StandardCharsets.UTF_8);
        byte[] raw = Base64.getDecoder().decode(sessionKey);

        assertThat(note).doesNotContain(
                sessionKey,
                sessionKey.replace('+', '-').replace('/', '_'),
                sessionKey.replace("=", ""),
                Base64.getEncoder().encodeToString(utf8),
                Base64.getEncoder().withoutPadding().encodeToString(utf8),
                Base64.getUrlEncoder().withoutPadding().encodeToString(utf8),
                Base64.getUrlEncoder().withoutPadding().encodeToString(raw),
                HexFormat.of().formatHex(raw),
                HexFormat.of().formatHex(raw).toUpperCase(Locale.ROOT),
                HexFormat.of().formatHex(utf8));
        for (int i = 2; i <= 3; i++) {
            byte[] decoded = decode(part(note, i));
            assertThat(indexOf(decoded, utf8)).as("part %d, decoded, holds the session_key", i).isEqualTo(-1);
            assertThat(indexOf(decoded, raw)).as("part %d, decoded, holds the session_key's bytes", i).isEqualTo(-1);
        }
    }

    // ---------------------------------------------------------------- tampering and binding

    static Stream<Arguments> tamperings() {
        return Stream.of(
                Arguments.of("first bit of the ciphertext", 3, 0),
                Arguments.of("a bit in the middle of the ciphertext", 3, 10 * 8 + 3),
                Arguments.of("first bit of the IV", 2, 0),
                Arguments.of("last bit of the IV", 2, SessionKeySeal.IV_BYTES * 8 - 1),
                Arguments.of("first bit of the tag", 3, -SessionKeySeal.TAG_BITS),
                Arguments.of("last bit of the tag", 3, -1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tamperings")
    void aNoteWithOneBitFlippedDoesNotUnseal(String what, int part, int bit) {
        String note = SessionKeySeal.seal(KID1, KEY1, SESSION_ID, sessionKey);
        String tampered = flipBit(note, part, bit);

        assertThat(tampered).isNotEqualTo(note);
        assertThat(SessionKeySeal.unseal(note, SESSION_ID, Map.of(KID1, KEY1)::get)).as("untouched").contains(sessionKey);
        assertThat(SessionKeySeal.unseal(tampered, SESSION_ID, Map.of(KID1, KEY1)::get)).isEmpty();
    }

    @Test
    void aNoteDoesNotUnsealForAnotherSession() {
        String note = SessionKeySeal.seal(KID1, KEY1, SESSION_ID, sessionKey);

        assertThat(SessionKeySeal.unseal(note, OTHER_SESSION_ID, Map.of(KID1, KEY1)::get)).isEmpty();
        assertThat(SessionKeySeal.unseal(note, "", Map.of(KID1, KEY1)::get)).isEmpty();
        assertThat(SessionKeySeal.unseal(note, SESSION_ID, Map.of(KID1, KEY1)::get)).contains(sessionKey);
    }

    @Test
    void aNoteDoesNotUnsealUnderAnotherKeyOfTheSameId() {
        String note = SessionKeySeal.seal(KID1, KEY1, SESSION_ID, sessionKey);

        assertThat(SessionKeySeal.unseal(note, SESSION_ID, Map.of(KID1, KEY2)::get)).isEmpty();
    }

    // ---------------------------------------------------------------- realm key rotation

    @Test
    void aNoteSealedBeforeTheRealmKeyRotatedStillUnsealsWhileItsKeyIsEnabled() {
        String beforeRotation = SessionKeySeal.seal(KID1, KEY1, SESSION_ID, sessionKey);
        // kid2 is now the active key, kid1 passive: still enabled, so Keycloak still finds it by id
        Function<String, SecretKey> afterRotation = Map.of(KID1, KEY1, KID2, KEY2)::get;

        String afterRotationNote = SessionKeySeal.seal(KID2, KEY2, SESSION_ID, sessionKey);

        assertThat(SessionKeySeal.unseal(beforeRotation, SESSION_ID, afterRotation)).contains(sessionKey);
        assertThat(part(afterRotationNote, 1)).isEqualTo(KID2);
        assertThat(SessionKeySeal.unseal(afterRotationNote, SESSION_ID, afterRotation)).contains(sessionKey);
    }

    @Test
    void aNoteWhoseKeyWasRemovedDoesNotUnseal() {
        String beforeRotation = SessionKeySeal.seal(KID1, KEY1, SESSION_ID, sessionKey);
        Function<String, SecretKey> kid1Removed = Map.of(KID2, KEY2)::get;

        assertThat(SessionKeySeal.unseal(beforeRotation, SESSION_ID, Map.of(KID1, KEY1, KID2, KEY2)::get)).contains(sessionKey);
        assertThat(SessionKeySeal.unseal(beforeRotation, SESSION_ID, kid1Removed)).isEmpty();
        assertThat(SessionKeySeal.unseal(beforeRotation, SESSION_ID, kid -> null)).isEmpty();
    }

    // ---------------------------------------------------------------- malformed notes

    static Stream<Arguments> malformed() {
        return Stream.<Arguments>of(
                Arguments.of("unknown version", (Function<String, String>) note -> "v2" + note.substring(2)),
                Arguments.of("version in upper case", (Function<String, String>) note -> "V1" + note.substring(2)),
                Arguments.of("no version", (Function<String, String>) note -> note.substring(3)),
                Arguments.of("an extra part", (Function<String, String>) note -> note + ".AAAA"),
                Arguments.of("a trailing dot", (Function<String, String>) note -> note + "."),
                Arguments.of("the IV missing", (Function<String, String>) note -> String.join(".", part(note, 0), part(note, 1),
                        part(note, 3))),
                Arguments.of("the ciphertext missing", (Function<String, String>) note -> String.join(".", part(note, 0),
                        part(note, 1), part(note, 2))),
                Arguments.of("an empty kid", (Function<String, String>) note -> String.join(".", part(note, 0), "",
                        part(note, 2), part(note, 3))),
                Arguments.of("bad base64 in the IV", (Function<String, String>) note -> insert(note, 2, "!")),
                Arguments.of("bad base64 in the ciphertext", (Function<String, String>) note -> insert(note, 3, "*")),
                Arguments.of("a truncated IV", (Function<String, String>) note -> String.join(".", part(note, 0), part(note, 1),
                        part(note, 2).substring(0, 12), part(note, 3))),
                Arguments.of("a ciphertext shorter than a tag", (Function<String, String>) note -> String.join(".", part(note, 0),
                        part(note, 1), part(note, 2), part(note, 3).substring(0, 20))),
                Arguments.of("empty", (Function<String, String>) note -> ""),
                Arguments.of("no note", (Function<String, String>) note -> null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void aMalformedNoteIsEmpty(String what, Function<String, String> malform) {
        String note = SessionKeySeal.seal(KID1, KEY1, SESSION_ID, sessionKey);
        String malformed = malform.apply(note);
        Function<String, SecretKey> keys = Map.of(KID1, KEY1, "", KEY1)::get;

        assertThat(malformed).isNotEqualTo(note);
        assertThat(SessionKeySeal.unseal(note, SESSION_ID, keys)).as("untouched").contains(sessionKey);
        assertThat(SessionKeySeal.unseal(malformed, SESSION_ID, keys)).isEmpty();
    }

    @Test
    void aKidThatCannotBeWrittenIntoANoteIsRefused() {
        assertThatThrownBy(() -> SessionKeySeal.seal("with.dot", KEY1, SESSION_ID, sessionKey))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SessionKeySeal.seal("", KEY1, SESSION_ID, sessionKey))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // ---------------------------------------------------------------- helpers

    private static SecretKey aesKey() {
        return new SecretKeySpec(randomBytes(16), "AES");
    }

    private static byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private static String part(String note, int index) {
        return note.split("\\.", -1)[index];
    }

    private static byte[] decode(String part) {
        return Base64.getUrlDecoder().decode(part);
    }

    /** Flips bit {@code bit} of the decoded part {@code index}; a negative bit counts from the end. */
    private static String flipBit(String note, int index, int bit) {
        String[] parts = note.split("\\.", -1);
        byte[] bytes = decode(parts[index]);
        int position = bit >= 0 ? bit : bytes.length * 8 + bit;
        bytes[position / 8] ^= (byte) (0x80 >>> (position % 8));
        parts[index] = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        return String.join(".", parts);
    }

    /** Puts {@code text} in the middle of part {@code index}. */
    private static String insert(String note, int index, String text) {
        String[] parts = note.split("\\.", -1);
        parts[index] = parts[index].substring(0, 4) + text + parts[index].substring(4);
        return String.join(".", parts);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
