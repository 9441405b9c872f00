package dev.kcwechat.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Map;

/** Keycloak's admin REST API, as the bootstrap admin. */
public final class KeycloakAdmin {

    private final String baseUrl;
    private String token;
    private Instant tokenExpiry = Instant.EPOCH;

    public KeycloakAdmin(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    public synchronized String token() {
        if (Instant.now().isAfter(tokenExpiry)) {
            Http.Answer answer = Http.postForm(baseUrl + "/realms/master/protocol/openid-connect/token", Map.of(
                    "grant_type", "password", "client_id", "admin-cli",
                    "username", KeycloakServer.ADMIN_USERNAME, "password", KeycloakServer.ADMIN_PASSWORD), null);
            if (answer.status() != 200) {
                throw new IllegalStateException("Admin login failed: " + answer);
            }
            token = answer.json().get("access_token").asText();
            tokenExpiry = Instant.now().plusSeconds(answer.json().get("expires_in").asLong() / 2);
        }
        return token;
    }

    public Http.Answer get(String path) {
        return Http.get(baseUrl + "/admin/realms" + path, token());
    }

    public JsonNode getJson(String path) {
        Http.Answer answer = get(path);
        if (answer.status() != 200) {
            throw new IllegalStateException("GET " + path + ": " + answer);
        }
        return answer.json();
    }

    public Http.Answer get(String path, String accept) {
        return Http.get(baseUrl + "/admin/realms" + path, token(), accept);
    }

    public Http.Answer post(String path, Object body) {
        return Http.postJson(baseUrl + "/admin/realms" + path, body, token());
    }

    public Http.Answer put(String path, Object body) {
        return Http.putJson(baseUrl + "/admin/realms" + path, body, token());
    }

    public Http.Answer delete(String path) {
        return Http.delete(baseUrl + "/admin/realms" + path, token());
    }

    /** Creates a realm from its representation; replaces one of the same name left by an earlier run. */
    public void createRealm(JsonNode realm) {
        String name = realm.get("realm").asText();
        delete("/" + name);
        Http.Answer answer = Http.postJson(baseUrl + "/admin/realms", realm, token());
        if (answer.status() != 201) {
            throw new IllegalStateException("Creating realm " + name + " failed: " + answer);
        }
    }

    /** The server-info document (providers, versions). */
    public JsonNode serverInfo() {
        Http.Answer answer = Http.get(baseUrl + "/admin/serverinfo", token());
        return answer.json();
    }
}
