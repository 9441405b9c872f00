package dev.kcwechat.login;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kcwechat.simulator.WeChatSimulator;
import dev.kcwechat.testing.Http;
import dev.kcwechat.testing.KeycloakServer;
import dev.kcwechat.testing.OAuth;
import dev.kcwechat.testing.WeChatRealmExtension;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A returning login writes nothing about the user unless something changed. Read from the SQL
 * Keycloak runs (the test server logs {@code org.hibernate.SQL} at debug).
 */
class ReturningLoginIT {

    private static final String REALM = "returning";
    private static final Pattern USER_WRITE = Pattern.compile(
            "(?i)(insert into|update|delete from) (USER_ENTITY|USER_ATTRIBUTE|FEDERATED_IDENTITY|USER_ROLE_MAPPING|USER_GROUP_MEMBERSHIP)\\b");

    @RegisterExtension
    static final WeChatRealmExtension realm = WeChatRealmExtension.named(REALM);

    private final WeChatSimulator wechat = realm.wechat();
    private final KeycloakServer server = realm.server();
    private final OAuth oauth = realm.oauth();

    @Test
    void returningLoginWithUnchangedIdsWritesNoUserData() {
        String openid = "oNoWrite_openid_ABCDEFGHIJKLMN";
        String unionid = "uNoWrite_unionid_ABCDEFGHIJKLM";
        long firstLogin = server.logPosition();
        login(wechat.newCode(WeChatSimulator.DEMO_APP_ID, openid, unionid));
        assertThat(userWrites(server.logSince(firstLogin))).as("a first login writes the user").isNotEmpty();

        long returning = server.logPosition();
        login(wechat.newCode(WeChatSimulator.DEMO_APP_ID, openid, unionid));

        String sql = server.logSince(returning);
        assertThat(sql).as("SQL is logged").contains("FEDERATED_IDENTITY");
        assertThat(userWrites(sql)).isEmpty();
    }

    @Test
    void returningLoginWithAChangedOpenidWritesTheChange() {
        String unionid = "uChanged_unionid_ABCDEFGHIJKLM";
        login(wechat.newCode(WeChatSimulator.DEMO_APP_ID, "oChanged_before_ABCDEFGHIJKLMN", unionid));
        long returning = server.logPosition();

        Http.Answer answer = login(wechat.newCode(WeChatSimulator.DEMO_APP_ID, "oChanged_after_ABCDEFGHIJKLMNO", unionid));

        assertThat(userWrites(server.logSince(returning))).isNotEmpty();
        assertThat(new dev.kcwechat.testing.Jwt(answer.json().get("access_token").asText()).claims().get("wechat_openid").asText())
                .isEqualTo("oChanged_after_ABCDEFGHIJKLMNO");
    }

    private static List<String> userWrites(String log) {
        return log.lines().filter(line -> line.contains("org.hibernate.SQL") && USER_WRITE.matcher(line).find()).toList();
    }

    private Http.Answer login(String code) {
        Http.Answer answer = oauth.codeLogin(code);
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        return answer;
    }
}
