package dev.kcwechat.wechatapi;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class Code2SessionTest {

    private static final String SESSION_KEY = "tiihtNczf5v6AKRyjwEUhQ==";

    @Test
    void toStringShowsTheIdsButHidesTheSessionKey() {
        Code2Session answer = new Code2Session("oOPENID", "oUNIONID", SESSION_KEY);

        assertThat(answer.toString())
                .contains("oOPENID", "oUNIONID", "<hidden>")
                .doesNotContain(SESSION_KEY);
    }

    @Test
    void blankUnionidCountsAsNoUnionid() {
        assertThat(new Code2Session("oOPENID", null, SESSION_KEY).hasUnionid()).isFalse();
        assertThat(new Code2Session("oOPENID", " ", SESSION_KEY).hasUnionid()).isFalse();
        assertThat(new Code2Session("oOPENID", "oUNIONID", SESSION_KEY).hasUnionid()).isTrue();
    }
}
