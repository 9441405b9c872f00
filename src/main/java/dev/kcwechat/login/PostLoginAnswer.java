package dev.kcwechat.login;

import dev.kcwechat.common.JsonErrors;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/**
 * A post-login flow's own JSON error, passed on as it is. {@code keepsLogin}: the request commits
 * what the first login wrote ({@code consent_required} is a pending state whose consent request
 * refers to the user, not a failure).
 */
final class PostLoginAnswer extends WebApplicationException {

    /** The error of a login that waits for a guardian's consent. */
    static final String CONSENT_REQUIRED = "consent_required";

    private final boolean keepsLogin;

    PostLoginAnswer(Response response, boolean keepsLogin) {
        super(response);
        this.keepsLogin = keepsLogin;
    }

    boolean keepsLogin() {
        return keepsLogin;
    }

    /**
     * Whether an error answered during the login keeps what the first login wrote: a post-login
     * flow's that says so, or a client policy's {@code consent_required} (a guardian's consent is
     * pending for the user).
     */
    static boolean keepsLogin(WebApplicationException answer) {
        return answer instanceof PostLoginAnswer postLogin ? postLogin.keepsLogin() : CONSENT_REQUIRED.equals(errorOf(answer.getResponse()));
    }

    /** The {@code error} of a JSON error answer, or null. */
    static String errorOf(Response answer) {
        return answer.getEntity() instanceof Map<?, ?> body && body.get(JsonErrors.ERROR) instanceof String text ? text : null;
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
