"use strict";

const test = require("node:test");
const assert = require("node:assert/strict");
const { DEFAULTS, retryOptions, delayBefore } = require("../lib/retry");

const options = retryOptions({ attempts: 5, baseDelayMs: 100, maxDelayMs: 1000 });

test("backoff doubles from the base, with jitter between half and all of it", () => {
    assert.equal(delayBefore(1, undefined, options, () => 0), 50);
    assert.equal(delayBefore(1, undefined, options, () => 1), 100);
    assert.equal(delayBefore(2, undefined, options, () => 1), 200);
    assert.equal(delayBefore(3, undefined, options, () => 0.5), 300);
});

test("backoff never waits longer than maxDelayMs", () => {
    assert.equal(delayBefore(4, undefined, retryOptions({ attempts: 10, baseDelayMs: 100, maxDelayMs: 500 }), () => 1), 500);
});

test("attempts are bounded: after the last one, give up", () => {
    assert.equal(delayBefore(4, undefined, options, () => 1) >= 0, true);
    assert.equal(delayBefore(5, undefined, options, () => 1), -1);
    assert.equal(delayBefore(1, undefined, retryOptions({ attempts: 1 }), () => 1), -1);
});

test("Retry-After is honoured as the server said, not the backoff", () => {
    assert.equal(delayBefore(1, 0, options, () => 1), 0);
    assert.equal(delayBefore(3, 1, options, () => 1), 1000);
});

test("a Retry-After longer than maxDelayMs gives the error at once instead of a hanging promise", () => {
    assert.equal(delayBefore(1, 2, options, () => 1), -1);
});

test("defaults, and settings that make no sense are refused", () => {
    assert.deepEqual(retryOptions(undefined), Object.assign({}, DEFAULTS));
    assert.throws(() => retryOptions({ attempts: "3" }), TypeError);
    assert.throws(() => retryOptions({ baseDelayMs: -1 }), TypeError);
    assert.equal(retryOptions({ attempts: 0 }).attempts, 1);
});
