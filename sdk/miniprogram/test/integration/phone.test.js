"use strict";

// bindPhone(): the getPhoneNumber button's code bound to the signed-in user (POST
// /realms/{realm}/wechat/phone), then the phone_number claim in the renewed tokens.

const assert = require("node:assert/strict");
const { integrationTest, signInKit, environment } = require("../../testing/environment");
const { exchange } = require("../../testing/http");
const { assertNothingSecretLogged } = require("../../testing/secrets");

/** A number no other test or run has bound (the realm keeps users between runs of the demo). */
function uniqueNumber() {
    return "139" + String(Date.now() % 100000000).padStart(8, "0");
}

/** What the getPhoneNumber button gives: a code from the simulator. */
async function phoneCode(wx, number) {
    const answer = await exchange({ url: environment.simulator + "/sim/phone?number=" + number });
    assert.equal(answer.status, 200, answer.body);
    const code = answer.body.trim();
    wx.secrets.add(code);
    return code;
}

integrationTest("bindPhone binds the verified number and the renewed tokens carry it", async () => {
    const { wx, auth, logs } = signInKit("phone");
    await auth.login();
    assert.equal(auth.claims().phone_number, undefined);
    const number = uniqueNumber();

    const bound = await auth.bindPhone(await phoneCode(wx, number));

    assert.equal(bound.phone_number, "+86 " + number.slice(0, 3) + "****" + number.slice(7));
    assert.equal(bound.phone_number_verified, true);
    assert.equal(auth.claims().phone_number, "+86" + number);
    assert.equal(auth.claims().phone_number_verified, true);
    assert.deepEqual(wx.requestsTo(environment.issuer + "/wechat/phone").map((call) => call.status), [200]);
    assert.equal(wx.logins(), 1);
    assertNothingSecretLogged(wx, logs);
});

integrationTest("bindPhone refusals are AuthErrors with the endpoint's error: a used code, another user's number", async () => {
    const { wx, auth, logs } = signInKit("phone-owner");
    const number = uniqueNumber();
    const code = await phoneCode(wx, number);
    await auth.bindPhone(code);
    const other = signInKit("phone-other");

    await assert.rejects(auth.bindPhone(code), { name: "AuthError", error: "invalid_phone_code", status: 400 });
    await assert.rejects(other.auth.bindPhone(await phoneCode(other.wx, number)), { name: "AuthError", error: "phone_number_in_use", status: 409 });
    assertNothingSecretLogged(wx, logs);
});
