"use strict";

// Every failure the SDK reports is an AuthError carrying the server's RFC 6749 §5.2 `error`
// (the contract's names: invalid_request, invalid_grant, unauthorized_client, access_denied,
// consent_required, temporarily_unavailable, ... and the /wechat endpoints' own), its
// `error_description`, the HTTP `status`, and every other member of the answer as it came
// (guardian_policy, guardian_consent_request, guardian_consent_uri, ...). Failures of the
// mini-program runtime itself have errors of the SDK's own: network_error, wx_login_failed.
// An AuthError never holds a token, a code or the request that carried one.

/** Members of an error answer that are not copied onto the AuthError (they would shadow its own). */
const RESERVED = ["error", "error_description", "status", "retryAfter", "privacyPolicyVersion", "freshLoginRequired",
    "message", "name", "stack"];

class AuthError extends Error {
    /**
     * @param {string} error the contract's error code
     * @param {string} [description] error_description
     * @param {number} [status] HTTP status; 0 when no answer came
     * @param {object} [extra] the answer's other members
     * @param {number} [retryAfter] seconds the server asked to wait (Retry-After)
     */
    constructor(error, description, status, extra, retryAfter) {
        super(description ? error + ": " + description : error);
        this.name = "AuthError";
        this.error = error;
        if (description !== undefined) {
            this.error_description = description;
        }
        this.status = status || 0;
        if (retryAfter !== undefined) {
            this.retryAfter = retryAfter;
        }
        if (extra) {
            Object.keys(extra).forEach((key) => {
                if (RESERVED.indexOf(key) < 0) {
                    this[key] = extra[key];
                }
            });
        }
    }
}

AuthError.NETWORK_ERROR = "network_error";
AuthError.WX_LOGIN_FAILED = "wx_login_failed";
AuthError.TEMPORARILY_UNAVAILABLE = "temporarily_unavailable";
AuthError.INVALID_GRANT = "invalid_grant";
/** The user must agree first: a guardian (guardian_consent_uri), or the mini-program's privacy policy (privacyPolicyVersion). */
AuthError.CONSENT_REQUIRED = "consent_required";
/** The bearer was not accepted (a /wechat endpoint); for deleteAccount(): sign in again (freshLoginRequired). */
AuthError.INVALID_TOKEN = "invalid_token";
/** An answer that is not the JSON error the contract promises (a proxy's 502 page, say). */
AuthError.SERVER_ERROR = "server_error";

/** The answer's body as an object: wx.request parses JSON, other runtimes or dataTypes may not. */
function bodyOf(response) {
    const data = response.data;
    if (typeof data === "string") {
        try {
            return JSON.parse(data);
        } catch (e) {
            return null;
        }
    }
    return data !== null && typeof data === "object" ? data : null;
}

/** A header's value, whatever case the runtime gives its name in (wx: as sent; others: lower case). */
function headerOf(response, name) {
    const headers = response.header || response.headers || {};
    const wanted = name.toLowerCase();
    const key = Object.keys(headers).find((candidate) => candidate.toLowerCase() === wanted);
    return key === undefined ? undefined : headers[key];
}

/** Retry-After in seconds (delta-seconds or an HTTP date), or undefined when absent or unreadable. */
function retryAfterSeconds(value, now) {
    if (value === undefined || value === null || value === "") {
        return undefined;
    }
    const text = String(value).trim();
    if (/^\d+$/.test(text)) {
        return parseInt(text, 10);
    }
    const date = Date.parse(text);
    return isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}

/** The `error` parameter of a Bearer challenge (RFC 6750 §3), e.g. WWW-Authenticate: Bearer error="invalid_token". */
function challengeError(value) {
    const found = /(?:^|[\s,])error\s*=\s*"?([A-Za-z0-9_.-]+)"?/.exec(String(value || ""));
    return found ? found[1] : undefined;
}

/** The AuthError for a non-2xx answer of Keycloak (or of whatever answered instead). */
function fromResponse(response, now) {
    const body = bodyOf(response);
    const status = response.statusCode;
    const retryAfter = retryAfterSeconds(headerOf(response, "Retry-After"), now === undefined ? Date.now() : now);
    if (body && typeof body.error === "string") {
        const description = typeof body.error_description === "string" ? body.error_description : undefined;
        const err = new AuthError(body.error, description, status, body, retryAfter);
        if (body.error === AuthError.CONSENT_REQUIRED && typeof body.privacy_policy_version === "string") {
            // the privacy policy the user must agree to (the server's current version), not a guardian's consent
            err.privacyPolicyVersion = body.privacy_policy_version;
        }
        return err;
    }
    const challenged = status === 401 ? challengeError(headerOf(response, "WWW-Authenticate")) : undefined;
    if (challenged !== undefined) {
        return new AuthError(challenged, undefined, status, null, retryAfter);
    }
    return new AuthError(AuthError.SERVER_ERROR, "HTTP " + status + " without an OAuth error", status, null, retryAfter);
}

/** Whether the login was refused for want of the user's agreement to the privacy policy (the code is unspent). */
function isPrivacyConsentRequired(err) {
    return isAuthError(err) && err.error === AuthError.CONSENT_REQUIRED && typeof err.privacyPolicyVersion === "string";
}

/** The AuthError for a call that got no answer: the runtime's fail callback ({errMsg}) or an exception. */
function fromFailure(failure, error) {
    const message = failure && (failure.errMsg || failure.message);
    return new AuthError(error || AuthError.NETWORK_ERROR, message ? String(message) : undefined, 0);
}

/**
 * Whether a value is an AuthError. By its name rather than instanceof alone: a build step that
 * compiles classes to ES5 (the developer tools' "ES6 to ES5") may break instanceof for subclasses
 * of Error.
 */
function isAuthError(value) {
    return value instanceof AuthError || (value !== null && typeof value === "object"
        && value.name === "AuthError" && typeof value.error === "string");
}

/** Errors worth the same call again a little later: the server said so, or no answer came. */
function isRetryable(err) {
    if (!isAuthError(err)) {
        return false;
    }
    return err.error === AuthError.TEMPORARILY_UNAVAILABLE || err.error === AuthError.NETWORK_ERROR
        || (err.error === AuthError.SERVER_ERROR && (err.status === 502 || err.status === 503 || err.status === 504));
}

module.exports = {
    AuthError, isAuthError, isPrivacyConsentRequired, bodyOf, headerOf, retryAfterSeconds, challengeError, fromResponse, fromFailure, isRetryable
};
