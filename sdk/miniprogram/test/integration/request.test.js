"use strict";

// request(): wx.request with the bearer; on a 401, the tokens are renewed and the call made once more.

const assert = require("node:assert/strict");
const http = require("node:http");
const { integrationTest, signInKit, environment } = require("../../testing/environment");
const { endSessions } = require("../../testing/keycloak-admin");
const { assertNothingSecretLogged } = require("../../testing/secrets");

const USERINFO = environment.issuer + "/protocol/openid-connect/userinfo";

integrationTest("request signs in on first use and calls with the bearer (Keycloak's userinfo)", async () => {
    const { wx, auth, logs } = signInKit("request");

    const response = await auth.request({ url: USERINFO, header: { Accept: "application/json" } });

    assert.equal(response.statusCode, 200);
    assert.equal(response.data.sub, auth.claims().sub);
    assert.equal(typeof response.data.wechat_openid, "string");
    assert.ok(/^Bearer ey/.test(wx.requestsTo(USERINFO)[0].authorization), "a bearer JWT (not shown)");
    assertNothingSecretLogged(wx, logs);
});

integrationTest("a 401 (the session ended at Keycloak) signs in once more and the call is retried once", async () => {
    const { wx, auth, logs } = signInKit("401");
    const before = await auth.login();
    await endSessions(before.sub);

    const response = await auth.request({ url: USERINFO });

    assert.equal(response.statusCode, 200);
    assert.equal(response.data.sub, before.sub);
    assert.deepEqual(wx.requestsTo(USERINFO).map((call) => call.status), [401, 200]);
    assert.deepEqual(wx.tokenCalls("refresh_token").map((call) => call.status), [400], "the refresh is refused too");
    assert.equal(wx.logins(), 2, "so a new wx.login code");
    assertNothingSecretLogged(wx, logs);
});

integrationTest("an API that keeps answering 401 gets one retry, and the 401 is the caller's", async (t) => {
    const seen = [];
    const api = http.createServer((request, response) => {
        seen.push(request.headers.authorization);
        response.writeHead(401, { "Content-Type": "application/json", "WWW-Authenticate": "Bearer error=\"invalid_token\"" });
        response.end("{\"error\":\"invalid_token\"}");
    });
    await new Promise((resolve) => api.listen(0, "127.0.0.1", resolve));
    t.after(() => api.close());
    const { wx, auth } = signInKit("always-401");

    const response = await auth.request({ url: "http://127.0.0.1:" + api.address().port + "/orders" });

    assert.equal(response.statusCode, 401);
    assert.equal(response.data.error, "invalid_token");
    assert.equal(seen.length, 2);
    assert.ok(seen[0] !== seen[1], "the retry carries the renewed token");
    assert.deepEqual(wx.tokenCalls("refresh_token").map((call) => call.status), [200], "renewed by a refresh at Keycloak");
    assert.equal(wx.logins(), 1);
});
