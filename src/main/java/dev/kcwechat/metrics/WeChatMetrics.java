package dev.kcwechat.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Set;

/**
 * The extension's metrics, in Keycloak's Micrometer registry: on its management port at
 * {@code /metrics} when Keycloak runs with {@code --metrics-enabled=true}, no-ops otherwise. Every
 * tag value comes from a short list the extension knows (an API, an outcome, an errcode WeChat
 * documents, a provider alias an administrator made, a limit's name): never a user, an openid, a
 * code or a token, and never a value a caller chooses.
 */
public final class WeChatMetrics {

    /** A WeChat or WeCom API call: {@code kcwechat_wechat_api_seconds}, tags {@code api} and {@code outcome}. */
    static final String API = "kcwechat.wechat.api";
    /** A WeChat answer that is not a success: {@code kcwechat_wechat_errors_total}, tags {@code api} and {@code errcode}. */
    static final String ERRORS = "kcwechat.wechat.errors";
    /** An access_token fetched from WeChat or WeCom: {@code kcwechat_access_token_fetches_total}, tag {@code provider}. */
    static final String ACCESS_TOKEN_FETCHES = "kcwechat.access.token.fetches";
    /** A code login: {@code kcwechat_logins_total}, tags {@code provider}, {@code outcome} and {@code first}. */
    static final String LOGINS = "kcwechat.logins";
    /** A login or token the guardian policy refused: {@code kcwechat_guardian_refusals_total}, tag {@code reason}. */
    static final String GUARDIAN_REFUSALS = "kcwechat.guardian.refusals";
    /** A request an abuse limit turned away: {@code kcwechat_rate_limited_total}, tag {@code limit}. */
    static final String RATE_LIMITED = "kcwechat.rate.limited";

    /** The {@code outcome} of an API call WeChat answered with what was asked. */
    public static final String SUCCESS = "success";
    /** The {@code errcode} of a failure without one: no answer, an HTTP error, a body that is not WeChat's JSON. */
    public static final String NO_ERRCODE = "none";
    /** The {@code errcode} of one the extension does not know (WeChat adds codes; the tag stays bounded). */
    public static final String OTHER_ERRCODE = "other";
    /** The {@code provider} of a login refused before its provider was known. */
    public static final String NO_PROVIDER = "none";

    /** The OAuth errors a code login is refused with (RFC 6749, OpenID Connect, the contract's): a login's {@code outcome}. */
    private static final Set<String> OAUTH_ERRORS = Set.of("invalid_request", "invalid_client", "invalid_grant", "unauthorized_client",
            "unsupported_grant_type", "invalid_scope", "access_denied", "consent_required", "interaction_required", "login_required",
            "temporarily_unavailable", "server_error");

    private WeChatMetrics() {
    }

    /** The error as a login's {@code outcome}: one of the OAuth errors, else {@code server_error}. */
    public static String oauthError(String error) {
        return error != null && OAUTH_ERRORS.contains(error) ? error : "server_error";
    }

    /** A WeChat API call that took that long, and how it ended ({@link #SUCCESS}, {@code errcode}, {@code unavailable}, ...). */
    public static void apiCall(String api, String outcome, Duration took) {
        Timer.builder(API).description("WeChat and WeCom API calls").tag("api", api).tag("outcome", outcome)
                .register(registry()).record(took);
    }

    /** A WeChat API call that did not succeed, by its errcode ({@link #NO_ERRCODE}, {@link #OTHER_ERRCODE} or a known number). */
    public static void apiError(String api, String errcode) {
        Counter.builder(ERRORS).description("WeChat and WeCom API calls that failed, by errcode").tag("api", api)
                .tag("errcode", errcode).register(registry()).increment();
    }

    public static void accessTokenFetched(String provider) {
        Counter.builder(ACCESS_TOKEN_FETCHES).description("access_tokens fetched from WeChat or WeCom").tag("provider", provider)
                .register(registry()).increment();
    }

    /** A code login, {@link #SUCCESS} or the OAuth error it was refused with; {@code first}: a first login (a new user or link). */
    public static void login(String provider, String outcome, boolean first) {
        Counter.builder(LOGINS).description("Mini-program code logins").tag("provider", provider).tag("outcome", outcome)
                .tag("first", Boolean.toString(first)).register(registry()).increment();
    }

    /** A refusal of the guardian policy: {@code curfew}, {@code daily_limit}, {@code unknown_age}, {@code consent_required}, {@code unavailable}. */
    public static void guardianRefusal(String reason) {
        Counter.builder(GUARDIAN_REFUSALS).description("Logins and tokens the guardian policy refused").tag("reason", reason)
                .register(registry()).increment();
    }

    /** A request turned away by an abuse limit (its counter's name). */
    public static void rateLimited(String limit) {
        Counter.builder(RATE_LIMITED).description("Requests turned away by an abuse limit").tag("limit", limit)
                .register(registry()).increment();
    }

    /** Keycloak's registry: Micrometer's global one, as Keycloak's own meters use. */
    private static MeterRegistry registry() {
        return Metrics.globalRegistry;
    }
}
