"use strict";

// The provider's privacy policy version: with privacyPolicyVersion set, a code login must send it
// as privacy_version; without it (or with another) Keycloak answers 403 consent_required with the
// current version before it asks WeChat, so the SDK keeps the unspent code for the login that
// follows the user's agreement. The provider is set back to tracking no version afterwards.

const assert = require("node:assert/strict");
const { isPrivacyConsentRequired } = require("../..");
const { integrationTest, signInKit, environment } = require("../../testing/environment");
const { updateProvider } = require("../../testing/keycloak-admin");
const { assertNothingSecretLogged } = require("../../testing/secrets");

/** Runs fn while the provider requires environment.privacyVersion (the other test files send it too). */
async function withPrivacyPolicy(fn) {
    await updateProvider({ privacyPolicyVersion: environment.privacyVersion });
    try {
        await fn();
    } finally {
        await updateProvider({ privacyPolicyVersion: "" });
    }
}

integrationTest("a login without the privacy version is refused with privacyPolicyVersion; after the user agrees, the same code signs in", async () => {
    await withPrivacyPolicy(async () => {
        const { wx, auth, logs } = signInKit("privacy", { privacyVersion: null });

        const err = await auth.login().then(() => assert.fail("signed in without the privacy version"), (e) => e);

        assert.equal(err.name, "AuthError");
        assert.equal(err.error, "consent_required");
        assert.equal(err.status, 403);
        assert.equal(err.privacyPolicyVersion, environment.privacyVersion);
        assert.equal(isPrivacyConsentRequired(err), true);
        assert.equal(auth.claims(), null);
        assert.deepEqual(wx.tokenCalls("code").map((call) => call.status), [403], "not retried");

        auth.setPrivacyVersion(err.privacyPolicyVersion); // as the app does once wx.requirePrivacyAuthorize succeeded
        const claims = await auth.login();

        assert.match(claims.sub, /^[0-9a-f-]{36}$/);
        assert.deepEqual(wx.tokenCalls("code").map((call) => call.status), [403, 200]);
        assert.equal(wx.logins(), 1, "the refused code was unspent and signed in");
        const records = await auth.authorizations();
        assert.ok(records.every((record) => record.userId === claims.sub), "the user's own records");
        assert.deepEqual(records.filter((record) => record.kind === "privacy_policy").map((record) => record.detail), [environment.privacyVersion]);
        assert.ok(records.some((record) => record.kind === "register"), JSON.stringify(records.map((record) => record.kind)));
        assertNothingSecretLogged(wx, logs, [err.message, JSON.stringify(err)]);
    });
});

integrationTest("a login with another privacy version is refused, naming the current one; with it, it succeeds", async () => {
    await withPrivacyPolicy(async () => {
        const { wx, auth } = signInKit("privacy-old", { privacyVersion: "sdk-tests-0" });

        await assert.rejects(auth.login(), { name: "AuthError", error: "consent_required", status: 403, privacyPolicyVersion: environment.privacyVersion });

        auth.setPrivacyVersion(environment.privacyVersion);
        const response = await auth.request({ url: environment.issuer + "/protocol/openid-connect/userinfo" });

        assert.equal(response.statusCode, 200);
        assert.deepEqual(wx.tokenCalls("code").map((call) => call.status), [403, 200]);
    });
});

integrationTest("the user's records, without a privacy policy tracked: the register record of the first login", async () => {
    const { wx, auth } = signInKit("records");
    const claims = await auth.login();

    const records = await auth.authorizations();

    const register = records.find((record) => record.kind === "register");
    assert.ok(register, JSON.stringify(records.map((record) => record.kind)));
    assert.equal(register.userId, claims.sub);
    assert.equal(register.clientId, environment.clientId);
    assert.equal(typeof register.createdAt, "string");
    assert.deepEqual(wx.requestsTo(environment.issuer + "/wechat/me/authorizations").map((call) => call.status), [200]);
});
