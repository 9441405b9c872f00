package dev.kcwechat.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kcwechat.testing.KeycloakAdmin;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.keycloak.admin.client.resource.UsersResource;
import org.keycloak.representations.idm.IdentityProviderRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

/** What a fault must never leave behind in a realm: a user without its WeChat link, or two users of one unionid. */
final class ClusterChecks {

    private ClusterChecks() {
    }

    /**
     * Every user of the realm has its link, no unionid has two users, every successful login's user
     * exists, and none of {@code failedFirstLogins} left a user behind.
     */
    static void everyUserLinkedOnce(KeycloakCluster cluster, String realm, List<LoginLoad.Login> logins,
                                    List<LoginLoad.Login> failedFirstLogins) {
        Map<String, UserRepresentation> linked = new HashMap<>();
        int users;
        try (KeycloakAdmin admin = cluster.admin()) {
            UsersResource usersOfRealm = admin.realm(realm).users();
            users = usersOfRealm.count();
            for (IdentityProviderRepresentation provider : admin.realm(realm).identityProviders().findAll()) {
                for (UserRepresentation user : usersOfRealm.search(null, null, null, null, null, provider.getAlias(), null,
                        null, 100000, null, false)) {
                    linked.put(user.getId(), user);
                }
            }
        }
        assertThat(linked).as("users with a WeChat link").hasSize(users);
        Map<String, String> userOfUnionid = new HashMap<>();
        for (UserRepresentation user : linked.values()) {
            String unionid = user.firstAttribute("wechat_unionid");
            assertThat(userOfUnionid.put(unionid, user.getId())).as("a second user of " + unionid).isNull();
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
