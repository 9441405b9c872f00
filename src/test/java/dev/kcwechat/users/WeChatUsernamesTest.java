package dev.kcwechat.users;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WeChatUsernamesTest {

    @Test
    void idsDifferingOnlyInCaseGetDifferentUsernames() {
        assertThat(WeChatUsernames.forIdentity("oAbC")).isNotEqualTo(WeChatUsernames.forIdentity("oabc"));
    }

    @Test
    void usernameIsLowercaseWithThePrefix() {
        String username = WeChatUsernames.forIdentity("oGZUI0egBJY1zhBYw2KhdUfwVJJE");

        assertThat(username).startsWith(WeChatUsernames.PREFIX).startsWith("wechat-");
        assertThat(username).isEqualTo(username.toLowerCase(Locale.ROOT));
    }

    /** Usernames are stored: an id must get the same username in every process and release, not just twice in one JVM. */
    @ParameterizedTest
    @CsvSource({
        "oAbC,                         wechat-6f416243",
        "oGZUI0egBJY1zhBYw2KhdUfwVJJE, wechat-6f475a5549306567424a59317a68425977324b6864556677564a4a45",
        "\u00e9,                           wechat-c3a9",
    })
    void sameIdAlwaysGivesTheSameUsername(String wechatId, String username) {
        assertThat(WeChatUsernames.forIdentity(wechatId)).isEqualTo(username);
    }

    @Test
    void differentIdsGiveDifferentUsernames() {
        List<String> ids = List.of("oAbC", "oabc", "OABC", "oAbc", "o-AbC", "o_abc", "oabc ", "oGZUI0egBJY1zhBYw2KhdUfwVJJE",
                "oGZUI0egBJY1zhBYw2KhdUfwVJJe", "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o", "a", "aa", "\u00e9", "e\u0301");

        List<String> usernames = ids.stream().map(WeChatUsernames::forIdentity).toList();

        assertThat(usernames).doesNotHaveDuplicates();
        assertThat(usernames).allSatisfy(u -> assertThat(u).isEqualTo(u.toLowerCase(Locale.ROOT)));
    }
}
