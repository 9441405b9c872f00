"use strict";

// How long to wait before trying again a call the server turned away for now (WeChat busy,
// an abuse limit: temporarily_unavailable) or that got no answer, and when to give up.

const DEFAULTS = Object.freeze({ attempts: 4, baseDelayMs: 500, maxDelayMs: 8000 });

/** The retry settings: createAuth's `retry` over the defaults, checked. */
function retryOptions(given) {
    const options = Object.assign({}, DEFAULTS, given || {});
    ["attempts", "baseDelayMs", "maxDelayMs"].forEach((key) => {
        if (typeof options[key] !== "number" || !(options[key] >= 0)) {
            throw new TypeError("retry." + key + " must be a number >= 0");
        }
    });
    options.attempts = Math.max(1, Math.floor(options.attempts));
    return options;
}

/**
 * Milliseconds to wait after `attempt` failed calls before the next one, or -1 to give up.
 * The server's Retry-After (seconds) is honoured as it is, unless it is longer than maxDelayMs:
 * then the caller gets the error (with its retryAfter) rather than a promise that hangs.
 * Otherwise exponential backoff with jitter: between half and all of baseDelayMs * 2^(attempt-1),
 * at most maxDelayMs, so that many clients turned away at once do not come back at once.
 */
function delayBefore(attempt, retryAfterSeconds, options, random) {
    if (attempt >= options.attempts) {
        return -1;
    }
    if (retryAfterSeconds !== undefined) {
        const wait = retryAfterSeconds * 1000;
        return wait > options.maxDelayMs ? -1 : wait;
    }
    const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * Math.pow(2, attempt - 1));
    return Math.round(ceiling / 2 + (random ? random() : Math.random()) * ceiling / 2);
}

module.exports = { DEFAULTS, retryOptions, delayBefore };
