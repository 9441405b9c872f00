"use strict";

// Tokens kept fresh: refreshed ahead of expiry at Keycloak, and a new wx.login when the refresh
// token no longer works (Keycloak ended the session; the refresh token expired).

const assert = require("node:assert/strict");
const { integrationTest, signInKit, environment } = require("../../testing/environment");
const { publicClient, endSessions } = require("../../testing/keycloak-admin");
const { postForm } = require("../../testing/http");
const { assertNothingSecretLogged, assertSameToken, assertOtherToken } = require("../../testing/secrets");

const USERINFO = environment.issuer + "/protocol/openid-connect/userinfo";
/** Access tokens live 2 s, the client session (so the refresh token) 4 s of idleness. */
const SHORT_CLIENT = "sdk-short-session";

/** A clock for the SDK that the test can stop and set; it runs with the real one until then. */
function testClock() {
    const clock = { fixed: null };
    clock.now = () => (clock.fixed === null ? Date.now() : clock.fixed);
    return clock;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

integrationTest("the access token is refreshed ahead of its expiry, keeping the session", async () => {
    const clock = testClock();
    const { wx, auth, logs } = signInKit("refresh", { clock });
    const before = await auth.login();
    const stored = wx.getStorageSync("keycloak-wechat.tokens");
    const first = await auth.getAccessToken();

    clock.fixed = stored.expires_at - 1000; // within the leeway: still valid at Keycloak, due here
    const refreshed = await auth.getAccessToken();

    assertOtherToken(refreshed, first, "after the refresh");
    assert.deepEqual(wx.tokenCalls("refresh_token").map((call) => call.status), [200]);
    assert.equal(wx.logins(), 1, "no new wx.login");
    assert.equal(auth.claims().sid, before.sid, "the same Keycloak session");
    assertSameToken(await auth.getAccessToken(), refreshed, "right after the refresh");
    const userinfo = await auth.request({ url: USERINFO });
    assert.equal(userinfo.statusCode, 200);
    assertNothingSecretLogged(wx, logs);
});

integrationTest("concurrent callers of a due token share one refresh", async () => {
    const clock = testClock();
    const { wx, auth } = signInKit("refresh-concurrent", { clock });
    await auth.login();
    clock.fixed = wx.getStorageSync("keycloak-wechat.tokens").expires_at - 1000;

    const tokens = await Promise.all([auth.getAccessToken(), auth.getAccessToken(), auth.request({ url: USERINFO }), auth.getAccessToken()]);

    assert.equal(wx.tokenCalls("refresh_token").length, 1);
    assertSameToken(tokens[1], tokens[0], "second caller");
    assertSameToken(tokens[3], tokens[0], "fourth caller");
    assert.equal(tokens[2].statusCode, 200);
});

integrationTest("a refresh Keycloak refuses (the session was ended) signs in again with a new wx.login code", async () => {
    const clock = testClock();
    const { wx, auth, logs } = signInKit("ended", { clock });
    const before = await auth.login();
    await endSessions(before.sub);
    clock.fixed = wx.getStorageSync("keycloak-wechat.tokens").expires_at - 1000;

    await auth.getAccessToken();

    assert.deepEqual(wx.tokenCalls("refresh_token").map((call) => call.status), [400]);
    assert.equal(wx.logins(), 2);
    assert.deepEqual(wx.tokenCalls("code").map((call) => call.status), [200, 200]);
    assert.equal(auth.claims().sub, before.sub);
    assert.notEqual(auth.claims().sid, before.sid);
    assert.ok(logs.some((line) => /invalid_grant/.test(line)), logs.join("\n"));
    assertNothingSecretLogged(wx, logs);
});

integrationTest("after the refresh token expired: a new wx.login code, no doomed refresh", async () => {
    await publicClient(SHORT_CLIENT, { "access.token.lifespan": "2", "client.session.idle.timeout": "4" });
    const { wx, auth, logs } = signInKit("expired", { clientId: SHORT_CLIENT });
    const before = await auth.login();
    const stale = wx.getStorageSync("keycloak-wechat.tokens").refresh_token;
    assert.ok(wx.getStorageSync("keycloak-wechat.tokens").refresh_expires_at - Date.now() <= 4000, "the client's short session");

    await sleep(5500);
    await auth.getAccessToken();

    assert.equal(wx.tokenCalls("refresh_token").length, 0);
    assert.equal(wx.logins(), 2);
    assert.equal(auth.claims().sub, before.sub);
    const refused = await postForm(environment.issuer + "/protocol/openid-connect/token",
        { grant_type: "refresh_token", client_id: SHORT_CLIENT, refresh_token: stale });
    assert.equal(refused.status, 400, "Keycloak too says the refresh token has expired");
    assert.equal(refused.json.error, "invalid_grant");
    assertNothingSecretLogged(wx, logs);
});

integrationTest("a refresh token the device believes valid but Keycloak has expired: invalid_grant, then a new wx.login", async () => {
    await publicClient(SHORT_CLIENT, { "access.token.lifespan": "2", "client.session.idle.timeout": "4" });
    const clock = testClock();
    const { wx, auth, logs } = signInKit("expired-server", { clientId: SHORT_CLIENT, clock });
    const before = await auth.login();
    const receivedAt = wx.getStorageSync("keycloak-wechat.tokens").expires_at - 2000;

    await sleep(5500);
    clock.fixed = receivedAt + 1500; // the device's clock lags: access token due, refresh token not yet
    await auth.getAccessToken();

    assert.deepEqual(wx.tokenCalls("refresh_token").map((call) => call.status), [400]);
    assert.equal(wx.logins(), 2);
    assert.equal(auth.claims().sub, before.sub);
    assertNothingSecretLogged(wx, logs);
});
