package dev.kcwechat.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The configuration of a client-policy executor or condition representation, set and read as the
 * JSON the admin API carries: Keycloak 26.8 types it {@code RawJsonValue} (before: {@code JsonNode}),
 * and the tests compile against either ({@code -Pkeycloak-26.8}).
 */
public final class ClientPolicyJson {

    private ClientPolicyJson() {
    }

    /** The representation with that configuration. */
    @SuppressWarnings("unchecked")
    public static <T> T withConfiguration(T representation, JsonNode configuration) {
        ObjectNode json = Http.JSON.valueToTree(representation);
        json.set("configuration", configuration);
        return (T) Http.JSON.convertValue(json, representation.getClass());
    }

    /** Its configuration; a missing node when it has none. */
    public static JsonNode configuration(Object representation) {
        return Http.JSON.valueToTree(representation).path("configuration");
    }
}
