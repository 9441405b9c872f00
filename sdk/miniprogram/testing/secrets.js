"use strict";

const assert = require("node:assert/strict");

/**
 * No code, token or phone code the shim saw pass may be in what the logger received (nor in the
 * extra texts given, e.g. errors' messages).
 */
function assertNothingSecretLogged(wx, logs, extra = []) {
    assert.ok(wx.secrets.size > 0, "the shim saw no secret: nothing was checked");
    const written = logs.concat(extra).join("\n");
    for (const secret of wx.secrets) {
        if (written.includes(secret)) {
            assert.fail("a code or token reached the log (" + secret.length + " characters; not shown)");
        }
    }
}

/** Compares two tokens without ever printing them (assert.equal would, on failure). */
function assertSameToken(actual, expected, what) {
    assert.ok(typeof actual === "string" && actual === expected, what + ": not the same token (tokens not shown)");
}

function assertOtherToken(actual, previous, what) {
    assert.ok(typeof actual === "string" && actual !== previous, what + ": the same token again (tokens not shown)");
}

module.exports = { assertNothingSecretLogged, assertSameToken, assertOtherToken };
