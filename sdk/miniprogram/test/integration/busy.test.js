"use strict";

// WeChat busy: Keycloak answers 503 temporarily_unavailable; the SDK waits and sends the code
// again (busy leaves it usable), a bounded number of times, and takes a new wx.login code when
// the one it sends again is refused.

const assert = require("node:assert/strict");
const { GRANT_TYPE } = require("../..");
const { integrationTest, signInKit, environment } = require("../../testing/environment");
const { postForm } = require("../../testing/http");
const { assertNothingSecretLogged } = require("../../testing/secrets");

const WECHAT_BUSY = -1;

integrationTest("WeChat busy twice: the same code goes through on the third call", async () => {
    const { wx, auth, logs } = signInKit("busy");
    wx.scriptNextCode({ errcode: WECHAT_BUSY, times: 2 });

    const claims = await auth.login();

    assert.equal(typeof claims.sub, "string");
    assert.equal(wx.logins(), 1);
    const exchanges = wx.tokenCalls("code");
    assert.deepEqual(exchanges.map((call) => call.status), [503, 503, 200]);
    assert.ok(logs.filter((line) => /temporarily_unavailable/.test(line)).length === 2, logs.join("\n"));
    assertNothingSecretLogged(wx, logs);
});

integrationTest("WeChat busy for longer than the attempts: the login fails with temporarily_unavailable", async () => {
    const { wx, auth, logs } = signInKit("busy-long", { retry: { attempts: 3, baseDelayMs: 50 } });
    wx.scriptNextCode({ errcode: WECHAT_BUSY, times: 10 });

    const err = await auth.login().then(() => assert.fail("signed in"), (e) => e);

    assert.equal(err.name, "AuthError");
    assert.equal(err.error, "temporarily_unavailable");
    assert.equal(err.status, 503);
    assert.equal(typeof err.error_description, "string");
    assert.equal(wx.tokenCalls("code").length, 3);
    assert.equal(auth.claims(), null);
    assertNothingSecretLogged(wx, logs, [err.message, JSON.stringify(err), String(err.stack)]);
});

integrationTest("a code refused when sent again after WeChat was busy is replaced by a new wx.login code", async () => {
    const { wx, auth, logs } = signInKit("busy-spent");
    wx.scriptNextCode({ errcode: WECHAT_BUSY, times: 1 });
    let spent = false;
    // Stands in for WeChat having spent the code while answering busy: before the SDK sees the
    // 503, the same code is traded elsewhere, so Keycloak refuses it as replayed when sent again.
    wx.afterResponse = async (call, response) => {
        if (!spent && call.grantType === GRANT_TYPE && response.statusCode === 503) {
            spent = true;
            const code = wx.calls.filter((c) => c.api === "login").pop().code;
            const elsewhere = await postForm(environment.issuer + "/protocol/openid-connect/token",
                { grant_type: GRANT_TYPE, client_id: environment.clientId, code, privacy_version: environment.privacyVersion });
            assert.equal(elsewhere.status, 200);
        }
    };

    await auth.login();

    assert.deepEqual(wx.tokenCalls("code").map((call) => call.status), [503, 400, 200]);
    assert.equal(wx.logins(), 2);
    assertNothingSecretLogged(wx, logs);
});
