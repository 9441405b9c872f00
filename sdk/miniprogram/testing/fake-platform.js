"use strict";

// An in-memory platform for the unit tests: wx.login hands out numbered codes, wx.request
// answers from the test's `answer(call)` function (no network), the clock is the test's own
// and sleeping only records how long it was asked to wait.

/** An unsigned JWT with these claims (the SDK reads claims, it never verifies them). */
function fakeJwt(claims) {
    const encode = (value) => Buffer.from(JSON.stringify(value)).toString("base64url");
    return encode({ alg: "none" }) + "." + encode(claims) + ".sig";
}

let serial = 0;

/** A token endpoint answer, with tokens unique per call. */
function tokenAnswer({ expiresIn = 300, refreshExpiresIn = 1800, claims = { sub: "user-1" } } = {}) {
    serial += 1;
    return {
        statusCode: 200,
        header: { "Content-Type": "application/json" },
        data: {
            access_token: fakeJwt(Object.assign({ typ: "Bearer", n: serial }, claims)),
            expires_in: expiresIn,
            refresh_token: "refresh-" + serial,
            refresh_expires_in: refreshExpiresIn,
            id_token: fakeJwt(Object.assign({ typ: "ID", n: serial }, claims)),
            token_type: "Bearer"
        }
    };
}

function errorAnswer(statusCode, error, extra = {}, header = {}) {
    return { statusCode, header, data: Object.assign({ error, error_description: "scripted " + error }, extra) };
}

/**
 * @param answer (call) => response | Promise<response> | "fail"; call has method, url, header,
 *     params (the form, parsed) and json (a JSON body, parsed)
 */
function fakePlatform(answer) {
    const storage = new Map();
    const platform = {
        calls: [],
        codes: [],
        now: 1700000000000,
        sleeps: [],
        login({ success }) {
            const code = "code-" + (platform.codes.length + 1);
            platform.codes.push(code);
            setImmediate(() => success({ code, errMsg: "login:ok" }));
        },
        request(options) {
            const call = {
                method: options.method || "GET",
                url: options.url,
                header: options.header || {},
                params: typeof options.data === "string" && !options.data.startsWith("{") ? Object.fromEntries(new URLSearchParams(options.data)) : {},
                json: typeof options.data === "string" && options.data.startsWith("{") ? JSON.parse(options.data) : undefined
            };
            platform.calls.push(call);
            Promise.resolve(answer(call)).then((response) => {
                if (response === "fail") {
                    options.fail({ errMsg: "request:fail timeout" });
                } else {
                    options.success(response);
                }
            });
        },
        getStorageSync: (key) => (storage.has(key) ? JSON.parse(storage.get(key)) : ""),
        setStorageSync: (key, value) => storage.set(key, JSON.stringify(value)),
        removeStorageSync: (key) => storage.delete(key),
        /** The clock option for createAuth. */
        clock: {
            now: () => platform.now,
            sleep: (ms) => {
                platform.sleeps.push(ms);
                platform.now += ms;
                return Promise.resolve();
            },
            random: () => 0.5
        },
        grants(grantType) {
            return platform.calls.filter((call) => call.params.grant_type === grantType);
        }
    };
    return platform;
}

module.exports = { fakePlatform, fakeJwt, tokenAnswer, errorAnswer };
