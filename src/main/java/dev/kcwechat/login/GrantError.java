package dev.kcwechat.login;

import dev.kcwechat.wechatapi.WeChatFailure;
import jakarta.ws.rs.core.Response.Status;
import org.keycloak.OAuthErrorException;
import org.keycloak.events.Errors;

/** An OAuth error (RFC 6749 §5.2) of the contract, with its HTTP status and the event error it records. */
record GrantError(String error, Status status, String eventError) {

    /** LOGIN_ERROR event error of a request refused by an abuse limit. */
    static final String RATE_LIMITED = "rate_limited";

    static GrantError invalidRequest() {
        return new GrantError(OAuthErrorException.INVALID_REQUEST, Status.BAD_REQUEST, Errors.INVALID_REQUEST);
    }

    static GrantError invalidGrant(String eventError) {
        return new GrantError(OAuthErrorException.INVALID_GRANT, Status.BAD_REQUEST, eventError);
    }

    static GrantError unauthorizedClient() {
        return new GrantError(OAuthErrorException.UNAUTHORIZED_CLIENT, Status.BAD_REQUEST, Errors.NOT_ALLOWED);
    }

    /** Something the login would need a form for: RFC 6749's {@code interaction_required} (OpenID Connect Core 3.1.2.6). */
    static GrantError interactionRequired() {
        return new GrantError(OAuthErrorException.INTERACTION_REQUIRED, Status.BAD_REQUEST, OAuthErrorException.INTERACTION_REQUIRED);
    }

    /** The user has not accepted what the login needs (the mini-program's current privacy policy). */
    static GrantError consentRequired() {
        return new GrantError("consent_required", Status.FORBIDDEN, Errors.CONSENT_DENIED);
    }

    static GrantError accessDenied() {
        return new GrantError(OAuthErrorException.ACCESS_DENIED, Status.FORBIDDEN, Errors.ACCESS_DENIED);
    }

    /** Past an abuse limit: 429 (RFC 6585) with Retry-After, the error the client already retries. */
    static GrantError tooManyRequests() {
        return new GrantError(OAuthErrorException.TEMPORARILY_UNAVAILABLE, Status.TOO_MANY_REQUESTS, RATE_LIMITED);
    }

    static GrantError temporarilyUnavailable() {
        return new GrantError(OAuthErrorException.TEMPORARILY_UNAVAILABLE, Status.SERVICE_UNAVAILABLE, Errors.IDENTITY_PROVIDER_ERROR);
    }

    /** The contract's error for a failed WeChat call. */
    static GrantError of(WeChatFailure failure) {
        return switch (failure) {
            case INVALID_CODE -> invalidGrant(Errors.INVALID_CODE);
            case CODE_USED -> invalidGrant(Errors.INVALID_CODE);
            case HIGH_RISK_USER, NOT_A_VISIBLE_MEMBER -> accessDenied();
            case WRONG_APPID -> invalidGrant(Errors.INVALID_CODE);
            case BUSY, UNAVAILABLE, BAD_CREDENTIALS, ACCESS_TOKEN_INVALID, INVALID_SIGNATURE, UNEXPECTED -> temporarilyUnavailable();
        };
    }

    /** Whether the client may retry the same code: WeChat did not look at it, or may not have. */
    static boolean codeMayBeRetried(WeChatFailure failure) {
        return failure == WeChatFailure.BUSY || failure == WeChatFailure.UNAVAILABLE;
    }
}
