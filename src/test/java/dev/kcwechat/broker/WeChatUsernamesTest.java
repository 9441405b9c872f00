package dev.kcwechat.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

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

    @Test
    void sameIdAlwaysGivesTheSameUsername() {
        assertThat(WeChatUsernames.forIdentity("oUpF8uMuAJO_M2pxb1Q9zNjWeS6o"))
                .isEqualTo(WeChatUsernames.forIdentity("oUpF8uMuAJO_M2pxb1Q9zNjWeS6o"));
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
