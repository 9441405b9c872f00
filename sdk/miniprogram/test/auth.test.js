"use strict";

// The SDK's rules on an in-memory platform (no network): see test/integration/ for the same
// against a real Keycloak and the WeChat simulator.

const test = require("node:test");
const assert = require("node:assert/strict");
const { createAuth, AuthError, GRANT_TYPE, isPrivacyConsentRequired } = require("..");
const { fakePlatform, tokenAnswer, errorAnswer } = require("../testing/fake-platform");

const ISSUER = "https://sso.example.com/realms/demo";
const TOKEN_URL = ISSUER + "/protocol/openid-connect/token";
const LOGOUT_URL = ISSUER + "/protocol/openid-connect/logout";
const API = "https://api.example.com/orders";

/** An auth on a fake platform whose token endpoint and API answer as `script` says (default: tokens, 200). */
function setUp(script = {}, options = {}) {
    const logs = [];
    const platform = fakePlatform((call) => {
        if (call.url === TOKEN_URL) {
            return (script.token || (() => tokenAnswer()))(call);
        }
        if (call.url === LOGOUT_URL) {
            return (script.logout || (() => ({ statusCode: 204, header: {}, data: "" })))(call);
        }
        return (script.api || (() => ({ statusCode: 200, header: {}, data: { ok: true } })))(call);
    });
    const auth = createAuth(Object.assign({
        issuer: ISSUER + "/", clientId: "mini-program", platform, clock: platform.clock,
        logger: (level, message) => logs.push(level + " " + message)
    }, options));
    return { auth, platform, logs };
}

/** Answers from a list, in turn (the last one again when it runs out). */
function inTurn(...answers) {
    let next = 0;
    return () => answers[Math.min(next++, answers.length - 1)]();
}

test("login trades one wx.login code at the token endpoint and keeps the tokens", async () => {
    const { auth, platform } = setUp({}, { idp: "wechat", storageKey: "my-tokens" });

    const claims = await auth.login();

    assert.equal(platform.codes.length, 1);
    assert.equal(platform.calls.length, 1);
    assert.equal(platform.calls[0].method, "POST");
    assert.deepEqual(platform.calls[0].params, { grant_type: GRANT_TYPE, client_id: "mini-program", code: "code-1", scope: "openid", idp: "wechat" });
    assert.equal(claims.sub, "user-1");
    assert.equal(claims.typ, "ID", "claims come from the id_token");
    assert.equal(platform.getStorageSync("my-tokens").access_token, await auth.getAccessToken());
    assert.equal(platform.calls.length, 1, "a fresh token needs no call");
});

test("concurrent logins share one wx.login and one token call", async () => {
    const { auth, platform } = setUp();

    const results = await Promise.all([auth.login(), auth.login(), auth.getAccessToken(), auth.login(), auth.getAccessToken()]);

    assert.equal(platform.codes.length, 1);
    assert.equal(platform.calls.length, 1);
    assert.equal(results[2], results[4]);
});

test("a new auth (the app started again) uses the stored tokens", async () => {
    const { auth, platform } = setUp();
    const token = (await auth.login(), await auth.getAccessToken());

    const again = createAuth({ issuer: ISSUER, clientId: "mini-program", platform, clock: platform.clock });

    assert.equal(await again.getAccessToken(), token);
    assert.equal(again.claims().sub, "user-1");
    assert.equal(platform.calls.length, 1);
});

test("the access token is refreshed ahead of expiry, once for concurrent callers", async () => {
    const { auth, platform } = setUp({}, { refreshLeewaySeconds: 30 });
    await auth.login();
    const first = await auth.getAccessToken();

    platform.now += 269 * 1000;
    assert.equal(await auth.getAccessToken(), first, "outside the leeway");
    platform.now += 1000;
    const refreshed = await Promise.all([auth.getAccessToken(), auth.getAccessToken(), auth.getAccessToken()]);

    assert.equal(platform.grants("refresh_token").length, 1);
    assert.equal(platform.grants("refresh_token")[0].params.refresh_token.startsWith("refresh-"), true);
    assert.notEqual(refreshed[0], first);
    assert.deepEqual(refreshed, [refreshed[0], refreshed[0], refreshed[0]]);
    assert.equal(platform.codes.length, 1, "no new wx.login");
});

test("a refused refresh (invalid_grant) signs in with a new wx.login code", async () => {
    const { auth, platform } = setUp({
        token: (call) => call.params.grant_type === "refresh_token" ? errorAnswer(400, "invalid_grant") : tokenAnswer()
    });
    await auth.login();
    platform.now += 300 * 1000;

    await auth.getAccessToken();

    assert.equal(platform.grants("refresh_token").length, 1);
    assert.equal(platform.grants(GRANT_TYPE).length, 2);
    assert.equal(platform.codes.length, 2);
});

test("an expired refresh token is not sent: a new wx.login code instead", async () => {
    const { auth, platform } = setUp({ token: () => tokenAnswer({ expiresIn: 60, refreshExpiresIn: 120 }) });
    await auth.login();
    platform.now += 121 * 1000;

    await auth.getAccessToken();

    assert.equal(platform.grants("refresh_token").length, 0);
    assert.equal(platform.codes.length, 2);
});

test("other refusals of a refresh are the caller's, not a new sign-in (a minor's curfew)", async () => {
    const { auth, platform } = setUp({
        token: (call) => call.params.grant_type === "refresh_token"
            ? errorAnswer(403, "access_denied", { guardian_policy: "curfew" }) : tokenAnswer()
    });
    await auth.login();
    platform.now += 300 * 1000;

    await assert.rejects(auth.getAccessToken(), { name: "AuthError", error: "access_denied", guardian_policy: "curfew", status: 403 });
    assert.equal(platform.codes.length, 1);
});

test("WeChat busy: the same code is sent again after a backoff, then succeeds", async () => {
    const busy = () => errorAnswer(503, "temporarily_unavailable");
    const { auth, platform } = setUp({ token: inTurn(busy, busy, () => tokenAnswer()) }, { retry: { baseDelayMs: 100 } });

    await auth.login();

    assert.equal(platform.codes.length, 1);
    assert.deepEqual(platform.grants(GRANT_TYPE).map((call) => call.params.code), ["code-1", "code-1", "code-1"]);
    assert.deepEqual(platform.sleeps, [75, 150], "exponential backoff with jitter (random 0.5)");
});

test("Retry-After is honoured", async () => {
    const limited = () => errorAnswer(429, "temporarily_unavailable", {}, { "Retry-After": "2" });
    const { auth, platform } = setUp({ token: inTurn(limited, () => tokenAnswer()) });

    await auth.login();

    assert.deepEqual(platform.sleeps, [2000]);
});

test("a Retry-After longer than maxDelayMs fails at once, saying how long to wait", async () => {
    const limited = () => errorAnswer(429, "temporarily_unavailable", {}, { "retry-after": "60" });
    const { auth, platform } = setUp({ token: limited });

    await assert.rejects(auth.login(), { error: "temporarily_unavailable", status: 429, retryAfter: 60 });
    assert.deepEqual(platform.sleeps, []);
    assert.equal(platform.calls.length, 1);
});

test("attempts are bounded: a WeChat that stays busy fails the login with temporarily_unavailable", async () => {
    const { auth, platform } = setUp({ token: () => errorAnswer(503, "temporarily_unavailable") }, { retry: { attempts: 3 } });

    await assert.rejects(auth.login(), (err) => err instanceof AuthError && err.error === "temporarily_unavailable" && err.status === 503);
    assert.equal(platform.calls.length, 3);
    assert.equal(platform.sleeps.length, 2);
});

test("a code refused when sent again (WeChat spent it) is replaced by a new wx.login code", async () => {
    const { auth, platform } = setUp({
        token: inTurn(() => errorAnswer(503, "temporarily_unavailable"), () => errorAnswer(400, "invalid_grant"), () => tokenAnswer())
    });

    await auth.login();

    assert.deepEqual(platform.grants(GRANT_TYPE).map((call) => call.params.code), ["code-1", "code-1", "code-2"]);
    assert.equal(platform.sleeps.length, 1, "the new code is sent at once");
});

test("a fresh code refused is a refusal (a disabled user): no new wx.login", async () => {
    const { auth, platform } = setUp({ token: () => errorAnswer(400, "invalid_grant") });

    await assert.rejects(auth.login(), { error: "invalid_grant", status: 400 });
    assert.equal(platform.codes.length, 1);
    assert.equal(platform.calls.length, 1);
});

test("no answer at all (timeout) is retried like a busy WeChat", async () => {
    const { auth, platform } = setUp({ token: inTurn(() => "fail", () => tokenAnswer()) });

    await auth.login();

    assert.equal(platform.calls.length, 2);
    assert.equal(platform.codes.length, 1);
});

test("a failing wx.login is an AuthError wx_login_failed", async () => {
    const { platform } = setUp();
    platform.login = ({ fail }) => fail({ errMsg: "login:fail auth deny" });
    const auth = createAuth({ issuer: ISSUER, clientId: "c", platform });

    await assert.rejects(auth.login(), { error: "wx_login_failed", error_description: "login:fail auth deny" });
});

test("an error answer keeps its extra members (guardian consent)", async () => {
    const { auth } = setUp({
        token: () => errorAnswer(403, "consent_required", {
            guardian_policy: "consent_required", guardian_consent_request: "r1", guardian_consent_uri: "https://sso.example.com/c/r1"
        })
    });

    await assert.rejects(auth.login(), {
        error: "consent_required", status: 403, guardian_consent_request: "r1", guardian_consent_uri: "https://sso.example.com/c/r1"
    });
});

test("request adds the bearer, replacing one the caller set, and passes other options through", async () => {
    const { auth, platform } = setUp();

    const response = await auth.request({ url: API, method: "POST", data: "x", header: { authorization: "Basic abc", "X-Trace": "1" } });

    const call = platform.calls[1];
    assert.equal(response.statusCode, 200);
    assert.equal(call.header.Authorization, "Bearer " + await auth.getAccessToken());
    assert.equal(call.header.authorization, undefined);
    assert.equal(call.header["X-Trace"], "1");
    assert.equal(call.method, "POST");
});

test("a 401 renews the tokens and tries once more, with the new token", async () => {
    const { auth, platform } = setUp({ api: inTurn(() => ({ statusCode: 401, header: {}, data: {} }), () => ({ statusCode: 200, header: {}, data: {} })) });
    await auth.login();
    const rejected = await auth.getAccessToken();

    const response = await auth.request({ url: API });

    assert.equal(response.statusCode, 200);
    const apiCalls = platform.calls.filter((call) => call.url === API);
    assert.equal(apiCalls.length, 2);
    assert.equal(apiCalls[0].header.Authorization, "Bearer " + rejected);
    assert.notEqual(apiCalls[1].header.Authorization, "Bearer " + rejected);
    assert.equal(platform.grants("refresh_token").length, 1);
});

test("a second 401 is the caller's: once more, not forever", async () => {
    const { auth, platform } = setUp({ api: () => ({ statusCode: 401, header: {}, data: { error: "invalid_token" } }) });

    const response = await auth.request({ url: API });

    assert.equal(response.statusCode, 401);
    assert.equal(platform.calls.filter((call) => call.url === API).length, 2);
});

test("concurrent requests refused with the same token share one renewal", async () => {
    let rejected = null;
    const { auth, platform } = setUp({
        api: (call) => ({ statusCode: call.header.Authorization === "Bearer " + rejected ? 401 : 200, header: {}, data: {} })
    });
    await auth.login();
    rejected = await auth.getAccessToken();

    const responses = await Promise.all([auth.request({ url: API }), auth.request({ url: API }), auth.request({ url: API })]);

    assert.deepEqual(responses.map((r) => r.statusCode), [200, 200, 200]);
    assert.equal(platform.calls.filter((call) => call.url === API).length, 6);
    assert.equal(platform.grants("refresh_token").length, 1);
});

test("bindPhone posts the phone code with the bearer, then renews the tokens for the phone_number claim", async () => {
    let bound = false;
    const { auth, platform } = setUp({
        token: () => tokenAnswer({ claims: bound ? { sub: "user-1", phone_number: "+8613800138000" } : { sub: "user-1" } }),
        api: (call) => {
            bound = true;
            return { statusCode: 200, header: {}, data: { phone_number: "+86 138****8000", phone_number_verified: true }, url: call.url };
        }
    });
    await auth.login();

    const answer = await auth.bindPhone("phone-code-1");

    const call = platform.calls.find((c) => c.url === ISSUER + "/wechat/phone");
    assert.deepEqual(call.json, { phone_code: "phone-code-1" });
    assert.equal(call.method, "POST");
    assert.match(call.header.Authorization, /^Bearer /);
    assert.deepEqual(answer, { phone_number: "+86 138****8000", phone_number_verified: true });
    assert.equal(auth.claims().phone_number, "+8613800138000");
});

test("bindPhone's refusals are AuthErrors with the endpoint's error", async () => {
    const { auth } = setUp({ api: () => errorAnswer(409, "phone_number_in_use") });

    await assert.rejects(auth.bindPhone("p"), { error: "phone_number_in_use", status: 409 });
    await assert.rejects(auth.bindPhone(""), TypeError);
});

test("bindEmail posts the address with the bearer and answers the code's lifetime", async () => {
    const { auth, platform, logs } = setUp({
        api: () => ({ statusCode: 200, header: {}, data: { email: "alice@example.com", expires_in: 600 } })
    });
    await auth.login();

    const answer = await auth.bindEmail("Alice@Example.com");

    const call = platform.calls.find((c) => c.url === ISSUER + "/wechat/email");
    assert.deepEqual(call.json, { email: "Alice@Example.com" });
    assert.equal(call.method, "POST");
    assert.match(call.header.Authorization, /^Bearer /);
    assert.deepEqual(answer, { email: "alice@example.com", expires_in: 600 });
    assert.ok(logs.every((line) => !line.includes("Alice@Example.com")), "the address is in no log line");
});

test("verifyEmail posts address and code, then renews the tokens for the email claims", async () => {
    let verified = false;
    const { auth, platform, logs } = setUp({
        token: () => tokenAnswer({ claims: verified ? { sub: "user-1", email: "alice@example.com", email_verified: true } : { sub: "user-1" } }),
        api: () => {
            verified = true;
            return { statusCode: 200, header: {}, data: { email: "alice@example.com", email_verified: true } };
        }
    });
    await auth.login();

    const answer = await auth.verifyEmail("alice@example.com", " 042917 ");

    const call = platform.calls.find((c) => c.url === ISSUER + "/wechat/email/verify");
    assert.deepEqual(call.json, { email: "alice@example.com", code: "042917" });
    assert.deepEqual(answer, { email: "alice@example.com", email_verified: true });
    assert.equal(auth.claims().email, "alice@example.com");
    assert.equal(auth.claims().email_verified, true);
    assert.equal(platform.grants(GRANT_TYPE).length, 1, "renewed by a refresh, not a new sign-in");
    assert.ok(logs.every((line) => !line.includes("042917")), "the code is in no log line");
});

test("verifyEmail that linked the identity to the address's account signs in again, to that account", async () => {
    let linked = false;
    const { auth, platform } = setUp({
        token: () => tokenAnswer({ claims: { sub: linked ? "owner-of-the-address" : "wechat-user" } }),
        api: () => {
            linked = true;
            return { statusCode: 200, header: {}, data: { email: "judy@example.com", email_verified: true, linked: true } };
        }
    });
    await auth.login();

    const answer = await auth.verifyEmail("judy@example.com", "123456");

    assert.equal(answer.linked, true);
    assert.equal(platform.grants(GRANT_TYPE).length, 2, "a new code login");
    assert.equal(auth.claims().sub, "owner-of-the-address");
});

test("bindEmail's and verifyEmail's refusals are AuthErrors with the endpoint's error, not retried", async () => {
    const { auth, platform } = setUp({
        api: inTurn(() => errorAnswer(429, "temporarily_unavailable"), () => errorAnswer(400, "invalid_grant"),
            () => errorAnswer(409, "conflict"), () => errorAnswer(400, "invalid_request"))
    });

    await assert.rejects(auth.bindEmail("a@example.com"), { error: "temporarily_unavailable", status: 429 });
    await assert.rejects(auth.verifyEmail("a@example.com", "000000"), { error: "invalid_grant", status: 400 });
    await assert.rejects(auth.verifyEmail("a@example.com", "111111"), { error: "conflict", status: 409 });
    await assert.rejects(auth.bindEmail("a@"), { error: "invalid_request", status: 400 });
    assert.equal(platform.calls.filter((c) => c.url.startsWith(ISSUER + "/wechat/email")).length, 4);
    await assert.rejects(auth.bindEmail(""), TypeError);
    await assert.rejects(auth.bindEmail(undefined), TypeError);
    await assert.rejects(auth.verifyEmail("a@example.com", "12345"), TypeError);
    await assert.rejects(auth.verifyEmail("a@example.com", 123456), TypeError);
    await assert.rejects(auth.verifyEmail("", "123456"), TypeError);
});

test("logout revokes the refresh token at Keycloak and forgets the tokens", async () => {
    const { auth, platform } = setUp();
    await auth.login();
    const refreshToken = platform.getStorageSync("keycloak-wechat.tokens").refresh_token;

    await auth.logout();

    const call = platform.calls.find((c) => c.url === LOGOUT_URL);
    assert.deepEqual(call.params, { client_id: "mini-program", refresh_token: refreshToken });
    assert.equal(auth.claims(), null);
    assert.equal(platform.getStorageSync("keycloak-wechat.tokens"), "");
    await auth.getAccessToken();
    assert.equal(platform.codes.length, 2, "signing in again takes a new wx.login");
});

test("logout of a session that had already ended resolves; other refusals reject, the tokens gone either way", async () => {
    const ended = setUp({ logout: () => errorAnswer(400, "invalid_grant") });
    await ended.auth.login();
    await ended.auth.logout();

    const failing = setUp({ logout: () => "fail" });
    await failing.auth.login();
    await assert.rejects(failing.auth.logout(), { error: "network_error" });
    assert.equal(failing.auth.claims(), null);
});

test("logout waits for a sign-in under way, then revokes its tokens", async () => {
    const { auth, platform } = setUp();

    const login = auth.login();
    await auth.logout();
    await login;

    assert.equal(platform.calls.filter((c) => c.url === LOGOUT_URL).length, 1);
    assert.equal(auth.claims(), null);
});

test("the logger learns what happens but never a token or a code", async () => {
    const busy = () => errorAnswer(503, "temporarily_unavailable");
    const { auth, platform, logs } = setUp({
        token: inTurn(busy, () => errorAnswer(400, "invalid_grant"), () => tokenAnswer(), () => errorAnswer(400, "invalid_grant"), () => tokenAnswer()),
        api: inTurn(() => ({ statusCode: 401, header: {}, data: {} }), () => ({ statusCode: 200, header: {}, data: {} }))
    });
    await auth.login();
    await auth.request({ url: API });
    await auth.logout();

    const secrets = platform.codes.concat(platform.calls.flatMap((c) => Object.values(c.params)).filter((v) => /^(code|refresh)-/.test(v)));
    for (const call of platform.calls) {
        if (call.header.Authorization) {
            secrets.push(call.header.Authorization.slice("Bearer ".length));
        }
    }
    assert.ok(logs.length >= 4, logs.join("\n"));
    assert.ok(logs.some((line) => /temporarily_unavailable/.test(line)));
    for (const secret of secrets) {
        assert.ok(!logs.some((line) => line.includes(secret)), "a secret in the log");
    }
});

test("a console-like logger works too", async () => {
    const lines = [];
    const { platform } = setUp();
    const auth = createAuth({ issuer: ISSUER, clientId: "c", platform, logger: { info: (m) => lines.push(m) } });

    await auth.login();

    assert.deepEqual(lines, ["keycloak-wechat: signed in"]);
});

test("createAuth refuses missing settings at once", () => {
    const { platform } = setUp();
    assert.throws(() => createAuth({ clientId: "c", platform }), /issuer/);
    assert.throws(() => createAuth({ issuer: ISSUER, platform }), /clientId/);
    assert.throws(() => createAuth({ issuer: ISSUER, clientId: "c" }), /no `wx` here/);
});

test("claims() is null when signed out; without an id_token it reads the access token", async () => {
    const { auth } = setUp({ token: () => Object.assign(tokenAnswer(), {}) }, { scope: "" });
    assert.equal(auth.claims(), null);
    const answer = tokenAnswer();
    delete answer.data.id_token;
    const plain = setUp({ token: () => answer }, { scope: "" });

    await plain.auth.login();

    assert.equal(plain.platform.calls[0].params.scope, undefined, "an empty scope is not sent");
    assert.equal(plain.auth.claims().typ, "Bearer");
});

// ---- the privacy policy version ----

const ME_URL = ISSUER + "/wechat/me";
const RECORDS_URL = ISSUER + "/wechat/me/authorizations";
const privacyRefusal = (current = "2026-12") => errorAnswer(403, "consent_required", { privacy_policy_version: current });

test("privacyVersion is sent with every code login, and not with refreshes", async () => {
    const { auth, platform } = setUp({}, { privacyVersion: "2026-12" });

    await auth.login();
    platform.now += 300 * 1000;
    await auth.getAccessToken();

    assert.deepEqual(platform.grants(GRANT_TYPE)[0].params, {
        grant_type: GRANT_TYPE, client_id: "mini-program", code: "code-1", scope: "openid", privacy_version: "2026-12"
    });
    assert.equal(platform.grants("refresh_token")[0].params.privacy_version, undefined);
});

test("without privacyVersion no privacy_version is sent", async () => {
    const { auth, platform } = setUp();

    await auth.login();

    assert.equal("privacy_version" in platform.calls[0].params, false);
});

test("consent_required for the privacy policy: an AuthError with privacyPolicyVersion, not retried", async () => {
    const { auth, platform } = setUp({ token: () => privacyRefusal("2026-12") }, { privacyVersion: "2026-01" });

    const err = await auth.login().then(() => assert.fail("signed in"), (e) => e);

    assert.ok(err instanceof AuthError);
    assert.equal(err.error, "consent_required");
    assert.equal(err.error, AuthError.CONSENT_REQUIRED);
    assert.equal(err.status, 403);
    assert.equal(err.privacyPolicyVersion, "2026-12");
    assert.equal(err.privacy_policy_version, "2026-12", "the server's member, as sent");
    assert.equal(isPrivacyConsentRequired(err), true);
    assert.equal(platform.calls.length, 1, "not sent again");
    assert.deepEqual(platform.sleeps, []);
    assert.equal(auth.claims(), null);
});

test("a guardian's consent_required is not a privacy refusal", async () => {
    const { auth } = setUp({ token: () => errorAnswer(403, "consent_required", { guardian_consent_uri: "https://sso.example.com/c/r1" }) });

    const err = await auth.login().then(() => assert.fail("signed in"), (e) => e);

    assert.equal(err.privacyPolicyVersion, undefined);
    assert.equal(isPrivacyConsentRequired(err), false);
});

test("after the user agrees, the login with the new version sends the same, unspent wx.login code", async () => {
    const { auth, platform } = setUp({
        token: (call) => call.params.privacy_version === "2026-12" ? tokenAnswer() : privacyRefusal("2026-12")
    });
    const err = await auth.login().then(() => assert.fail("signed in"), (e) => e);

    auth.setPrivacyVersion(err.privacyPolicyVersion);
    const claims = await auth.login();

    assert.equal(claims.sub, "user-1");
    assert.deepEqual(platform.grants(GRANT_TYPE).map((call) => [call.params.code, call.params.privacy_version]),
        [["code-1", undefined], ["code-1", "2026-12"]]);
    assert.equal(platform.codes.length, 1, "no second wx.login");
    await auth.logout();
    await auth.login();
    assert.equal(platform.codes.length, 2, "the kept code was used once");
});

test("a kept code too old for WeChat is not sent: a new wx.login instead", async () => {
    const { auth, platform } = setUp({
        token: (call) => call.params.privacy_version === "2026-12" ? tokenAnswer() : privacyRefusal("2026-12")
    });
    await assert.rejects(auth.login(), { error: "consent_required" });
    platform.now += 5 * 60 * 1000;

    auth.setPrivacyVersion("2026-12");
    await auth.login();

    assert.deepEqual(platform.grants(GRANT_TYPE).map((call) => call.params.code), ["code-1", "code-2"]);
});

test("a kept code WeChat has nonetheless expired (invalid_grant) is replaced by a new wx.login code at once", async () => {
    const { auth, platform } = setUp({
        token: (call) => call.params.privacy_version !== "2026-12" ? privacyRefusal("2026-12")
            : call.params.code === "code-1" ? errorAnswer(400, "invalid_grant") : tokenAnswer()
    });
    await assert.rejects(auth.login(), { error: "consent_required" });

    auth.setPrivacyVersion("2026-12");
    await auth.login();

    assert.deepEqual(platform.grants(GRANT_TYPE).map((call) => call.params.code), ["code-1", "code-1", "code-2"]);
    assert.deepEqual(platform.sleeps, []);
});

test("privacyVersion and setPrivacyVersion refuse what is not a version", () => {
    const { platform } = setUp();
    assert.throws(() => createAuth({ issuer: ISSUER, clientId: "c", platform, privacyVersion: 3 }), TypeError);
    assert.throws(() => createAuth({ issuer: ISSUER, clientId: "c", platform, privacyVersion: "" }), TypeError);
    const auth = createAuth({ issuer: ISSUER, clientId: "c", platform, privacyVersion: null });
    assert.throws(() => auth.setPrivacyVersion(""), TypeError);
    auth.setPrivacyVersion(null);
});

test("setPrivacyVersion(null) stops sending privacy_version", async () => {
    const { auth, platform } = setUp({}, { privacyVersion: "2026-12" });

    auth.setPrivacyVersion(null);
    await auth.login();

    assert.equal(platform.calls[0].params.privacy_version, undefined);
});

// ---- deleting the account, and the user's records ----

test("deleteAccount sends DELETE /wechat/me with the access token, then forgets the tokens on 204", async () => {
    const { auth, platform } = setUp({ api: () => ({ statusCode: 204, header: {}, data: "" }) });
    await auth.login();
    const token = await auth.getAccessToken();

    await auth.deleteAccount();

    const call = platform.calls.find((c) => c.url === ME_URL);
    assert.equal(call.method, "DELETE");
    assert.equal(call.header.Authorization, "Bearer " + token);
    assert.equal(auth.claims(), null);
    assert.equal(platform.getStorageSync("keycloak-wechat.tokens"), "");
    assert.equal(platform.calls.filter((c) => c.url === LOGOUT_URL).length, 0, "no logout call: the sessions are gone with the user");
    await auth.getAccessToken();
    assert.equal(platform.codes.length, 2, "the next call signs in with a new wx.login");
});

test("deleteAccount refused (401 invalid_token, a login too old): freshLoginRequired, no refresh and no second DELETE", async () => {
    const stale = () => errorAnswer(401, "invalid_token", {}, { "WWW-Authenticate": "Bearer error=\"invalid_token\"" });
    const { auth, platform } = setUp({ api: stale });
    await auth.login();

    const err = await auth.deleteAccount().then(() => assert.fail("deleted"), (e) => e);

    assert.ok(err instanceof AuthError);
    assert.equal(err.error, AuthError.INVALID_TOKEN);
    assert.equal(err.status, 401);
    assert.equal(err.freshLoginRequired, true);
    assert.equal(platform.calls.filter((c) => c.url === ME_URL).length, 1);
    assert.equal(platform.grants("refresh_token").length, 0);
    assert.equal(platform.codes.length, 1);
    assert.notEqual(auth.claims(), null, "the tokens are kept");
});

test("after freshLoginRequired, login() then deleteAccount() deletes with the new login's token", async () => {
    let fresh = null;
    const { auth, platform } = setUp({
        api: (call) => call.header.Authorization === "Bearer " + fresh
            ? { statusCode: 204, header: {}, data: "" } : errorAnswer(401, "invalid_token")
    });
    await auth.login();
    await assert.rejects(auth.deleteAccount(), { freshLoginRequired: true });

    await auth.login();
    fresh = await auth.getAccessToken();
    await auth.deleteAccount();

    assert.equal(platform.codes.length, 2);
    assert.equal(auth.claims(), null);
});

test("a 401 that says why only in WWW-Authenticate is read from there", async () => {
    const { auth } = setUp({ api: () => ({ statusCode: 401, header: { "www-authenticate": "Bearer realm=\"r\", error=\"invalid_token\"" }, data: "" }) });

    await assert.rejects(auth.deleteAccount(), { error: "invalid_token", status: 401, freshLoginRequired: true });
});

test("deleteAccount's other failures are the SDK's usual errors, not retried, and the tokens stay", async () => {
    const busy = setUp({ api: () => errorAnswer(503, "temporarily_unavailable") });
    await busy.auth.login();
    const err = await busy.auth.deleteAccount().then(() => assert.fail("deleted"), (e) => e);
    assert.equal(err.error, "temporarily_unavailable");
    assert.equal(err.freshLoginRequired, undefined);
    assert.equal(busy.platform.calls.filter((c) => c.url === ME_URL).length, 1);
    assert.notEqual(busy.auth.claims(), null);

    const offline = setUp({ api: () => "fail" });
    await offline.auth.login();
    await assert.rejects(offline.auth.deleteAccount(), { error: "network_error" });
    assert.equal(offline.platform.calls.filter((c) => c.url === ME_URL).length, 1);
});

test("deleteAccount uses a refreshed token when the kept one is due (a refresh before, never after, the call)", async () => {
    const { auth, platform } = setUp({ api: () => ({ statusCode: 204, header: {}, data: "" }) });
    await auth.login();
    platform.now += 290 * 1000;

    await auth.deleteAccount();

    assert.equal(platform.grants("refresh_token").length, 1);
    assert.equal(platform.calls[platform.calls.length - 1].url, ME_URL);
});

test("authorizations() returns the user's records", async () => {
    const records = [
        { id: "r1", userId: "user-1", clientId: "mini-program", kind: "register", detail: "wechat", privacyVersion: null,
            createdAt: "2026-11-22T08:00:00Z", ipAddress: "10.0.0.1", userAgent: "x" },
        { id: "r2", userId: "user-1", clientId: "mini-program", kind: "privacy_policy", detail: "2026-12", privacyVersion: "2026-12",
            createdAt: "2026-11-22T08:00:00Z", ipAddress: "10.0.0.1", userAgent: "x" }
    ];
    const { auth, platform } = setUp({ api: () => ({ statusCode: 200, header: {}, data: records }) });

    assert.deepEqual(await auth.authorizations(), records);
    const call = platform.calls.find((c) => c.url === RECORDS_URL);
    assert.equal(call.method, "GET");
    assert.match(call.header.Authorization, /^Bearer /);
});

test("authorizations() refused is an AuthError", async () => {
    const { auth } = setUp({ api: () => errorAnswer(403, "access_denied") });

    await assert.rejects(auth.authorizations(), { error: "access_denied", status: 403 });
});

test("the logger never sees the kept code or the tokens of the privacy and deletion calls", async () => {
    const { auth, platform, logs } = setUp({
        token: (call) => call.params.privacy_version === "2026-12" ? tokenAnswer() : privacyRefusal("2026-12"),
        api: inTurn(() => errorAnswer(401, "invalid_token"), () => ({ statusCode: 204, header: {}, data: "" }))
    });
    await assert.rejects(auth.login(), { error: "consent_required" });
    auth.setPrivacyVersion("2026-12");
    await auth.login();
    await assert.rejects(auth.deleteAccount(), { freshLoginRequired: true });
    await auth.login();
    await auth.deleteAccount();

    const secrets = platform.codes.concat(platform.calls.filter((c) => c.header.Authorization).map((c) => c.header.Authorization.slice(7)));
    assert.ok(logs.some((line) => /privacy policy 2026-12/.test(line)), logs.join("\n"));
    for (const secret of secrets) {
        assert.ok(!logs.some((line) => line.includes(secret)), "a secret in the log");
    }
});
