package dev.kcwechat.login;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

/**
 * A post-login flow's own JSON error, passed on as it is. {@code keepsLogin}: the request commits
 * what the first login wrote ({@code consent_required} is a pending state whose consent request
 * refers to the user, not a failure).
 */
final class PostLoginAnswer extends WebApplicationException {

    private final boolean keepsLogin;

    PostLoginAnswer(Response response, boolean keepsLogin) {
        super(response);
        this.keepsLogin = keepsLogin;
    }

    boolean keepsLogin() {
        return keepsLogin;
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
