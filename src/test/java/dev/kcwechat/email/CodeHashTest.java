package dev.kcwechat.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CodeHashTest {

    private static final byte[] PEPPER = "a realm's HMAC key, 64 bytes in production".getBytes(StandardCharsets.UTF_8);

    @Test
    void codesAreSixDigitsAndVary() {
        Set<String> codes = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            String code = CodeHash.newCode();
            assertThat(code).matches("[0-9]{6}");
            codes.add(code);
        }
        assertThat(codes).hasSizeGreaterThan(190);
    }

    @Test
    void theRightCodeMatchesItsHashAndNothingElseDoes() {
        CodeHash hash = new CodeHash(PEPPER);
        String salt = CodeHash.newSalt();
        String stored = hash.hash(salt, "042917");

        assertThat(hash.matches(salt, "042917", stored)).isTrue();
        assertThat(hash.matches(salt, "042918", stored)).isFalse();
        assertThat(hash.matches(CodeHash.newSalt(), "042917", stored)).as("another salt").isFalse();
        assertThat(new CodeHash("another key".getBytes(StandardCharsets.UTF_8)).matches(salt, "042917", stored))
                .as("another pepper").isFalse();
        assertThat(hash.matches(null, "042917", stored)).isFalse();
        assertThat(hash.matches(salt, null, stored)).isFalse();
        assertThat(hash.matches(salt, "042917", null)).isFalse();
    }

    @Test
    void theStoredHashNamesNeitherCodeNorSaltAndDependsOnTheSalt() {
        CodeHash hash = new CodeHash(PEPPER);
        String first = hash.hash("salt-one", "123456");
        String second = hash.hash("salt-two", "123456");

        assertThat(first).doesNotContain("123456").doesNotContain("salt-one").isNotEqualTo(second);
        assertThat(hash.hash("salt-one1", "23456")).as("salt and code are kept apart").isNotEqualTo(hash.hash("salt-one", "123456"));
    }

    @ParameterizedTest(name = "''{0}'' is not a code")
    @ValueSource(strings = {"", "12345", "1234567", "12a456", "１２３４５６", " 123456", "-12345"})
    void onlySixAsciiDigitsAreACode(String text) {
        assertThat(CodeHash.isCode(text)).isFalse();
    }

    @Test
    void sixDigitsAreACode() {
        assertThat(CodeHash.isCode("000000")).isTrue();
        assertThat(CodeHash.isCode(null)).isFalse();
    }

    @Test
    void thePepperIsCopied() {
        byte[] pepper = PEPPER.clone();
        CodeHash hash = new CodeHash(pepper);
        String before = hash.hash("s", "111111");
        pepper[0] ^= 1;
        assertThat(hash.hash("s", "111111")).isEqualTo(before);
        assertThatThrownBy(() -> EmailConflict.fromConfig("merge")).hasMessageContaining("emailConflict").hasMessageContaining("reject, link");
    }
}
