"use strict";

// keycloak-wechat-miniprogram: a mini-program signs in to Keycloak with wx.login() codes
// (the keycloak-wechat grant), keeps its tokens fresh, and calls APIs with them.
//
//   const auth = createAuth({ issuer: "https://sso.example.com/realms/wechat-demo", clientId: "mini-program" });
//   const res = await auth.request({ url: "https://api.example.com/orders" });
//
// One rule runs through it: whatever needs new tokens (login, a refresh, a 401) joins the one
// renewal under way, so a page that fires ten requests at launch makes one wx.login and one
// token call. Nothing here ever hands a token or a code to the logger or puts one in an error.

const errors = require("./lib/errors");
const retry = require("./lib/retry");
const tokens = require("./lib/tokens");
const jwt = require("./lib/jwt");
const platforms = require("./lib/platform");

const AuthError = errors.AuthError;
const GRANT_TYPE = "urn:kcwechat:params:oauth:grant-type:mini-program-code";
const DEFAULT_STORAGE_KEY = "keycloak-wechat.tokens";
/**
 * How long a wx.login code refused for want of privacy consent is kept for the next login: Keycloak
 * refused it before asking WeChat, so it is unspent; WeChat lets a code live 5 minutes.
 */
const SPARE_CODE_MS = 4 * 60 * 1000;
const LOG_PREFIX = "keycloak-wechat: ";

/** The logger option as one function: a console-like object, a function (level, message), or none. */
function loggerOf(logger) {
    if (typeof logger === "function") {
        return (level, message) => logger(level, LOG_PREFIX + message);
    }
    if (logger && typeof logger === "object") {
        return (level, message) => {
            const write = logger[level] || logger.log;
            if (typeof write === "function") {
                write.call(logger, LOG_PREFIX + message);
            }
        };
    }
    return () => {};
}

/** What an error says in a log line: its code and status, never more (no token is in either). */
function describe(err) {
    if (errors.isAuthError(err)) {
        return err.error + (err.status ? " (HTTP " + err.status + ")" : "");
    }
    return err && err.name ? err.name : "error";
}

/** A privacy policy version: a non-empty string, or undefined/null for none. */
function privacyVersionOf(value, where) {
    if (value === undefined || value === null) {
        return undefined;
    }
    if (typeof value !== "string" || value === "") {
        throw new TypeError("keycloak-wechat: " + where + " must be the privacy policy version (a non-empty string), or null");
    }
    return value;
}

function requiredString(options, name) {
    const value = options[name];
    if (typeof value !== "string" || value === "") {
        throw new TypeError("keycloak-wechat: createAuth needs `" + name + "`");
    }
    return value;
}

/**
 * Creates the sign-in of one mini-program: one per app (e.g. in app.js), shared by its pages.
 * @param {object} options see index.d.ts (AuthOptions)
 */
function createAuth(options) {
    options = options || {};
    const issuer = requiredString(options, "issuer").replace(/\/+$/, "");
    const clientId = requiredString(options, "clientId");
    const scope = options.scope === undefined ? "openid" : options.scope;
    const idp = options.idp;
    let privacyVersion = privacyVersionOf(options.privacyVersion, "privacyVersion");
    const storageKey = options.storageKey || DEFAULT_STORAGE_KEY;
    const leewayMs = (options.refreshLeewaySeconds === undefined
        ? tokens.DEFAULT_REFRESH_LEEWAY_SECONDS : options.refreshLeewaySeconds) * 1000;
    const retryOptions = retry.retryOptions(options.retry);
    const timeout = options.timeout;
    const platform = platforms.platformOf(options.platform);
    const clock = Object.assign({
        now: () => Date.now(),
        sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
        random: () => Math.random()
    }, options.clock);
    const log = loggerOf(options.logger);
    const tokenUrl = issuer + "/protocol/openid-connect/token";

    let current; // the token set: undefined until read from storage, null when signed out
    let renewal = null; // the sign-in or refresh under way, shared by every caller
    let spare = null; // {code, obtainedAt}: a code refused for want of privacy consent, unspent (memory only)

    function tokensNow() {
        if (current === undefined) {
            const stored = platform.load(storageKey);
            current = tokens.isTokenSet(stored) ? stored : null;
        }
        return current;
    }

    function keep(answer, receivedAt, previous) {
        current = tokens.tokenSet(answer, receivedAt, previous);
        if (!platform.save(storageKey, current)) {
            log("warn", "could not store the tokens; they are kept in memory until the app closes");
        }
        return current;
    }

    function forget() {
        current = null;
        spare = null;
        platform.remove(storageKey);
    }

    /** The platform's request; no answer at all (offline, timeout, domain not allowed) is a network_error. */
    function send(request) {
        const call = Object.assign({}, request);
        if (timeout !== undefined && call.timeout === undefined) {
            call.timeout = timeout;
        }
        return platform.request(call).catch((failure) => {
            throw errors.fromFailure(failure);
        });
    }

    /** POSTs a form to the token endpoint: the answer's body on success, else its AuthError. */
    async function tokenCall(params) {
        const response = await send({
            url: tokenUrl,
            method: "POST",
            header: { "content-type": "application/x-www-form-urlencoded" },
            data: tokens.formEncode(params),
            dataType: "json"
        });
        const body = errors.bodyOf(response);
        if (response.statusCode === 200 && body && typeof body.access_token === "string") {
            return { body: body, receivedAt: clock.now() };
        }
        throw errors.fromResponse(response, clock.now());
    }

    /**
     * Runs attempt() until it succeeds or fails for good. A retryable error (temporarily_unavailable,
     * no answer) waits as retry.delayBefore says; retryNow(err) may ask for another attempt at once.
     * At most retry.attempts attempts in all.
     */
    async function withRetries(label, attempt, retryNow) {
        for (let made = 1; ; made++) {
            try {
                return await attempt();
            } catch (err) {
                const immediately = retryNow !== undefined && retryNow(err);
                if (!immediately && !errors.isRetryable(err)) {
                    throw err;
                }
                const wait = immediately
                    ? (made < retryOptions.attempts ? 0 : -1)
                    : retry.delayBefore(made, err.retryAfter, retryOptions, clock.random);
                if (wait < 0) {
                    log("warn", label + ": " + describe(err) + "; giving up after " + made + " attempt(s)");
                    throw err;
                }
                log("info", label + ": " + describe(err) + "; attempt " + (made + 1) + " of " + retryOptions.attempts
                    + (wait > 0 ? " in " + wait + " ms" : " now"));
                if (wait > 0) {
                    await clock.sleep(wait);
                }
            }
        }
    }

    async function wxLogin() {
        let result;
        try {
            result = await platform.login();
        } catch (failure) {
            throw errors.fromFailure(failure, AuthError.WX_LOGIN_FAILED);
        }
        if (!result || typeof result.code !== "string" || result.code === "") {
            throw errors.fromFailure(result, AuthError.WX_LOGIN_FAILED);
        }
        return result.code;
    }

    /** The code kept from a login refused for want of privacy consent, if it is still young enough; used once. */
    function takeSpareCode() {
        const kept = spare;
        spare = null;
        if (kept !== null && clock.now() - kept.obtainedAt < SPARE_CODE_MS) {
            log("info", "sign-in: using the wx.login code of the login that awaited privacy consent");
            return kept;
        }
        return null;
    }

    /**
     * A code login: wx.login, then the grant. A code that was sent before (WeChat busy, no answer)
     * and is then refused (invalid_grant: WeChat may have spent it) is replaced by a new wx.login
     * code; a fresh code refused is a real refusal (e.g. a disabled user) and is not retried.
     * A code refused for want of privacy consent (consent_required with privacy_policy_version)
     * was refused before Keycloak asked WeChat: it is kept, in memory, for the next code login.
     */
    function codeLogin() {
        let code = null;
        let obtainedAt = 0;
        let sends = 0;
        return withRetries("sign-in", async () => {
            if (code === null) {
                const kept = takeSpareCode();
                if (kept !== null) {
                    code = kept.code;
                    obtainedAt = kept.obtainedAt;
                    sends = 1; // sent before: refused now (expired at WeChat), it is replaced at once
                } else {
                    code = await wxLogin();
                    obtainedAt = clock.now();
                    sends = 0;
                }
            }
            sends++;
            let answer;
            try {
                answer = await tokenCall({
                    grant_type: GRANT_TYPE, client_id: clientId, code: code, scope: scope, idp: idp, privacy_version: privacyVersion
                });
            } catch (err) {
                if (errors.isPrivacyConsentRequired(err)) {
                    spare = { code: code, obtainedAt: obtainedAt };
                    log("info", "sign-in: the user must agree to privacy policy " + err.privacyPolicyVersion + " first");
                }
                throw err;
            }
            log("info", "signed in");
            return keep(answer.body, answer.receivedAt, null);
        }, (err) => {
            if (err.error === AuthError.INVALID_GRANT && sends > 1) {
                code = null;
                return true;
            }
            return false;
        });
    }

    function refresh(set) {
        return withRetries("refresh", async () => {
            const answer = await tokenCall({ grant_type: "refresh_token", client_id: clientId, refresh_token: set.refresh_token });
            log("debug", "tokens refreshed");
            return keep(answer.body, answer.receivedAt, set);
        });
    }

    /** New tokens: a refresh while the refresh token lasts, else (or when Keycloak refuses it) a code login. */
    async function refreshOrLogin() {
        const set = tokensNow();
        if (tokens.canRefresh(set, clock.now())) {
            try {
                return await refresh(set);
            } catch (err) {
                if (!errors.isAuthError(err) || err.error !== AuthError.INVALID_GRANT) {
                    throw err;
                }
                log("info", "refresh token refused (invalid_grant); signing in with a new wx.login code");
                forget();
            }
        } else if (set) {
            log("info", "refresh token expired; signing in with a new wx.login code");
        }
        return codeLogin();
    }

    /** Joins the renewal under way, or starts this one: one wx.login and one token call for all callers. */
    function join(work) {
        if (renewal === null) {
            renewal = work().then((set) => {
                renewal = null;
                return set;
            }, (err) => {
                renewal = null;
                throw err;
            });
        }
        return renewal;
    }

    /** Marks the access token used up, so that the next getAccessToken() renews it. */
    function expire(accessToken) {
        const set = tokensNow();
        if (set && (accessToken === undefined || set.access_token === accessToken)) {
            current = Object.assign({}, set, { expires_at: 0 });
        }
    }

    function claims() {
        const set = tokensNow();
        return set ? jwt.decodePayload(set.id_token) || jwt.decodePayload(set.access_token) : null;
    }

    async function login() {
        await join(codeLogin);
        return claims();
    }

    async function getAccessToken() {
        const set = tokensNow();
        if (set && !tokens.needsRefresh(set, clock.now(), leewayMs)) {
            return set.access_token;
        }
        return (await join(refreshOrLogin)).access_token;
    }

    function withBearer(requestOptions, accessToken) {
        const call = {};
        Object.keys(requestOptions).forEach((key) => {
            if (key !== "success" && key !== "fail" && key !== "complete") {
                call[key] = requestOptions[key];
            }
        });
        const header = {};
        const given = requestOptions.header || {};
        Object.keys(given).forEach((name) => {
            if (name.toLowerCase() !== "authorization") {
                header[name] = given[name];
            }
        });
        header.Authorization = "Bearer " + accessToken;
        call.header = header;
        return call;
    }

    async function request(requestOptions) {
        if (!requestOptions || typeof requestOptions.url !== "string") {
            throw new TypeError("keycloak-wechat: request needs a `url`");
        }
        const accessToken = await getAccessToken();
        const response = await send(withBearer(requestOptions, accessToken));
        if (response.statusCode !== 401) {
            return response;
        }
        log("info", "request: HTTP 401; renewing the tokens and trying once more");
        expire(accessToken);
        return send(withBearer(requestOptions, await getAccessToken()));
    }

    async function bindPhone(phoneCode) {
        if (typeof phoneCode !== "string" || phoneCode === "") {
            throw new TypeError("keycloak-wechat: bindPhone needs the getPhoneNumber button's code (e.detail.code)");
        }
        const body = await postAfterLogin("phone", { phone_code: phoneCode });
        // the phone_number claim is in the tokens issued from now on
        await renewForClaims("bindPhone: the number is bound");
        return body;
    }

    /** POSTs JSON to one of the calls after the login (/wechat/...), with the bearer: the answer's body, or an AuthError. */
    async function postAfterLogin(path, data) {
        const response = await request({
            url: issuer + "/wechat/" + path,
            method: "POST",
            header: { "content-type": "application/json" },
            data: JSON.stringify(data),
            dataType: "json"
        });
        if (response.statusCode !== 200) {
            throw errors.fromResponse(response, clock.now());
        }
        return errors.bodyOf(response);
    }

    /** New tokens, for claims that changed; what was done stays done if that fails, so only a warning. */
    async function renewForClaims(done) {
        expire();
        try {
            await getAccessToken();
        } catch (err) {
            log("warn", done + ", but renewing the tokens failed: " + describe(err));
        }
    }

    /** Sends a six-digit code to the address (POST /wechat/email): {email, expires_in}. A 429 is not retried. */
    async function bindEmail(email) {
        if (typeof email !== "string" || email.trim() === "") {
            throw new TypeError("keycloak-wechat: bindEmail needs the e-mail address the user typed");
        }
        return postAfterLogin("email", { email: email });
    }

    /**
     * Proves the address with the mailed code (POST /wechat/email/verify), then renews the tokens
     * for the email claims; when Keycloak linked this WeChat identity to the account that had the
     * address (`linked: true`, that session ended), signs in again, to that account.
     */
    async function verifyEmail(email, code) {
        if (typeof email !== "string" || email.trim() === "") {
            throw new TypeError("keycloak-wechat: verifyEmail needs the e-mail address the code was sent to");
        }
        if (typeof code !== "string" || !/^[0-9]{6}$/.test(code.trim())) {
            throw new TypeError("keycloak-wechat: verifyEmail needs the six digits of the mail");
        }
        const body = await postAfterLogin("email/verify", { email: email, code: code.trim() });
        if (body && body.linked === true) {
            // the session of the account left behind is over: the next code login signs in to the linked account
            forget();
            try {
                await login();
            } catch (err) {
                log("warn", "verifyEmail: the identity is linked, but signing in again failed: " + describe(err));
            }
        } else {
            await renewForClaims("verifyEmail: the address is verified");
        }
        return body;
    }

    async function logout() {
        if (renewal !== null) {
            await renewal.catch(() => null);
        }
        const set = tokensNow();
        forget();
        if (!set || typeof set.refresh_token !== "string") {
            return;
        }
        const response = await send({
            url: issuer + "/protocol/openid-connect/logout",
            method: "POST",
            header: { "content-type": "application/x-www-form-urlencoded" },
            data: tokens.formEncode({ client_id: clientId, refresh_token: set.refresh_token }),
            dataType: "json"
        });
        if (response.statusCode >= 200 && response.statusCode < 300) {
            log("info", "signed out");
            return;
        }
        const err = errors.fromResponse(response, clock.now());
        if (err.error === AuthError.INVALID_GRANT) {
            log("info", "signed out (the session had already ended)");
            return;
        }
        throw err;
    }

    /**
     * Deletes the user's account (DELETE /realms/{realm}/wechat/me). Keycloak wants a login at most
     * a few minutes old (300 s by default); a refreshed token keeps its login's time, so a 401 is
     * not answered with a refresh and another try: it rejects with freshLoginRequired, and the
     * app signs in again (login()) and calls this once more. Not retried either when no answer
     * came: the account may be gone already.
     */
    async function deleteAccount() {
        const accessToken = await getAccessToken();
        const response = await send({
            url: issuer + "/wechat/me",
            method: "DELETE",
            header: { Authorization: "Bearer " + accessToken },
            dataType: "json"
        });
        if (response.statusCode >= 200 && response.statusCode < 300) {
            forget();
            log("info", "account deleted; signed out");
            return;
        }
        const err = errors.fromResponse(response, clock.now());
        if (response.statusCode === 401) {
            err.freshLoginRequired = true;
            log("info", "deleteAccount: " + describe(err) + "; the user must sign in again (login()) first");
        }
        throw err;
    }

    /** The user's authorization records (GET /realms/{realm}/wechat/me/authorizations), oldest first. */
    async function authorizations() {
        const response = await request({ url: issuer + "/wechat/me/authorizations", method: "GET", dataType: "json" });
        const body = errors.bodyOf(response);
        if (response.statusCode !== 200) {
            throw errors.fromResponse(response, clock.now());
        }
        if (!Array.isArray(body)) {
            throw new AuthError(AuthError.SERVER_ERROR, "HTTP 200 without a list of records", response.statusCode);
        }
        return body;
    }

    /** The privacy policy version the user agreed to, sent with every code login from now on (null: none). */
    function setPrivacyVersion(version) {
        privacyVersion = privacyVersionOf(version, "setPrivacyVersion's version");
    }

    return { login, getAccessToken, request, bindPhone, bindEmail, verifyEmail, logout, claims, deleteAccount, authorizations, setPrivacyVersion };
}

module.exports = {
    createAuth, AuthError, isAuthError: errors.isAuthError, isPrivacyConsentRequired: errors.isPrivacyConsentRequired, GRANT_TYPE
};
