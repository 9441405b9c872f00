package dev.kcwechat.resource;

import dev.kcwechat.common.JsonErrors;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
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
    static final String INVALID_GRANT = "invalid_grant";
    static final String CONFLICT = "conflict";

    private final String error;

    ResourceError(Response.Status status, String error, String description) {
        this(JsonErrors.answer(status, error, description), error, description);
    }

    /** With the members a feature adds to the OAuth error (the guardian policy's). */
    ResourceError(Response.Status status, String error, String description, Map<String, ?> members) {
        this(JsonErrors.answer(status, error, description, members), error, description);
    }

    private ResourceError(Response.ResponseBuilder response, String error, String description) {
        super(description, null, response.build());
        this.error = error;
    }

    /** No valid bearer token (missing, empty, malformed, expired): 401 with RFC 6750's {@code WWW-Authenticate}. */
    static ResourceError invalidToken(String description) {
        return new ResourceError(JsonErrors.answer(Response.Status.UNAUTHORIZED, INVALID_TOKEN, description)
                .header(HttpHeaders.WWW_AUTHENTICATE, JsonErrors.bearerChallenge(INVALID_TOKEN)), INVALID_TOKEN, description);
    }

    /** Past an abuse limit: 429 with the seconds to wait in {@code Retry-After}. */
    static ResourceError tooManyRequests(long retryAfterSeconds) {
        String description = "Too many calls; try again later";
        return new ResourceError(JsonErrors.answer(Response.Status.TOO_MANY_REQUESTS, TEMPORARILY_UNAVAILABLE, description)
                .header("Retry-After", retryAfterSeconds), TEMPORARILY_UNAVAILABLE, description);
    }

    String error() {
        return error;
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
