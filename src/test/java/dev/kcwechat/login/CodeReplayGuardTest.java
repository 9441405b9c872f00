package dev.kcwechat.login;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CodeReplayGuardTest {

    private static final String APP_ID = "wx1234567890abcdef";
    private static final String CODE = "0a3Xy91w3ABCDE1kKx0w3Zq3Xy9Xy91e";

    /**
     * Every node of a cluster must derive the same marker for a code, or a replay on another node gets
     * through: the key is pinned to sha256("appid:code"), not only compared with itself in one JVM.
     */
    @Test
    void keyIsDeterministic() {
        assertThat(CodeReplayGuard.key(APP_ID, CODE))
                .isEqualTo("kcwechat:code:287136b04d3b96e8535397a16204d676b8182e13f9d17c3b3b7d3bd00e416f08");
    }

    @Test
    void keyDiffersPerAppId() {
        assertThat(CodeReplayGuard.key(APP_ID, CODE)).isNotEqualTo(CodeReplayGuard.key("wxfedcba0987654321", CODE));
    }

    @Test
    void keyDiffersPerCode() {
        assertThat(CodeReplayGuard.key(APP_ID, CODE)).isNotEqualTo(CodeReplayGuard.key(APP_ID, CODE + "x"));
        assertThat(CodeReplayGuard.key(APP_ID, "abc")).isNotEqualTo(CodeReplayGuard.key(APP_ID, "ABC"));
    }

    @Test
    void keyDoesNotContainTheCode() {
        String key = CodeReplayGuard.key(APP_ID, CODE);

        assertThat(key).doesNotContain(CODE).doesNotContainIgnoringCase(CODE);
        assertThat(key).startsWith("kcwechat:code:").matches("kcwechat:code:[0-9a-f]{64}");
    }
}
