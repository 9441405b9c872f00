"use strict";

// The runtime the SDK runs on: WeChat's `wx`, uni-app's `uni` or Taro's `Taro` (or anything
// with the same five functions). They share wx's shape: login and request take
// {success, fail}; the storage functions are synchronous. They differ in what the asynchronous
// ones return: wx a task object, Taro a promise as well as calling the callbacks, uni-app a
// promise when given no callbacks (in its Vue 2 flavour one of [err, res]). invoke() copes with
// each: it passes callbacks and also follows a returned promise, and settles once.

const FUNCTIONS = ["login", "request", "getStorageSync", "setStorageSync", "removeStorageSync"];

/** Calls platform[name](options) and settles with the first of: success/fail callback, returned promise. */
function invoke(platform, name, options) {
    return new Promise((resolve, reject) => {
        let settled = false;
        const once = (settle) => (value) => {
            if (!settled) {
                settled = true;
                settle(value);
            }
        };
        const succeed = once(resolve);
        const fail = once(reject);
        let returned;
        try {
            returned = platform[name](Object.assign({}, options, { success: succeed, fail: fail }));
        } catch (e) {
            fail(e);
            return;
        }
        if (returned && typeof returned.then === "function") {
            returned.then((value) => {
                // uni-app (Vue 2) promisified APIs resolve with [err, res]
                if (Array.isArray(value) && value.length === 2 && (value[0] || (value[1] && typeof value[1] === "object"))) {
                    if (value[0]) {
                        fail(value[0]);
                    } else {
                        succeed(value[1]);
                    }
                } else {
                    succeed(value);
                }
            }, fail);
        }
    });
}

/**
 * The platform's functions the SDK uses, checked once; the default is the global `wx`. The
 * storage functions answer whether they worked: storage may be full or unavailable, and the
 * tokens then live in memory only, until the app closes.
 */
function platformOf(given) {
    // the global of WeChat's runtime, absent elsewhere
    const platform = given || (typeof wx !== "undefined" ? wx : undefined); // eslint-disable-line no-undef
    if (!platform) {
        throw new TypeError("keycloak-wechat: no `wx` here: pass the runtime's API as `platform` (uni, Taro, ...)");
    }
    const missing = FUNCTIONS.filter((name) => typeof platform[name] !== "function");
    if (missing.length > 0) {
        throw new TypeError("keycloak-wechat: the platform lacks " + missing.join(", "));
    }
    return {
        login: () => invoke(platform, "login", {}),
        request: (options) => invoke(platform, "request", options),
        load: (key) => {
            try {
                return platform.getStorageSync(key);
            } catch (e) {
                return undefined;
            }
        },
        save: (key, value) => {
            try {
                platform.setStorageSync(key, value);
                return true;
            } catch (e) {
                return false;
            }
        },
        remove: (key) => {
            try {
                platform.removeStorageSync(key);
                return true;
            } catch (e) {
                return false;
            }
        }
    };
}

module.exports = { invoke, platformOf };
