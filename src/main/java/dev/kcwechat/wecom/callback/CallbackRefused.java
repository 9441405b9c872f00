package dev.kcwechat.wecom.callback;

import jakarta.ws.rs.core.Response;

/** Why a callback was refused: its HTTP status and the error its event records. Nothing was changed. */
final class CallbackRefused extends RuntimeException {

    static final String NOT_CONFIGURED = "callback_not_configured";
    static final String INVALID_REQUEST = "invalid_request";
    static final String STALE_TIMESTAMP = "stale_timestamp";
    static final String INVALID_SIGNATURE = "invalid_signature";
    static final String REPLAYED = "replayed_nonce";
    static final String INVALID_MESSAGE = "invalid_message";
    static final String WRONG_CORP = "wrong_corp";
    static final String UNAVAILABLE = "temporarily_unavailable";

    private final Response.Status status;
    private final String error;

    CallbackRefused(Response.Status status, String error, String description) {
        super(description, null, false, false);
        this.status = status;
        this.error = error;
    }

    Response.Status status() {
        return status;
    }

    String error() {
        return error;
    }
}
