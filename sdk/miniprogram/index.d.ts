// Types of keycloak-wechat-miniprogram. See README.md.

/** The functions of the mini-program runtime the SDK uses: `wx`, uni-app's `uni`, Taro's `Taro`. */
export interface Platform {
    /** wx.login: callbacks, or a returned promise, or both. */
    login(options: { success?: (result: { code: string }) => void; fail?: (failure: unknown) => void }): unknown;
    /** wx.request: success for every HTTP status, fail when no answer came. */
    request(options: PlatformRequestOptions): unknown;
    getStorageSync(key: string): unknown;
    setStorageSync(key: string, value: unknown): void;
    removeStorageSync(key: string): void;
}

export interface PlatformRequestOptions extends RequestOptions {
    success?: (response: Response) => void;
    fail?: (failure: unknown) => void;
}

/** A wx.request's options (those the SDK does not set are passed through untouched). */
export interface RequestOptions {
    url: string;
    method?: "GET" | "POST" | "PUT" | "DELETE" | "PATCH" | "HEAD" | "OPTIONS" | string;
    data?: string | object | ArrayBuffer;
    header?: Record<string, string>;
    timeout?: number;
    dataType?: "json" | string;
    responseType?: "text" | "arraybuffer";
    [option: string]: unknown;
}

/** A wx.request's answer. */
export interface Response<T = any> {
    statusCode: number;
    data: T;
    header: Record<string, string>;
    [member: string]: unknown;
}

export type LogLevel = "debug" | "info" | "warn" | "error";

/** Receives what the SDK does (retries, renewals, sign-outs); never a token, a code or a phone code. */
export type Logger =
    | ((level: LogLevel, message: string) => void)
    | { debug?(message: string): void; info?(message: string): void; warn?(message: string): void; error?(message: string): void; log?(message: string): void };

export interface RetryOptions {
    /** Calls in all, the first included (default 4). */
    attempts?: number;
    /** First backoff, doubled at each retry, with jitter (default 500). */
    baseDelayMs?: number;
    /** Longest wait; a longer Retry-After gives the error at once (default 8000). */
    maxDelayMs?: number;
}

export interface AuthOptions {
    /** The realm's URL, e.g. `https://sso.example.com/realms/wechat-demo`. */
    issuer: string;
    /** The realm's client of the mini-program (public), allowed on the WeChat identity provider. */
    clientId: string;
    /** Scopes to ask for (default `openid`: an id_token for claims()). Empty string: the client's defaults. */
    scope?: string;
    /** The identity provider's alias; needed only when the client is allowed on several. */
    idp?: string;
    /**
     * The privacy policy version the user agreed to (the provider's `privacyPolicyVersion`), sent as
     * `privacy_version` with every code login; change it with setPrivacyVersion(). Default: none sent.
     */
    privacyVersion?: string | null;
    /** Storage key of the tokens (default `keycloak-wechat.tokens`). */
    storageKey?: string;
    /** `wx` (default), `uni`, `Taro`, or an adapter of the same shape. */
    platform?: Platform;
    /** Refresh this long before the access token expires, at most half its lifetime (default 30). */
    refreshLeewaySeconds?: number;
    /** Retries of temporarily_unavailable answers and of calls that got no answer. */
    retry?: RetryOptions;
    /** wx.request's timeout (ms) for the SDK's own calls and request()'s, unless given per call. */
    timeout?: number;
    logger?: Logger;
    /** For tests: the clock (ms), how to wait, and the jitter's random source. */
    clock?: { now?(): number; sleep?(ms: number): Promise<void>; random?(): number };
}

/** The contract's errors, the /wechat endpoints' and the SDK's own; others pass through as sent. */
export type ErrorCode =
    | "invalid_request"
    | "invalid_grant"
    | "unauthorized_client"
    | "access_denied"
    | "consent_required"
    | "interaction_required"
    | "temporarily_unavailable"
    | "invalid_client"
    | "invalid_scope"
    | "invalid_token"
    | "phone_not_configured"
    | "not_a_wechat_session"
    | "invalid_phone_code"
    | "wrong_appid"
    | "phone_number_in_use"
    | "server_error"
    | "network_error"
    | "wx_login_failed"
    | (string & {});

/** Every failure of the SDK's promises (but for TypeErrors of wrong arguments). */
export class AuthError extends Error {
    readonly name: "AuthError";
    /** RFC 6749 §5.2 `error` as the server sent it, or the SDK's own (network_error, wx_login_failed, server_error). */
    readonly error: ErrorCode;
    readonly error_description?: string;
    /** HTTP status; 0 when no answer came. */
    readonly status: number;
    /** Seconds the server asked to wait (Retry-After). */
    readonly retryAfter?: number;
    /** consent_required of the privacy policy: the version the user must agree to (the server's current one). */
    readonly privacyPolicyVersion?: string;
    /** The same, as the server sent it. */
    readonly privacy_policy_version?: string;
    /** deleteAccount()'s 401 (invalid_token): the login is too old or the session ended; sign in again (login()), then call again. */
    readonly freshLoginRequired?: boolean;
    /** consent_required / access_denied of the guardian policy. */
    readonly guardian_policy?: string;
    readonly guardian_consent_request?: string;
    readonly guardian_consent_uri?: string;
    /** Every other member of the server's answer. */
    readonly [member: string]: unknown;

    static readonly NETWORK_ERROR: "network_error";
    static readonly WX_LOGIN_FAILED: "wx_login_failed";
    static readonly TEMPORARILY_UNAVAILABLE: "temporarily_unavailable";
    static readonly INVALID_GRANT: "invalid_grant";
    static readonly CONSENT_REQUIRED: "consent_required";
    static readonly INVALID_TOKEN: "invalid_token";
    static readonly SERVER_ERROR: "server_error";
}

/** Claims of the id_token (or, without one, of the access token): read, not verified. */
export interface Claims {
    sub: string;
    wechat_openid?: string;
    wechat_unionid?: string;
    phone_number?: string;
    phone_number_verified?: boolean;
    [claim: string]: unknown;
}

/** The answer of POST /realms/{realm}/wechat/phone. */
export interface PhoneBinding {
    /** Masked, e.g. `+86 138****8000`; the token claim `phone_number` has it in E.164. */
    phone_number: string;
    phone_number_verified: boolean;
}

/** One of the user's authorization records (GET /realms/{realm}/wechat/me/authorizations). */
export interface AuthorizationRecord {
    id: string;
    userId: string;
    clientId: string | null;
    /** register, privacy_policy, account_deleted, ... */
    kind: "register" | "privacy_policy" | "account_deleted" | (string & {});
    /** The provider's alias (register), the version (privacy_policy), ... */
    detail: string | null;
    /** The privacy policy version in force, when the provider tracks one. */
    privacyVersion: string | null;
    /** ISO 8601 instant, e.g. 2026-11-22T08:00:00Z. */
    createdAt: string;
    ipAddress: string | null;
    userAgent: string | null;
}

/** bindEmail()'s answer: the address as Keycloak keeps it (trimmed, lower case) and the code's lifetime in seconds. */
export interface EmailCodeSent {
    email: string;
    expires_in: number;
}

/** verifyEmail()'s answer. */
export interface EmailBinding {
    email: string;
    email_verified: true;
    /** Present (true) when the WeChat identity was linked to the account that already had the address verified. */
    linked?: true;
}

export interface Auth {
    /** Signs in with a new wx.login code; joins a sign-in or refresh already under way. */
    login(): Promise<Claims | null>;
    /** A valid access token: the one kept, refreshed ahead of expiry, or from a new sign-in. */
    getAccessToken(): Promise<string>;
    /** wx.request with the bearer; on a 401, renews the tokens and tries once more. Any other status resolves. */
    request<T = any>(options: RequestOptions): Promise<Response<T>>;
    /** Binds the number of the getPhoneNumber button's code, then renews the tokens (phone_number claim). */
    bindPhone(phoneCode: string): Promise<PhoneBinding>;
    /** Sends a six-digit code to the address (POST /wechat/email); a new code replaces the one before. */
    bindEmail(email: string): Promise<EmailCodeSent>;
    /**
     * Proves the address with the mailed code, then renews the tokens (email, email_verified claims);
     * `linked: true`: the identity now belongs to the account that had the address, and the SDK signed in again to it.
     */
    verifyEmail(email: string, code: string): Promise<EmailBinding>;
    /** Forgets the tokens and has Keycloak end the session (the refresh token no longer works). */
    logout(): Promise<void>;
    /** Who is signed in, or null. */
    claims(): Claims | null;
    /**
     * Deletes the user's account (DELETE /realms/{realm}/wechat/me; signs in first when signed out), then
     * forgets the tokens. Keycloak needs a recent login: a 401 rejects with `freshLoginRequired` (not
     * refreshed and retried); call login() and then this again.
     */
    deleteAccount(): Promise<void>;
    /** The user's authorization records, oldest first. */
    authorizations(): Promise<AuthorizationRecord[]>;
    /** The privacy policy version sent with every code login from now on (e.g. an error's privacyPolicyVersion once the user agreed); null: none. */
    setPrivacyVersion(version: string | null): void;
}

export function createAuth(options: AuthOptions): Auth;
export function isAuthError(value: unknown): value is AuthError;
/** A login refused until the user agrees to the privacy policy `err.privacyPolicyVersion`. */
export function isPrivacyConsentRequired(value: unknown): value is AuthError & { error: "consent_required"; privacyPolicyVersion: string };
export const GRANT_TYPE: "urn:kcwechat:params:oauth:grant-type:mini-program-code";
