"use strict";

// The tokens the SDK keeps (in memory and in the runtime's storage) and when they are due.
// Expiry is computed from expires_in against the device's own clock at the moment the answer
// arrived, never from the token's exp: phones' clocks are often minutes off, and exp is the
// server's clock.

/** No access token is refreshed earlier than this before it expires, by default. */
const DEFAULT_REFRESH_LEEWAY_SECONDS = 30;
/** A refresh token with less than this left is not worth sending: a code login is surer. */
const REFRESH_MARGIN_MS = 2000;

/**
 * What to keep of a token endpoint answer received at `receivedAt` (ms). A refresh answer
 * without a new refresh or ID token keeps the previous ones.
 */
function tokenSet(answer, receivedAt, previous) {
    const lifetime = Math.max(0, Number(answer.expires_in) || 0) * 1000;
    const set = {
        access_token: answer.access_token,
        expires_at: receivedAt + lifetime,
        lifetime: lifetime,
        refresh_token: answer.refresh_token,
        // Keycloak sends refresh_expires_in 0 for offline tokens: no expiry (null); so is "not said"
        refresh_expires_at: Number(answer.refresh_expires_in) > 0 ? receivedAt + Number(answer.refresh_expires_in) * 1000 : null,
        id_token: answer.id_token
    };
    if (previous && !set.refresh_token) {
        set.refresh_token = previous.refresh_token;
        set.refresh_expires_at = previous.refresh_expires_at;
    }
    if (previous && !set.id_token) {
        set.id_token = previous.id_token;
    }
    Object.keys(set).forEach((key) => {
        if (set[key] === undefined) {
            delete set[key];
        }
    });
    return set;
}

/** Whether a stored value is a token set this SDK wrote (storage may hold anything). */
function isTokenSet(value) {
    return value !== null && typeof value === "object" && typeof value.access_token === "string"
        && typeof value.expires_at === "number" && typeof value.lifetime === "number";
}

/**
 * Whether the access token should be refreshed now: within the leeway before it expires. The
 * leeway is at most half the token's lifetime, so that short-lived tokens are still used for
 * half their life instead of being refreshed at every call.
 */
function needsRefresh(set, now, leewayMs) {
    const leeway = Math.min(leewayMs, set.lifetime / 2);
    return now >= set.expires_at - leeway;
}

/** Whether the refresh token can still be sent: present, and not (about to be) expired. */
function canRefresh(set, now) {
    if (!set || typeof set.refresh_token !== "string") {
        return false;
    }
    return set.refresh_expires_at === null || set.refresh_expires_at === undefined
        || now < set.refresh_expires_at - REFRESH_MARGIN_MS;
}

/** application/x-www-form-urlencoded, skipping absent values. */
function formEncode(params) {
    return Object.keys(params)
        .filter((key) => params[key] !== undefined && params[key] !== null && params[key] !== "")
        .map((key) => encodeURIComponent(key) + "=" + encodeURIComponent(String(params[key])))
        .join("&");
}

module.exports = { DEFAULT_REFRESH_LEEWAY_SECONDS, REFRESH_MARGIN_MS, tokenSet, isTokenSet, needsRefresh, canRefresh, formEncode };
