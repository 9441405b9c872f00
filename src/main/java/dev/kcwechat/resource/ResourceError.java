package dev.kcwechat.resource;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/** A JSON error {@code {"error", "error_description"}} of the /wechat endpoints, thrown to end the request. */
final class ResourceError extends WebApplicationException {

    static final String INVALID_TOKEN = "invalid_token";
    static final String INVALID_REQUEST = "invalid_request";
    static final String NOT_A_WECHAT_SESSION = "not_a_wechat_session";
    static final String CLIENT_NOT_ALLOWED = "unauthorized_client";
    static final String NO_PHONE_MAPPER = "phone_not_configured";
    static final String SESSION_KEY_ROTATED = "session_key_rotated";
    static final String WRONG_APPID = "wrong_appid";
    static final String INVALID_PHONE_CODE = "invalid_phone_code";
    static final String PHONE_NUMBER_IN_USE = "phone_number_in_use";
    static final String TEMPORARILY_UNAVAILABLE = "temporarily_unavailable";

    private final String error;

    ResourceError(Response.Status status, String error, String description) {
        this(Response.status(status), error, description);
    }

    private ResourceError(Response.ResponseBuilder response, String error, String description) {
        super(description, null, response.type(MediaType.APPLICATION_JSON_TYPE).header(WeChatResource.CACHE_CONTROL, WeChatResource.NO_STORE)
                .entity(Map.of("error", error, "error_description", description)).build());
        this.error = error;
    }

    /** Past an abuse limit: 429 with the seconds to wait in {@code Retry-After}. */
    static ResourceError tooManyRequests(long retryAfterSeconds) {
        return new ResourceError(Response.status(Response.Status.TOO_MANY_REQUESTS).header("Retry-After", retryAfterSeconds),
                TEMPORARILY_UNAVAILABLE, "Too many calls; try again later");
    }

    String error() {
        return error;
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
