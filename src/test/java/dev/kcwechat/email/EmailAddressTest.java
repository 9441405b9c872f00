package dev.kcwechat.email;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EmailAddressTest {

    @ParameterizedTest(name = "''{0}'' is {1}")
    @CsvSource(delimiter = '|', value = {
            "alice@example.com|alice@example.com",
            "  Alice.Liu@Example.COM |alice.liu@example.com",
            "a+tag@mail.example.co.uk|a+tag@mail.example.co.uk",
            "x@sub-domain.example|x@sub-domain.example"})
    void addressesAreTrimmedAndInLowerCase(String text, String normalised) {
        assertThat(EmailAddress.parse(text)).map(EmailAddress::value).contains(normalised);
    }

    @ParameterizedTest(name = "''{0}'' is refused")
    @ValueSource(strings = {"", " ", "alice", "alice@", "@example.com", "alice@localhost", "a@b@example.com", "alice @example.com",
        "alice@example..com", "alice@-example.com", "alice@example.com\nBcc: eve@example.com", "<alice@example.com>"})
    void whatIsNoDeliverableAddressIsRefused(String text) {
        assertThat(EmailAddress.parse(text)).isEmpty();
    }

    @ParameterizedTest(name = "a very long address is refused")
    @ValueSource(ints = {255, 400})
    void tooLongAddressesAreRefused(int length) {
        String domain = "example.com";
        String local = "a".repeat(60);
        String labels = ("b".repeat(60) + ".").repeat(length / 61 + 1);
        String text = local + "@" + labels + domain;
        assertThat(text.length()).isGreaterThan(EmailAddress.MAX_LENGTH);
        assertThat(EmailAddress.parse(text)).isEmpty();
    }

    @ParameterizedTest(name = "{0} is masked as {1}")
    @CsvSource(delimiter = '|', value = {
            "alice@example.com|a***e@example.com",
            "al@example.com|a***@example.com",
            "a@example.com|a***@example.com"})
    void theMaskShowsTheFirstAndLastLetterAndTheDomain(String address, String masked) {
        EmailAddress parsed = EmailAddress.parse(address).orElseThrow();
        assertThat(parsed.masked()).isEqualTo(masked);
        assertThat(parsed.toString()).isEqualTo(masked);
    }

    @ParameterizedTest(name = "the digest of {0} is the normalised address's")
    @ValueSource(strings = {"Alice@Example.com", " alice@example.com"})
    void theDigestIsTheSameForOneAddressAndNamesNoAddress(String text) {
        String digest = EmailAddress.parse(text).orElseThrow().digest();
        assertThat(digest).isEqualTo(EmailAddress.parse("alice@example.com").orElseThrow().digest()).hasSize(64).doesNotContain("alice");
    }
}
