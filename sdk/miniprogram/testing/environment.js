"use strict";

// Where the integration tests find Keycloak and the WeChat simulator, from the environment:
//   KCWECHAT_ISSUER       the realm's URL (default: the demo's, http://localhost:8080/realms/wechat-demo)
//   KCWECHAT_CLIENT_ID    a public client allowed on the realm's WeChat provider (default mini-program)
//   KCWECHAT_IDP          that provider's alias; it needs the "WeChat phone number" mapper (default wechat)
//   KCWECHAT_SIMULATOR    the simulator's base URL, demo endpoints on (default http://127.0.0.1:8500)
//   KCWECHAT_ADMIN_USER / KCWECHAT_ADMIN_PASSWORD   Keycloak's admin (default admin / admin)
//   KCWECHAT_MAIL         a page of the mail the realm sent, /code?to=ADDRESS (default the demo's, http://127.0.0.1:8025)
// With KCWECHAT_ISSUER set, Keycloak and the simulator must answer (a test fails otherwise);
// without it, the tests try the demo's addresses and are skipped, saying why, when nothing answers.

const test = require("node:test");
const { exchange } = require("./http");
const { createWx } = require("./wx-shim");
const { createAuth } = require("..");

const issuer = (process.env.KCWECHAT_ISSUER || "http://localhost:8080/realms/wechat-demo").replace(/\/+$/, "");
const match = /^(.*)\/realms\/([^/]+)$/.exec(issuer);
if (!match) {
    throw new Error("KCWECHAT_ISSUER must be a realm's URL, .../realms/<realm>: " + issuer);
}

const environment = {
    issuer,
    baseUrl: match[1],
    realm: match[2],
    clientId: process.env.KCWECHAT_CLIENT_ID || "mini-program",
    idp: process.env.KCWECHAT_IDP || "wechat",
    simulator: (process.env.KCWECHAT_SIMULATOR || "http://127.0.0.1:8500").replace(/\/+$/, ""),
    adminUser: process.env.KCWECHAT_ADMIN_USER || "admin",
    adminPassword: process.env.KCWECHAT_ADMIN_PASSWORD || "admin",
    mail: (process.env.KCWECHAT_MAIL || "http://127.0.0.1:8025").replace(/\/+$/, ""),
    required: process.env.KCWECHAT_ISSUER !== undefined,
    // The privacy policy version every test's logins send (Keycloak ignores it while the provider
    // tracks none). privacy.test.js sets the provider's privacyPolicyVersion to it for a while:
    // the other test files, which may run at the same time, keep signing in meanwhile.
    privacyVersion: "sdk-tests-1"
};

let checked;

/** Why the integration tests cannot run here (a string), or null when Keycloak and the simulator answer. */
function unavailable() {
    if (checked === undefined) {
        checked = Promise.all([
            exchange({ url: issuer + "/.well-known/openid-configuration", timeoutMs: 5000 }),
            exchange({ url: environment.simulator + "/sim/wx.login?user=probe", timeoutMs: 5000 })
        ]).then(([keycloak, simulator]) => {
            if (keycloak.status !== 200) {
                return "no realm at " + issuer + " (HTTP " + keycloak.status + ")";
            }
            if (simulator.status !== 200) {
                return "the simulator at " + environment.simulator + " has no demo endpoints (HTTP " + simulator.status + ")";
            }
            return null;
        }, (e) => "nothing answers at " + issuer + " or " + environment.simulator + " (" + e.message + ")");
    }
    return checked.then((why) => {
        if (why !== null && environment.required) {
            throw new Error("KCWECHAT_ISSUER is set but " + why);
        }
        return why === null ? null : why + ": start `mvn -Pdemo verify`, or set KCWECHAT_ISSUER and KCWECHAT_SIMULATOR";
    });
}

/** A test against Keycloak and the simulator; skipped, saying why, when they are not there. */
function integrationTest(name, fn) {
    test(name, async (t) => {
        const why = await unavailable();
        if (why !== null) {
            t.skip(why);
            return;
        }
        await fn(t);
    });
}

/** A WeChat user of this test alone: tests and runs share the realm. */
function uniqueUser(prefix) {
    return prefix + "-" + Date.now().toString(36) + Math.random().toString(36).slice(2, 8);
}

/** A wx shim for a new user, an auth on it, and the log lines the auth wrote. */
function signInKit(prefix, authOptions = {}) {
    const wx = createWx({ simulator: environment.simulator, user: uniqueUser(prefix) });
    const logs = [];
    const auth = createAuth(Object.assign({
        issuer,
        clientId: environment.clientId,
        platform: wx,
        privacyVersion: environment.privacyVersion,
        logger: (level, message) => logs.push(level + " " + message),
        retry: { baseDelayMs: 50 }
    }, authOptions));
    return { wx, auth, logs };
}

module.exports = { environment, unavailable, integrationTest, uniqueUser, signInKit };
