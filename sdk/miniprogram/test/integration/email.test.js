"use strict";

// bindEmail() and verifyEmail(): a code mailed through the realm's SMTP settings (POST
// /realms/{realm}/wechat/email), read from the mail that arrived, sent back (POST .../email/verify),
// then the email claims in the renewed tokens.

const assert = require("node:assert/strict");
const { integrationTest, signInKit, environment } = require("../../testing/environment");
const { exchange } = require("../../testing/http");
const { assertNothingSecretLogged } = require("../../testing/secrets");

/** An address no other test or run has used. */
function uniqueAddress(name) {
    return name + "-" + Date.now().toString(36) + Math.random().toString(36).slice(2, 8) + "@overseas.example.com";
}

/** The six digits of the newest mail to the address, as the user reads them. */
async function mailedCode(wx, address) {
    const answer = await exchange({ url: environment.mail + "/code?to=" + encodeURIComponent(address) });
    assert.equal(answer.status, 200, "the mail page at " + environment.mail + ": " + answer.body);
    const code = answer.body.trim();
    assert.match(code, /^[0-9]{6}$/);
    wx.secrets.add(code);
    return code;
}

integrationTest("bindEmail mails a code, verifyEmail proves the address and the renewed tokens carry it", async () => {
    const { wx, auth, logs } = signInKit("email", { scope: "openid email" });
    await auth.login();
    assert.equal(auth.claims().email, undefined);
    const address = uniqueAddress("Ana");

    const sent = await auth.bindEmail(address);
    const verified = await auth.verifyEmail(address, await mailedCode(wx, address.toLowerCase()));

    assert.equal(sent.email, address.toLowerCase());
    assert.equal(sent.expires_in > 0, true);
    assert.deepEqual(verified, { email: address.toLowerCase(), email_verified: true });
    assert.equal(auth.claims().email, address.toLowerCase());
    assert.equal(auth.claims().email_verified, true);
    assert.deepEqual(wx.requestsTo(environment.issuer + "/wechat/email/verify").map((call) => call.status), [200]);
    assert.equal(wx.logins(), 1);
    assertNothingSecretLogged(wx, logs);
});

integrationTest("verifyEmail refusals are AuthErrors with the endpoint's error: a wrong code, a used one, another user's address", async () => {
    const { wx, auth, logs } = signInKit("email-owner", { scope: "openid email" });
    const address = uniqueAddress("bo");
    await auth.bindEmail(address);
    const code = await mailedCode(wx, address);
    const wrong = code === "000000" ? "000001" : "000000";

    await assert.rejects(auth.verifyEmail(address, wrong), { name: "AuthError", error: "invalid_grant", status: 400 });
    await auth.verifyEmail(address, code);
    await assert.rejects(auth.verifyEmail(address, code), { name: "AuthError", error: "invalid_grant", status: 400 });

    const other = signInKit("email-other", { scope: "openid email" });
    await other.auth.bindEmail(address);
    await assert.rejects(other.auth.verifyEmail(address, await mailedCode(other.wx, address)),
        { name: "AuthError", error: "conflict", status: 409 });
    assertNothingSecretLogged(wx, logs);
});
