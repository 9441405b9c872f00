package dev.kcwechat.wechatapi;

/**
 * What went wrong when talking to WeChat, as far as a caller needs to know. Each WeChat errcode
 * the extension understands maps to exactly one kind; anything else is {@link #UNEXPECTED}.
 */
public enum WeChatFailure {
    /** 40029: the code is unknown to WeChat or has expired. */
    INVALID_CODE,
    /** 40163: the code was used before. */
    CODE_USED,
    /** 40226: WeChat blocked the code because the user is high-risk. */
    HIGH_RISK_USER,
    /** -1 (system busy) and 45011 (minute quota): try again later. */
    BUSY,
    /** No usable answer: connect or read timeout, I/O error, HTTP error, empty or non-JSON body. */
    UNAVAILABLE,
    /** 40013 / 40125 / 40243 / 40164: the AppID, AppSecret or server IP is not accepted. An admin must act. */
    BAD_CREDENTIALS,
    /** 40001 / 40014 / 42001: the WeChat access_token is invalid or expired. */
    ACCESS_TOKEN_INVALID,
    /** 87009: checksession's signature does not match the user's current session_key. */
    INVALID_SIGNATURE,
    /** The answer is for another mini-program: its {@code watermark.appid} is not this AppID. */
    WRONG_APPID,
    /** WeCom 60111 / 60011: the userid is not a member the app may see (unknown, or outside the app's visible range). */
    NOT_A_VISIBLE_MEMBER,
    /** Any errcode the extension does not know. */
    UNEXPECTED;

    /** The failure kind of a non-zero WeChat errcode. */
    public static WeChatFailure ofErrcode(int errcode) {
        return switch (errcode) {
            case 40029 -> INVALID_CODE;
            case 40163 -> CODE_USED;
            case 40226 -> HIGH_RISK_USER;
            case -1, 45011 -> BUSY;
            case 40013, 40125, 40243, 40164 -> BAD_CREDENTIALS;
            case 40001, 40014, 42001 -> ACCESS_TOKEN_INVALID;
            case 87009 -> INVALID_SIGNATURE;
            case 60111, 60011 -> NOT_A_VISIBLE_MEMBER;
            default -> UNEXPECTED;
        };
    }
}
