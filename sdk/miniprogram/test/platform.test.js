"use strict";

const test = require("node:test");
const assert = require("node:assert/strict");
const { invoke, platformOf } = require("../lib/platform");

const ok = { statusCode: 200, data: {} };

test("wx style: callbacks, a task object returned", async () => {
    const wx = { request: ({ success }) => { setImmediate(() => success(ok)); return { abort() {} }; } };

    assert.equal(await invoke(wx, "request", { url: "u" }), ok);
});

test("promise style only (callbacks ignored): the returned promise is followed", async () => {
    const taro = { request: () => Promise.resolve(ok), login: () => Promise.reject({ errMsg: "login:fail" }) };

    assert.equal(await invoke(taro, "request", {}), ok);
    await assert.rejects(invoke(taro, "login", {}), { errMsg: "login:fail" });
});

test("Taro style (callbacks and a promise): settles once, and a rejected promise after success is not unhandled", async () => {
    let unhandled = 0;
    const count = () => { unhandled += 1; };
    process.on("unhandledRejection", count);
    try {
        const taro = {
            request: ({ success }) => {
                success(ok);
                return Promise.reject(new Error("late"));
            }
        };
        assert.equal(await invoke(taro, "request", {}), ok);
        await new Promise((resolve) => setImmediate(resolve));
        assert.equal(unhandled, 0);
    } finally {
        process.off("unhandledRejection", count);
    }
});

test("uni-app (Vue 2) promises of [err, res] are unwrapped", async () => {
    const uni = {
        request: () => Promise.resolve([null, ok]),
        login: () => Promise.resolve([{ errMsg: "login:fail auth deny" }, undefined])
    };

    assert.equal(await invoke(uni, "request", {}), ok);
    await assert.rejects(invoke(uni, "login", {}), { errMsg: "login:fail auth deny" });
});

test("a function that throws rejects", async () => {
    await assert.rejects(invoke({ login: () => { throw new Error("not in a mini-program"); } }, "login", {}), /not in a mini-program/);
});

test("the caller's options are passed and not changed", async () => {
    const given = { url: "u", method: "POST" };
    let seen;
    await invoke({ request: (options) => { seen = options; options.success(ok); } }, "request", given);

    assert.equal(seen.url, "u");
    assert.equal(seen.method, "POST");
    assert.deepEqual(given, { url: "u", method: "POST" });
});

test("a platform without wx's functions is refused at once, naming what is missing", () => {
    assert.throws(() => platformOf({ login() {}, request() {} }), /getStorageSync, setStorageSync, removeStorageSync/);
    assert.throws(() => platformOf(undefined), /no `wx` here/);
});

test("storage that throws is survived", () => {
    const broken = {
        login() {}, request() {},
        getStorageSync() { throw new Error("x"); }, setStorageSync() { throw new Error("full"); }, removeStorageSync() { throw new Error("x"); }
    };
    const platform = platformOf(broken);

    assert.equal(platform.load("k"), undefined);
    assert.equal(platform.save("k", 1), false);
    assert.equal(platform.remove("k"), false);
});
