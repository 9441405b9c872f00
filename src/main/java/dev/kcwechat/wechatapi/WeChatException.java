package dev.kcwechat.wechatapi;

/**
 * A call to the WeChat server API failed. The message never contains an AppSecret, a session_key
 * or a request URL (URLs carry the secret as a query parameter).
 */
public final class WeChatException extends RuntimeException {

    /** errcode value used when WeChat gave no errcode at all (timeouts, garbage bodies). */
    public static final int NO_ERRCODE = Integer.MIN_VALUE;

    private final WeChatFailure failure;
    private final int errcode;

    public WeChatException(WeChatFailure failure, int errcode, String message) {
        super(message, null, false, false);
        this.failure = failure;
        this.errcode = errcode;
    }

    static WeChatException unavailable(String message) {
        return new WeChatException(WeChatFailure.UNAVAILABLE, NO_ERRCODE, message);
    }

    public WeChatFailure failure() {
        return failure;
    }

    /** WeChat's errcode, or {@link #NO_ERRCODE}. */
    public int errcode() {
        return errcode;
    }
}
