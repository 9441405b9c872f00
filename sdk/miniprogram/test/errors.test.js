"use strict";

const test = require("node:test");
const assert = require("node:assert/strict");
const { AuthError, isAuthError, isPrivacyConsentRequired, fromResponse, fromFailure, isRetryable, retryAfterSeconds, challengeError } = require("../lib/errors");

const NOW = Date.parse("2026-11-22T08:00:00Z");

test("an OAuth error answer becomes an AuthError with the contract's error and description", () => {
    const err = fromResponse({ statusCode: 400, header: {}, data: { error: "invalid_grant", error_description: "Code not valid" } }, NOW);

    assert.ok(err instanceof AuthError);
    assert.ok(err instanceof Error);
    assert.equal(err.name, "AuthError");
    assert.equal(err.error, "invalid_grant");
    assert.equal(err.error_description, "Code not valid");
    assert.equal(err.status, 400);
    assert.equal(err.message, "invalid_grant: Code not valid");
    assert.equal(err.retryAfter, undefined);
});

test("extra members of the answer are kept (the guardian policy's consent request)", () => {
    const data = {
        error: "consent_required", error_description: "A guardian must approve",
        guardian_policy: "consent_required", guardian_consent_request: "req-1",
        guardian_consent_uri: "https://sso.example.com/realms/r/wechat/guardian/consent/req-1",
        status: "shadowed", message: "shadowed"
    };

    const err = fromResponse({ statusCode: 403, header: {}, data }, NOW);

    assert.equal(err.error, "consent_required");
    assert.equal(err.guardian_policy, "consent_required");
    assert.equal(err.guardian_consent_request, "req-1");
    assert.equal(err.guardian_consent_uri, data.guardian_consent_uri);
    assert.equal(err.status, 403, "the answer's members do not shadow the error's own");
    assert.equal(err.message, "consent_required: A guardian must approve");
});

test("a JSON body the runtime left as a string is parsed", () => {
    const err = fromResponse({ statusCode: 503, header: {}, data: '{"error":"temporarily_unavailable"}' }, NOW);

    assert.equal(err.error, "temporarily_unavailable");
    assert.equal(err.error_description, undefined);
});

test("an answer without an OAuth error is a server_error carrying only the status", () => {
    const err = fromResponse({ statusCode: 502, header: {}, data: "<html>Bad gateway</html>" }, NOW);

    assert.equal(err.error, "server_error");
    assert.equal(err.status, 502);
    assert.doesNotMatch(err.message, /html/);
});

test("Retry-After is read in seconds or as a date, whatever the header name's case", () => {
    assert.equal(fromResponse({ statusCode: 429, header: { "Retry-After": "7" }, data: { error: "temporarily_unavailable" } }, NOW).retryAfter, 7);
    assert.equal(fromResponse({ statusCode: 429, headers: { "retry-after": "3" }, data: { error: "temporarily_unavailable" } }, NOW).retryAfter, 3);
    assert.equal(retryAfterSeconds("Sun, 22 Nov 2026 08:00:05 GMT", NOW), 5);
    assert.equal(retryAfterSeconds("Sun, 22 Nov 2026 07:00:00 GMT", NOW), 0);
    assert.equal(retryAfterSeconds("soon", NOW), undefined);
    assert.equal(retryAfterSeconds(undefined, NOW), undefined);
});

test("no answer at all is a network_error with the runtime's errMsg", () => {
    const err = fromFailure({ errMsg: "request:fail timeout" });

    assert.equal(err.error, "network_error");
    assert.equal(err.error_description, "request:fail timeout");
    assert.equal(err.status, 0);
    assert.equal(fromFailure(undefined, "wx_login_failed").error, "wx_login_failed");
});

test("temporarily_unavailable, gateway errors and no answer are retryable; refusals are not", () => {
    const retryable = (status, data) => isRetryable(fromResponse({ statusCode: status, header: {}, data }, NOW));

    assert.equal(retryable(503, { error: "temporarily_unavailable" }), true);
    assert.equal(retryable(429, { error: "temporarily_unavailable" }), true);
    assert.equal(retryable(504, "gateway timeout"), true);
    assert.equal(isRetryable(fromFailure({ errMsg: "request:fail" })), true);
    assert.equal(retryable(400, { error: "invalid_grant" }), false);
    assert.equal(retryable(403, { error: "access_denied" }), false);
    assert.equal(retryable(500, "boom"), false);
    assert.equal(isRetryable(new Error("x")), false);
});

test("isAuthError also knows an AuthError whose class a compiler rewrote", () => {
    assert.equal(isAuthError(new AuthError("invalid_grant")), true);
    assert.equal(isAuthError({ name: "AuthError", error: "invalid_grant" }), true);
    assert.equal(isAuthError(new Error("invalid_grant")), false);
    assert.equal(isAuthError(null), false);
});

test("consent_required for the privacy policy carries the server's current version as privacyPolicyVersion", () => {
    const err = fromResponse({ statusCode: 403, header: {}, data: {
        error: "consent_required", error_description: "accept the privacy policy", privacy_policy_version: "2026-12"
    } }, NOW);

    assert.equal(err.error, AuthError.CONSENT_REQUIRED);
    assert.equal(err.privacyPolicyVersion, "2026-12");
    assert.equal(err.privacy_policy_version, "2026-12");
    assert.equal(isPrivacyConsentRequired(err), true);
    assert.equal(isRetryable(err), false);
    assert.equal(isPrivacyConsentRequired(fromResponse({ statusCode: 403, header: {}, data: { error: "consent_required" } }, NOW)), false);
    assert.equal(fromResponse({ statusCode: 400, header: {}, data: { error: "invalid_grant", privacy_policy_version: "x" } }, NOW).privacyPolicyVersion,
        undefined, "only with consent_required");
});

test("a 401 without a JSON error takes its error from the Bearer challenge", () => {
    const err = fromResponse({ statusCode: 401, header: { "WWW-Authenticate": "Bearer realm=\"demo\", error=\"invalid_token\", error_description=\"x\"" }, data: "" }, NOW);

    assert.equal(err.error, AuthError.INVALID_TOKEN);
    assert.equal(err.status, 401);
    assert.equal(challengeError("Bearer error=insufficient_scope"), "insufficient_scope");
    assert.equal(challengeError("Bearer realm=\"demo\""), undefined);
    assert.equal(challengeError(undefined), undefined);
    assert.equal(fromResponse({ statusCode: 401, header: {}, data: "" }, NOW).error, "server_error");
});
