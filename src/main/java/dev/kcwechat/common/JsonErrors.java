package dev.kcwechat.common;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The extension's one shape of error answer, RFC 6749 §5.2's, for the grant, {@code /wechat}, the
 * guardian API, the admin API and the guardian policy's refusals: a JSON object with {@code error},
 * {@code error_description} and any extra members, never cached.
 */
public final class JsonErrors {

    public static final String ERROR = "error";
    public static final String ERROR_DESCRIPTION = "error_description";
    public static final String CACHE_CONTROL = "Cache-Control";
    public static final String NO_STORE = "no-store";

    private JsonErrors() {
    }

    /** The {@code WWW-Authenticate} value of a refused bearer token (RFC 6750): {@code Bearer error="<error>"}. */
    public static String bearerChallenge(String error) {
        return "Bearer error=\"" + error + "\"";
    }

    /** {@code {"error", "error_description"}}. */
    public static Response.ResponseBuilder answer(Response.StatusType status, String error, String description) {
        return answer(status, error, description, Map.of());
    }

    /** {@code {"error", "error_description", ...extra}}, the extra members in their map's order. */
    public static Response.ResponseBuilder answer(Response.StatusType status, String error, String description, Map<String, ?> extra) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put(ERROR, error);
        body.put(ERROR_DESCRIPTION, description);
        body.putAll(extra);
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).header(CACHE_CONTROL, NO_STORE).entity(body);
    }
}
