package dev.kcwechat.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcwechat.testing.KeycloakAdmin;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What a fault must never leave behind in a realm: a user without its WeChat link, or two users of one unionid. */
final class ClusterChecks {

    private ClusterChecks() {
    }

    /**
     * Every user of the realm has its link, no unionid has two users, every successful login's user
     * exists, and none of {@code failedFirstLogins} left a user behind.
     */
    static void everyUserLinkedOnce(KeycloakAdmin admin, String realm, List<LoginLoad.Login> logins,
                                    List<LoginLoad.Login> failedFirstLogins) {
        int users = admin.getJson("/" + realm + "/users/count").asInt();
        Map<String, JsonNode> linked = new HashMap<>();
        for (JsonNode provider : admin.getJson("/" + realm + "/identity-provider/instances")) {
            for (JsonNode user : admin.getJson("/" + realm + "/users?idpAlias=" + provider.get("alias").asText()
                    + "&briefRepresentation=false&max=100000")) {
                linked.put(user.get("id").asText(), user);
            }
        }
        assertThat(linked).as("users with a WeChat link").hasSize(users);
        Map<String, String> userOfUnionid = new HashMap<>();
        for (JsonNode user : linked.values()) {
            String unionid = user.path("attributes").path("wechat_unionid").path(0).asText();
            assertThat(userOfUnionid.put(unionid, user.get("id").asText())).as("a second user of " + unionid).isNull();
        }
        for (LoginLoad.Login login : logins) {
            if (login.outcome().succeeded()) {
                assertThat(userOfUnionid.get(login.unionid())).as("the user of " + login.unionid()).isEqualTo(login.outcome().sub());
            }
        }
        for (LoginLoad.Login login : failedFirstLogins) {
            assertThat(userOfUnionid).as("a user left by a failed first login (%s)", login.outcome()).doesNotContainKey(login.unionid());
        }
    }
}
