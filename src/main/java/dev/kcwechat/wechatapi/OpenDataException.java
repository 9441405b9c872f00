package dev.kcwechat.wechatapi;

/** Open data (encryptedData, rawData) that cannot be trusted; the message is safe to show the caller. */
public final class OpenDataException extends RuntimeException {

    /** Why the data was refused. */
    public enum Reason {
        /** Not base64, or a key, IV or ciphertext of the wrong length. */
        MALFORMED,
        /** Does not decrypt with the session's key: usually wx.login() ran again and rotated it. */
        UNDECRYPTABLE,
        /** Decrypts, but its watermark names another mini-program. */
        WRONG_APPID
    }

    private final Reason reason;

    public OpenDataException(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
