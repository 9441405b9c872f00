"use strict";

const test = require("node:test");
const assert = require("node:assert/strict");
const { base64UrlToBytes, utf8ToString, decodePayload } = require("../lib/jwt");

const encode = (text) => Buffer.from(text, "utf8").toString("base64url");

test("base64url decodes every length, with or without padding", () => {
    for (const text of ["", "a", "ab", "abc", "abcd", "ÿ\u0000~?>"]) {
        const bytes = Array.from(Buffer.from(text, "latin1"));
        assert.deepEqual(base64UrlToBytes(Buffer.from(bytes).toString("base64url")), bytes, text);
        assert.deepEqual(base64UrlToBytes(Buffer.from(bytes).toString("base64")), bytes, text + " (base64, padded)");
    }
});

test("base64url refuses what is not base64", () => {
    assert.equal(base64UrlToBytes("a"), null);
    assert.equal(base64UrlToBytes("ab$d"), null);
});

test("UTF-8 decodes Chinese and characters beyond the BMP", () => {
    for (const text of ["微信用户", "张三 zhangsan", "😀 emoji", "é", "\u0000"]) {
        assert.equal(utf8ToString(Array.from(Buffer.from(text, "utf8"))), text);
    }
});

test("UTF-8 refuses broken sequences", () => {
    assert.equal(utf8ToString([0xe5, 0xbe]), null);
    assert.equal(utf8ToString([0xc3, 0x41]), null);
    assert.equal(utf8ToString([0xff]), null);
});

test("a JWT's payload is read as an object, Chinese names included", () => {
    const claims = { sub: "4f1c", name: "微信用户", wechat_openid: "oAbC-_x", phone_number_verified: true };
    const jwt = encode(JSON.stringify({ alg: "RS256" })) + "." + encode(JSON.stringify(claims)) + ".c2ln";

    assert.deepEqual(decodePayload(jwt), claims);
});

test("anything that is not a JWT with an object payload gives null", () => {
    for (const value of [undefined, null, 42, "", "a.b", "a.b.c.d", "x." + encode("[1]") + ".y", "x." + encode("not json") + ".y"]) {
        assert.equal(decodePayload(value), null, String(value));
    }
});
