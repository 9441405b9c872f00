package dev.kcwechat.wecom.callback;

/**
 * A callback from WeCom that cannot be trusted or read. The message says what was wrong with it,
 * never what it contained, and is safe to log.
 */
public final class WeComCallbackException extends Exception {

    /** Why the callback was refused. */
    public enum Reason {
        /** Not base64, not whole AES blocks, bad padding, a length that does not fit, or XML that is not WeCom's. */
        BAD_MESSAGE,
        /** Decrypts, but was encrypted for another corp (its receiveid is not ours). */
        WRONG_RECEIVER
    }

    private final Reason reason;

    public WeComCallbackException(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
