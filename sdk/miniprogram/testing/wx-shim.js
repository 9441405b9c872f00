"use strict";

// A `wx` for Node: what the SDK sees of WeChat's runtime, backed by the real thing where it can be.
// - wx.login asks the project's WeChat simulator for a code of the shim's user
//   (GET {simulator}/sim/wx.login?user=NAME), so Keycloak trades it through the simulator's
//   jscode2session as it would trade a real one through WeChat's;
// - wx.request is real HTTP, with wx.request's ways: success for every status, fail (errMsg
//   "request:fail ...") when no answer came, JSON bodies parsed (dataType "json"), objects sent
//   as JSON unless the content-type says form, as a query for GET;
// - the storage functions keep JSON copies, as WeChat's storage does.
// It also records, for the tests' assertions, every call and every secret it saw pass (codes,
// tokens, phone codes), so that a test can check none of them reached a log line.

const { exchange, form, parse } = require("./http");

function headerValue(headers, name) {
    const key = Object.keys(headers || {}).find((candidate) => candidate.toLowerCase() === name.toLowerCase());
    return key === undefined ? undefined : headers[key];
}

/** The body and content-type wx.request would send for these options. */
function encode(options) {
    const method = (options.method || "GET").toUpperCase();
    const headers = Object.assign({}, options.header);
    let url = options.url;
    let body;
    const data = options.data;
    if (data !== undefined && data !== null) {
        if (method === "GET") {
            if (typeof data === "object") {
                url += (url.includes("?") ? "&" : "?") + form(data);
            }
        } else if (typeof data === "string") {
            body = data;
        } else if (/x-www-form-urlencoded/i.test(headerValue(headers, "content-type") || "")) {
            body = form(data);
        } else {
            body = JSON.stringify(data);
        }
    }
    if (body !== undefined && headerValue(headers, "content-type") === undefined) {
        headers["content-type"] = "application/json";
    }
    return { method, url, headers, body };
}

/**
 * @param {object} options simulator: base URL; user: the WeChat user wx.login signs in (changeable
 *     later through wx.user)
 */
function createWx({ simulator, user }) {
    const storage = new Map();
    const calls = [];
    const secrets = new Set();
    const nextCodeScripts = [];

    function keepSecretsOf(json) {
        if (json && typeof json === "object") {
            ["access_token", "refresh_token", "id_token"].forEach((name) => {
                if (typeof json[name] === "string") {
                    secrets.add(json[name]);
                }
            });
        }
    }

    const wx = {
        user,
        /** Calls in order: {api: "login", code} and {api: "request", method, url, grantType, status, authorization}. */
        calls,
        /** Every code, token and phone code that went through the shim. */
        secrets,
        /** Runs after each answer arrives and before the SDK sees it: (call, response) => Promise. */
        afterResponse: null,

        /** The next wx.login's code is scripted: e.g. {errcode: -1, times: 2} (WeChat busy twice). */
        scriptNextCode(script) {
            nextCodeScripts.push(script);
        },

        login({ success, fail }) {
            const script = nextCodeScripts.shift() || {};
            const query = form(Object.assign({ user: wx.user }, script));
            exchange({ url: simulator + "/sim/wx.login?" + query }).then((answer) => {
                if (answer.status !== 200) {
                    throw new Error("the simulator gave no code: HTTP " + answer.status + " " + answer.body);
                }
                const code = answer.body.trim();
                secrets.add(code);
                calls.push({ api: "login", code });
                success({ code, errMsg: "login:ok" });
            }).catch((e) => fail({ errMsg: "login:fail " + e.message }));
        },

        request(options) {
            const sent = encode(options);
            const call = {
                api: "request",
                method: sent.method,
                url: sent.url.split("?")[0],
                grantType: typeof sent.body === "string" ? new URLSearchParams(sent.body).get("grant_type") : null,
                authorization: headerValue(sent.headers, "authorization")
            };
            calls.push(call);
            exchange({ method: sent.method, url: sent.url, headers: sent.headers, body: sent.body, timeoutMs: options.timeout })
                .then(async (answer) => {
                    const json = parse(answer.body);
                    keepSecretsOf(json);
                    call.status = answer.status;
                    const response = {
                        statusCode: answer.status,
                        header: answer.headers,
                        data: (options.dataType || "json") === "json" && json !== undefined ? json : answer.body,
                        errMsg: "request:ok"
                    };
                    if (wx.afterResponse) {
                        await wx.afterResponse(call, response);
                    }
                    options.success(response);
                })
                .catch((e) => options.fail({ errMsg: "request:fail " + e.message }));
            return { abort() {} };
        },

        getStorageSync(key) {
            return storage.has(key) ? JSON.parse(storage.get(key)) : "";
        },
        setStorageSync(key, value) {
            storage.set(key, JSON.stringify(value));
        },
        removeStorageSync(key) {
            storage.delete(key);
        },

        // ---- for assertions ----

        logins() {
            return calls.filter((call) => call.api === "login").length;
        },
        /** Token endpoint calls of that grant type (the mini-program grant: "code"). */
        tokenCalls(grantType) {
            const wanted = grantType === "code" ? "urn:kcwechat:params:oauth:grant-type:mini-program-code" : grantType;
            return calls.filter((call) => call.api === "request" && call.grantType === wanted);
        },
        requestsTo(url) {
            return calls.filter((call) => call.api === "request" && call.url === url);
        }
    };
    return wx;
}

/**
 * The shim as Taro gives its APIs: each function returns a promise; these ignore callbacks
 * altogether, so the SDK must follow the promise.
 */
function promiseOnly(wx) {
    const promised = (name) => (options) => new Promise((resolve, reject) => {
        const call = Object.assign({}, options);
        delete call.success;
        delete call.fail;
        wx[name](Object.assign(call, { success: resolve, fail: (failure) => reject(Object.assign(new Error(failure.errMsg), failure)) }));
    });
    return {
        login: promised("login"),
        request: promised("request"),
        getStorageSync: (key) => wx.getStorageSync(key),
        setStorageSync: (key, value) => wx.setStorageSync(key, value),
        removeStorageSync: (key) => wx.removeStorageSync(key)
    };
}

module.exports = { createWx, promiseOnly };
