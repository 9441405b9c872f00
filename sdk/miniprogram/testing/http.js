"use strict";

// Plain HTTP for the tests (Node's http module: fine here, never in the SDK itself).

const http = require("node:http");
const https = require("node:https");

/**
 * One HTTP exchange: {status, headers, body}. Header names keep the case the server sent them
 * in, as wx.request gives them.
 */
function exchange({ method = "GET", url, headers = {}, body, timeoutMs = 30000 }) {
    return new Promise((resolve, reject) => {
        const target = new URL(url);
        const client = target.protocol === "https:" ? https : http;
        const request = client.request(target, { method, headers, timeout: timeoutMs }, (response) => {
            const chunks = [];
            response.on("data", (chunk) => chunks.push(chunk));
            response.on("end", () => {
                const received = {};
                for (let i = 0; i < response.rawHeaders.length; i += 2) {
                    received[response.rawHeaders[i]] = response.rawHeaders[i + 1];
                }
                resolve({ status: response.statusCode, headers: received, body: Buffer.concat(chunks).toString("utf8") });
            });
            response.on("error", reject);
        });
        request.on("timeout", () => request.destroy(new Error("timeout")));
        request.on("error", reject);
        if (body !== undefined) {
            request.write(body);
        }
        request.end();
    });
}

function form(params) {
    return new URLSearchParams(params).toString();
}

/** POSTs a form; the answer's body parsed as JSON when it is JSON. */
async function postForm(url, params, headers = {}) {
    const answer = await exchange({
        method: "POST", url, body: form(params),
        headers: Object.assign({ "Content-Type": "application/x-www-form-urlencoded" }, headers)
    });
    return Object.assign(answer, { json: parse(answer.body) });
}

function parse(body) {
    try {
        return JSON.parse(body);
    } catch (e) {
        return undefined;
    }
}

module.exports = { exchange, form, postForm, parse };
