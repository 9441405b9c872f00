package dev.kcwechat.minors.store;

import java.util.Map;

/**
 * A child's pending request for a guardian's consent: which user, which client, which scope.
 * It lives in Keycloak's single-use store for {@link ConsentRequests#LIFESPAN_SECONDS} and is
 * taken out by the decision, so it is decided once.
 */
public record ConsentRequest(String id, String realmId, String childUserId, String clientId, String scope, long createdAt) {

    public Map<String, String> notes() {
        return Map.of("realm", realmId, "child", childUserId, "client", clientId, "scope", scope == null ? "" : scope,
                "created", Long.toString(createdAt));
    }

    public static ConsentRequest of(String id, Map<String, String> notes) {
        return new ConsentRequest(id, notes.get("realm"), notes.get("child"), notes.get("client"), notes.get("scope"),
                Long.parseLong(notes.get("created")));
    }
}
