package dev.kcwechat.simulator;

/**
 * WeCom's errcodes and errmsg texts (企业微信全局错误码). WeCom endpoints throw them as a
 * {@link WeChatError} of that errcode; {@link WeComApi#error} writes them with WeCom's texts, hint
 * and caller IP instead of WeChat's.
 */
final class WeComErrors {

    static final int SYSTEM_BUSY = WeChatError.SYSTEM_BUSY;
    /** gettoken: the corpsecret is not one of the corp's apps'. */
    static final int INVALID_CREDENTIAL = 40001;
    static final int INVALID_CORPID = 40013;
    /** An access_token WeCom does not know (never issued, or invalidated). */
    static final int INVALID_ACCESS_TOKEN = 40014;
    /** A code (wx.qy.login's or the OAuth pages') unknown, of another corp or app, expired or used. */
    static final int INVALID_CODE = 40029;
    static final int INVALID_PARAMETER = 40058;
    static final int ACCESS_TOKEN_MISSING = 41001;
    static final int CORPID_MISSING = 41002;
    static final int CORPSECRET_MISSING = 41004;
    static final int CODE_MISSING = 41008;
    static final int USERID_MISSING = 41009;
    static final int ACCESS_TOKEN_EXPIRED = 42001;
    static final int API_FREQ_OUT_OF_LIMIT = 45009;
    /** A body that is not the JSON object the endpoint wants. */
    static final int DATA_FORMAT_ERROR = 47001;
    /** getuserinfo: the code's redirect_uri is not on the trusted domain of the token's app. */
    static final int REDIRECT_URL_NOT_TRUSTED = 50001;
    /** user/get: the member is outside the app's visible range. */
    static final int NO_PRIVILEGE = 60011;
    static final int USERID_NOT_FOUND = 60111;

    private WeComErrors() {
    }

    /** WeCom's own errmsg texts, before ", hint: [...], from ip: ..., more info at ...". */
    static String messageFor(int errcode) {
        return switch (errcode) {
            case SYSTEM_BUSY -> "system busy";
            case INVALID_CREDENTIAL -> "invalid credential";
            case INVALID_CORPID -> "invalid corpid";
            case INVALID_ACCESS_TOKEN -> "invalid access_token";
            case INVALID_CODE -> "invalid code";
            case INVALID_PARAMETER -> "invalid Request Parameter";
            case ACCESS_TOKEN_MISSING -> "access_token missing";
            case CORPID_MISSING -> "corpid missing";
            case CORPSECRET_MISSING -> "corpsecret missing";
            case CODE_MISSING -> "missing code";
            case USERID_MISSING -> "missing userid";
            case ACCESS_TOKEN_EXPIRED -> "access_token expired";
            case API_FREQ_OUT_OF_LIMIT -> "api freq out of limit";
            case DATA_FORMAT_ERROR -> "data format error";
            case REDIRECT_URL_NOT_TRUSTED -> "redirect_url not in the app's trusted domain";
            case NO_PRIVILEGE -> "no privilege to access/modify contact/party/agent ";
            case USERID_NOT_FOUND -> "userid not found";
            default -> "simulated error " + errcode;
        };
    }
}
