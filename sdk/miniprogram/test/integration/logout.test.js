"use strict";

// logout(): Keycloak ends the session (the refresh token is revoked); signing in again takes a
// new wx.login.

const assert = require("node:assert/strict");
const { integrationTest, signInKit, environment } = require("../../testing/environment");
const { exchange, postForm } = require("../../testing/http");
const { assertNothingSecretLogged } = require("../../testing/secrets");

const USERINFO = environment.issuer + "/protocol/openid-connect/userinfo";

integrationTest("logout revokes the refresh token at Keycloak and forgets the tokens", async () => {
    const { wx, auth, logs } = signInKit("logout");
    await auth.login();
    const { refresh_token: refreshToken, access_token: accessToken } = wx.getStorageSync("keycloak-wechat.tokens");

    await auth.logout();

    assert.deepEqual(wx.requestsTo(environment.issuer + "/protocol/openid-connect/logout").map((call) => call.status), [204]);
    assert.equal(auth.claims(), null);
    assert.equal(wx.getStorageSync("keycloak-wechat.tokens"), "");
    const refresh = await postForm(environment.issuer + "/protocol/openid-connect/token",
        { grant_type: "refresh_token", client_id: environment.clientId, refresh_token: refreshToken });
    assert.equal(refresh.status, 400);
    assert.equal(refresh.json.error, "invalid_grant");
    const userinfo = await exchange({ url: USERINFO, headers: { Authorization: "Bearer " + accessToken } });
    assert.equal(userinfo.status, 401, "the session's access tokens stop working too");
    assertNothingSecretLogged(wx, logs);
});

integrationTest("after logout the next call signs in again with a new wx.login code: the same user, a new session", async () => {
    const { wx, auth, logs } = signInKit("relogin");
    const before = await auth.login();
    await auth.logout();

    const response = await auth.request({ url: USERINFO });

    assert.equal(response.statusCode, 200);
    assert.equal(response.data.sub, before.sub);
    assert.equal(wx.logins(), 2);
    assert.equal(wx.tokenCalls("refresh_token").length, 0, "nothing left to refresh");
    assert.notEqual(auth.claims().sid, before.sid);
    assertNothingSecretLogged(wx, logs);
});

integrationTest("logout when signed out does nothing", async () => {
    const { wx, auth } = signInKit("never");

    await auth.logout();

    assert.equal(wx.calls.length, 0);
});
