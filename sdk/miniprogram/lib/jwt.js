"use strict";

// Reads a JWT's payload for claims(): base64url -> bytes -> UTF-8 -> JSON. The mini-program
// runtime has neither Buffer nor, everywhere, atob or TextDecoder, so both decoders are here.
// Nothing is verified: the tokens came straight from Keycloak over HTTPS, and claims() only
// tells the app who is signed in. APIs verify the access token themselves (the realm's JWKS).

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/** base64url (padding optional; base64's "+" and "/" too) to an array of bytes; null if malformed. */
function base64UrlToBytes(text) {
    const clean = String(text).replace(/=+$/, "").replace(/\+/g, "-").replace(/\//g, "_");
    if (clean.length % 4 === 1) {
        return null;
    }
    const bytes = [];
    let buffer = 0;
    let bits = 0;
    for (let i = 0; i < clean.length; i++) {
        const value = ALPHABET.indexOf(clean.charAt(i));
        if (value < 0) {
            return null;
        }
        buffer = ((buffer << 6) | value) & 0xffffff;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            bytes.push((buffer >> bits) & 0xff);
        }
    }
    return bytes;
}

/** UTF-8 bytes to a string (4-byte sequences become surrogate pairs); null if not UTF-8. */
function utf8ToString(bytes) {
    let out = "";
    let i = 0;
    while (i < bytes.length) {
        const first = bytes[i];
        const length = first < 0x80 ? 1 : (first >> 5) === 0x6 ? 2 : (first >> 4) === 0xe ? 3 : (first >> 3) === 0x1e ? 4 : 0;
        if (length === 0 || i + length > bytes.length) {
            return null;
        }
        let codePoint = length === 1 ? first : first & (0xff >> (length + 1));
        for (let k = 1; k < length; k++) {
            const next = bytes[i + k];
            if ((next >> 6) !== 0x2) {
                return null;
            }
            codePoint = (codePoint << 6) | (next & 0x3f);
        }
        if (codePoint > 0xffff) {
            codePoint -= 0x10000;
            out += String.fromCharCode(0xd800 + (codePoint >> 10), 0xdc00 + (codePoint & 0x3ff));
        } else {
            out += String.fromCharCode(codePoint);
        }
        i += length;
    }
    return out;
}

/** The payload of a compact JWS as an object, or null when it is not one. */
function decodePayload(jwt) {
    if (typeof jwt !== "string") {
        return null;
    }
    const parts = jwt.split(".");
    if (parts.length !== 3) {
        return null;
    }
    const bytes = base64UrlToBytes(parts[1]);
    const json = bytes === null ? null : utf8ToString(bytes);
    if (json === null) {
        return null;
    }
    try {
        const payload = JSON.parse(json);
        return payload !== null && typeof payload === "object" && !Array.isArray(payload) ? payload : null;
    } catch (e) {
        return null;
    }
}

module.exports = { base64UrlToBytes, utf8ToString, decodePayload };
