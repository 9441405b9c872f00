package dev.kcwechat.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;

/** The realm's user profile as WeChat users need it in browser logins: no e-mail or names required (WeChat gives none). */
public final class UserProfiles {

    private UserProfiles() {
    }

    public static void namesOptional(WeChatRealmExtension realm) {
        KeycloakAdmin admin = realm.admin();
        ObjectNode profile = (ObjectNode) admin.getJson(realm.path("/users/profile"));
        for (JsonNode attribute : profile.withArray("attributes")) {
            if (Set.of("email", "firstName", "lastName").contains(attribute.get("name").asText())) {
                ((ObjectNode) attribute).remove("required");
            }
        }
        Http.Answer updated = admin.put(realm.path("/users/profile"), profile);
        assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
    }
}
