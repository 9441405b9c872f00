package dev.kcwechat.testing;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.RealmRepresentation;

/**
 * Keycloak's admin REST API as the bootstrap admin, through Keycloak's admin client; raw HTTP
 * ({@link #get}, {@link #delete}) only for the extension's own admin endpoints, which it has no resource for.
 */
public final class KeycloakAdmin implements AutoCloseable {

    private final String baseUrl;
    private final Keycloak keycloak;

    public KeycloakAdmin(String baseUrl) {
        this.baseUrl = baseUrl;
        this.keycloak = Keycloak.getInstance(baseUrl, "master", KeycloakServer.ADMIN_USERNAME, KeycloakServer.ADMIN_PASSWORD,
                "admin-cli");
    }

    public Keycloak keycloak() {
        return keycloak;
    }

    public RealmResource realm(String name) {
        return keycloak.realm(name);
    }

    /** Creates a realm from its representation; replaces one of the same name left by an earlier run. */
    public void createRealm(RealmRepresentation realm) {
        try {
            keycloak.realm(realm.getRealm()).remove();
        } catch (NotFoundException none) {
            // nothing left by an earlier run
        }
        keycloak.realms().create(realm);
    }

    /** The admin's access token, for the raw calls. */
    public String token() {
        return keycloak.tokenManager().getAccessTokenString();
    }

    /** A raw GET under {@code /admin/realms}: the extension's endpoints, which the admin client has no resource for. */
    public Http.Answer get(String path) {
        return Http.get(baseUrl + "/admin/realms" + path, token());
    }

    /** A raw GET under {@code /admin/realms} with that Accept header (the extension's CSV). */
    public Http.Answer get(String path, String accept) {
        return Http.get(baseUrl + "/admin/realms" + path, token(), accept);
    }

    /** A raw POST of JSON under {@code /admin/realms}: the extension's endpoints, which the admin client has no resource for. */
    public Http.Answer post(String path, Object body) {
        return Http.postJson(baseUrl + "/admin/realms" + path, body, token());
    }

    /** A raw DELETE under {@code /admin/realms}: the extension's endpoints, which the admin client has no resource for. */
    public Http.Answer delete(String path) {
        return Http.delete(baseUrl + "/admin/realms" + path, token());
    }

    /** The JSON body of an admin-client answer that has no representation: an error's, a provider type's description. */
    public static JsonNode json(Response response) {
        try {
            return Http.JSON.readTree(response.readEntity(String.class));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        keycloak.close();
    }
}
