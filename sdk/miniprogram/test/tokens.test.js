"use strict";

const test = require("node:test");
const assert = require("node:assert/strict");
const { tokenSet, isTokenSet, needsRefresh, canRefresh, formEncode } = require("../lib/tokens");

const T = 1700000000000;

test("expiry counts from when the answer arrived on this device, by expires_in", () => {
    const set = tokenSet({ access_token: "a", expires_in: 300, refresh_token: "r", refresh_expires_in: 1800, id_token: "i" }, T);

    assert.deepEqual(set, { access_token: "a", expires_at: T + 300000, lifetime: 300000, refresh_token: "r", refresh_expires_at: T + 1800000, id_token: "i" });
    assert.equal(isTokenSet(set), true);
});

test("an offline token (refresh_expires_in 0) never expires on the device", () => {
    const set = tokenSet({ access_token: "a", expires_in: 300, refresh_token: "r", refresh_expires_in: 0 }, T);

    assert.equal(set.refresh_expires_at, null);
    assert.equal(canRefresh(set, T + 365 * 24 * 3600 * 1000), true);
});

test("a refresh answer without a new refresh or ID token keeps the previous ones", () => {
    const previous = tokenSet({ access_token: "a", expires_in: 60, refresh_token: "r", refresh_expires_in: 600, id_token: "i" }, T);

    const set = tokenSet({ access_token: "b", expires_in: 60 }, T + 1000, previous);

    assert.equal(set.access_token, "b");
    assert.equal(set.refresh_token, "r");
    assert.equal(set.refresh_expires_at, T + 600000);
    assert.equal(set.id_token, "i");
});

test("the access token is refreshed within the leeway before it expires", () => {
    const set = tokenSet({ access_token: "a", expires_in: 300 }, T);

    assert.equal(needsRefresh(set, T + 269999, 30000), false);
    assert.equal(needsRefresh(set, T + 270000, 30000), true);
    assert.equal(needsRefresh(set, T + 400000, 30000), true);
});

test("a short-lived token is used for half its life at least, whatever the leeway", () => {
    const set = tokenSet({ access_token: "a", expires_in: 10 }, T);

    assert.equal(needsRefresh(set, T + 4999, 30000), false);
    assert.equal(needsRefresh(set, T + 5000, 30000), true);
});

test("a refresh token about to expire is not sent", () => {
    const set = tokenSet({ access_token: "a", expires_in: 60, refresh_token: "r", refresh_expires_in: 10 }, T);

    assert.equal(canRefresh(set, T + 7999), true);
    assert.equal(canRefresh(set, T + 8000), false);
    assert.equal(canRefresh(tokenSet({ access_token: "a", expires_in: 60 }, T), T), false);
    assert.equal(canRefresh(null, T), false);
});

test("what storage may hand back that is not a token set", () => {
    for (const value of ["", null, undefined, {}, { access_token: "a" }, "tokens"]) {
        assert.equal(isTokenSet(value), false, JSON.stringify(value));
    }
});

test("forms are encoded without absent values", () => {
    assert.equal(formEncode({ a: "x y", b: undefined, c: null, d: "", e: "&=微" }), "a=x%20y&e=%26%3D%E5%BE%AE");
});
