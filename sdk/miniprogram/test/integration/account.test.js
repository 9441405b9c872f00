"use strict";

// deleteAccount(): DELETE /realms/{realm}/wechat/me with a recent login deletes the user and ends
// every session; a token Keycloak does not accept for it is a 401 the app answers with a new login,
// never a refresh (a refreshed token keeps its login's time).

const assert = require("node:assert/strict");
const { integrationTest, signInKit, environment } = require("../../testing/environment");
const { endSessions, findUser } = require("../../testing/keycloak-admin");
const { postForm } = require("../../testing/http");
const { assertNothingSecretLogged } = require("../../testing/secrets");

const ME = environment.issuer + "/wechat/me";

integrationTest("deleteAccount right after a login deletes the user: the tokens are forgotten, the refresh token is dead", async () => {
    const { wx, auth, logs } = signInKit("delete");
    const claims = await auth.login();
    const { refresh_token: refreshToken } = wx.getStorageSync("keycloak-wechat.tokens");
    assert.notEqual(await findUser(claims.sub), null);

    await auth.deleteAccount();

    assert.deepEqual(wx.requestsTo(ME).map((call) => [call.method, call.status]), [["DELETE", 204]]);
    assert.equal(auth.claims(), null);
    assert.equal(wx.getStorageSync("keycloak-wechat.tokens"), "");
    assert.equal(await findUser(claims.sub), null, "the user is gone");
    const refresh = await postForm(environment.issuer + "/protocol/openid-connect/token",
        { grant_type: "refresh_token", client_id: environment.clientId, refresh_token: refreshToken });
    assert.equal(refresh.status, 400);
    assert.equal(refresh.json.error, "invalid_grant");
    assertNothingSecretLogged(wx, logs);
});

integrationTest("a token Keycloak refuses for deleteAccount: freshLoginRequired, no refresh; after login() the deletion goes through", async () => {
    const { wx, auth, logs } = signInKit("delete-again");
    const claims = await auth.login();
    await endSessions(claims.sub); // the kept access token is no longer accepted, as a stale login's is not

    const err = await auth.deleteAccount().then(() => assert.fail("deleted"), (e) => e);

    assert.equal(err.name, "AuthError");
    assert.equal(err.error, "invalid_token");
    assert.equal(err.status, 401);
    assert.equal(err.freshLoginRequired, true);
    assert.deepEqual(wx.requestsTo(ME).map((call) => call.status), [401], "not sent again");
    assert.equal(wx.tokenCalls("refresh_token").length, 0, "no refresh");
    assert.notEqual(await findUser(claims.sub), null, "the user is still there");

    await auth.login();
    await auth.deleteAccount();

    assert.deepEqual(wx.requestsTo(ME).map((call) => call.status), [401, 204]);
    assert.equal(wx.logins(), 2);
    assert.equal(await findUser(claims.sub), null);
    assertNothingSecretLogged(wx, logs, [err.message, JSON.stringify(err)]);
});
