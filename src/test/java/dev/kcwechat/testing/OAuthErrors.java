package dev.kcwechat.testing;

import static org.assertj.core.api.Assertions.assertThat;

/** Assertions on RFC 6749 §5.2 error answers. */
public final class OAuthErrors {

    private OAuthErrors() {
    }

    /** The answer is that error, with a description, and shows nothing of the server's insides. */
    public static void assertError(Http.Answer answer, int status, String error) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(status);
        assertThat(answer.json().get("error").asText()).as(answer.toString()).isEqualTo(error);
        assertThat(answer.json().hasNonNull("error_description")).isTrue();
        assertThat(answer.body()).doesNotContain("Exception").doesNotContain("\tat ");
    }
}
