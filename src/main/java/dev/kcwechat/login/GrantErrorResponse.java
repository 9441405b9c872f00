package dev.kcwechat.login;

import dev.kcwechat.common.JsonErrors;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.keycloak.services.CorsErrorResponseException;
import org.keycloak.services.cors.Cors;

/**
 * The token endpoint's answer to a refused grant: RFC 6749 §5.2 JSON with the CORS headers of
 * Keycloak's own errors, plus what a plain {@link CorsErrorResponseException} cannot carry: a
 * {@code Retry-After} header and {@code Cache-Control: no-store}.
 */
final class GrantErrorResponse extends CorsErrorResponseException {

    private final transient Cors cors;
    private final GrantError grantError;
    private final Long retryAfterSeconds;
    private final Map<String, String> members;

    GrantErrorResponse(Cors cors, GrantError grantError, String description, Long retryAfterSeconds, Map<String, String> members) {
        super(cors, grantError.error(), description, grantError.status());
        this.cors = cors;
        this.grantError = grantError;
        this.retryAfterSeconds = retryAfterSeconds;
        this.members = Map.copyOf(members);
    }

    GrantError grantError() {
        return grantError;
    }

    @Override
    public Response getResponse() {
        Response.ResponseBuilder builder = JsonErrors.answer(grantError.status(), grantError.error(), getErrorDescription(), members);
        if (retryAfterSeconds != null) {
            builder.header("Retry-After", retryAfterSeconds);
        }
        return cors.add(builder);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
