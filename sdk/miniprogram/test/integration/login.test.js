"use strict";

// Signing in against the real Keycloak and the WeChat simulator.

const assert = require("node:assert/strict");
const { createAuth, GRANT_TYPE } = require("../..");
const { environment, integrationTest, signInKit, uniqueUser } = require("../../testing/environment");
const { createWx, promiseOnly } = require("../../testing/wx-shim");
const { assertNothingSecretLogged, assertSameToken } = require("../../testing/secrets");

integrationTest("first login: one wx.login code traded for Keycloak's tokens, kept in storage", async () => {
    const { wx, auth, logs } = signInKit("first", { storageKey: "app-tokens" });

    const claims = await auth.login();

    assert.equal(wx.logins(), 1);
    assert.equal(wx.tokenCalls("code").length, 1);
    assert.equal(wx.tokenCalls("code")[0].status, 200);
    assert.equal(claims.iss, environment.issuer);
    assert.equal(claims.azp, environment.clientId);
    assert.match(claims.sub, /^[0-9a-f-]{36}$/);
    assert.equal(typeof claims.wechat_openid, "string");
    const stored = wx.getStorageSync("app-tokens");
    assertSameToken(stored.access_token, await auth.getAccessToken(), "the stored access token");
    assert.equal(typeof stored.refresh_token, "string");
    assert.equal(wx.calls.length, 2, "a fresh access token needs no call");
    assertNothingSecretLogged(wx, logs);
});

integrationTest("the same WeChat user signing in again is the same Keycloak user", async () => {
    const { wx, auth } = signInKit("again");
    const first = await auth.login();

    const second = await auth.login();

    assert.equal(second.sub, first.sub);
    assert.notEqual(second.sid, first.sid, "a new code login is a new session");
    assert.equal(wx.logins(), 2);
});

integrationTest("concurrent login() calls make one wx.login and one code exchange", async () => {
    const { wx, auth, logs } = signInKit("concurrent");

    const results = await Promise.all([auth.login(), auth.login(), auth.getAccessToken(), auth.login(), auth.request({ url: environment.issuer + "/protocol/openid-connect/userinfo" })]);

    assert.equal(wx.logins(), 1);
    assert.equal(wx.tokenCalls("code").length, 1);
    assert.equal(results[0].sub, results[3].sub);
    assert.equal(results[4].statusCode, 200);
    assert.equal(results[4].data.sub, results[0].sub);
    assertNothingSecretLogged(wx, logs);
});

integrationTest("a promise-style platform (as Taro's) signs in just the same", async () => {
    const wx = createWx({ simulator: environment.simulator, user: uniqueUser("taro") });
    const auth = createAuth({ issuer: environment.issuer, clientId: environment.clientId, platform: promiseOnly(wx), privacyVersion: environment.privacyVersion });

    const claims = await auth.login();
    const userinfo = await auth.request({ url: environment.issuer + "/protocol/openid-connect/userinfo" });

    assert.equal(userinfo.statusCode, 200);
    assert.equal(userinfo.data.sub, claims.sub);
    assert.equal(wx.tokenCalls(GRANT_TYPE).length, 1);
});

integrationTest("a refused login is an AuthError with the contract's error", async () => {
    const { auth } = signInKit("refused", { clientId: "no-such-client" });

    await assert.rejects(auth.login(), (err) => err.name === "AuthError" && err.status >= 400 && typeof err.error === "string"
        && ["invalid_client", "unauthorized_client"].includes(err.error));
});
