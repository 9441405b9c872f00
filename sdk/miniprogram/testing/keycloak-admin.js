"use strict";

// What the integration tests do as Keycloak's admin (admin REST API): clients with short
// lifespans for the expiry scenarios, allowed on the realm's WeChat provider, the provider's
// privacy policy version, ending a user's sessions behind the SDK's back, and looking a user up.

const { exchange, postForm } = require("./http");
const { environment } = require("./environment");

const adminBase = environment.baseUrl + "/admin/realms/" + environment.realm;

async function adminToken() {
    const answer = await postForm(environment.baseUrl + "/realms/master/protocol/openid-connect/token", {
        grant_type: "password", client_id: "admin-cli", username: environment.adminUser, password: environment.adminPassword
    });
    if (answer.status !== 200) {
        throw new Error("admin login failed: HTTP " + answer.status);
    }
    return answer.json.access_token;
}

async function admin(method, path, body, { missingIsNull = false } = {}) {
    const headers = { Authorization: "Bearer " + await adminToken() };
    if (body !== undefined) {
        headers["Content-Type"] = "application/json";
    }
    const answer = await exchange({ method, url: adminBase + path, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    if (missingIsNull && answer.status === 404) {
        return null;
    }
    if (answer.status >= 300) {
        throw new Error(method + " " + path + ": HTTP " + answer.status + " " + answer.body);
    }
    return answer.body ? JSON.parse(answer.body) : null;
}

/**
 * (Re)creates a public client like the mini-program's, with these client attributes (e.g.
 * access.token.lifespan, client.session.idle.timeout), and allows it on the WeChat provider.
 */
async function publicClient(clientId, attributes) {
    const existing = await admin("GET", "/clients?clientId=" + encodeURIComponent(clientId));
    for (const client of existing) {
        await admin("DELETE", "/clients/" + client.id);
    }
    await admin("POST", "/clients", {
        clientId, enabled: true, protocol: "openid-connect", publicClient: true,
        standardFlowEnabled: false, directAccessGrantsEnabled: false, attributes
    });
    const path = "/identity-provider/instances/" + encodeURIComponent(environment.idp);
    const idp = await admin("GET", path);
    const allowed = (idp.config.allowedClients || "").split(",").map((name) => name.trim()).filter((name) => name !== "");
    if (!allowed.includes(clientId)) {
        idp.config.allowedClients = allowed.concat(clientId).join(",");
        await admin("PUT", path, idp);
    }
}

/**
 * Changes settings of the WeChat provider, e.g. {privacyPolicyVersion: "2026-12"} ("" to stop
 * tracking one). The provider comes back as read, its Client Secret masked: Keycloak keeps the
 * stored secret when it is given the mask back (as publicClient's update relies on too).
 */
async function updateProvider(config) {
    const path = "/identity-provider/instances/" + encodeURIComponent(environment.idp);
    const idp = await admin("GET", path);
    idp.config = Object.assign({}, idp.config, config);
    await admin("PUT", path, idp);
}

/** The user's representation, or null when there is no such user (e.g. deleted). */
async function findUser(userId) {
    return admin("GET", "/users/" + encodeURIComponent(userId), undefined, { missingIsNull: true });
}

/** Ends every session of the user, as an admin (or a password change) would. */
async function endSessions(userId) {
    await admin("POST", "/users/" + encodeURIComponent(userId) + "/logout");
}

module.exports = { publicClient, updateProvider, endSessions, findUser };
