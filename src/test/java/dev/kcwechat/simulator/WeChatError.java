package dev.kcwechat.simulator;

/** A WeChat error answer ({@code {"errcode":N,"errmsg":"..."}}), thrown by the endpoint handlers. */
final class WeChatError extends RuntimeException {

    static final int SYSTEM_BUSY = -1;
    static final int INVALID_CREDENTIAL = 40001;
    static final int INVALID_GRANT_TYPE = 40002;
    static final int INVALID_OPENID = 40003;
    static final int INVALID_APPID = 40013;
    static final int INVALID_CODE = 40029;
    static final int INVALID_URL = 40066;
    static final int INVALID_APPSECRET = 40125;
    static final int CODE_USED = 40163;
    static final int HIGH_RISK_USER = 40226;
    static final int ACCESS_TOKEN_MISSING = 41001;
    static final int APPID_MISSING = 41002;
    static final int APPSECRET_MISSING = 41004;
    static final int CODE_MISSING = 41008;
    static final int OPENID_MISSING = 41009;
    static final int ACCESS_TOKEN_EXPIRED = 42001;
    static final int REQUIRE_POST = 43002;
    static final int DAILY_QUOTA = 45009;
    static final int MINUTE_QUOTA = 45011;
    static final int DATA_FORMAT_ERROR = 47001;
    /** The token's scope does not allow the call, e.g. /sns/userinfo with a snsapi_base token. */
    static final int API_UNAUTHORIZED = 48001;
    /** getuserriskrank: WeChat has no recent visit of the user to the app. */
    static final int USER_NOT_ACTIVE = 61010;
    static final int INVALID_SIGNATURE = 87009;

    private static final long serialVersionUID = 1L;

    private final int errcode;

    WeChatError(int errcode) {
        super(messageFor(errcode), null, false, false);
        this.errcode = errcode;
    }

    int errcode() {
        return errcode;
    }

    /** WeChat's own errmsg texts (without the trailing " rid: ..."). */
    static String messageFor(int errcode) {
        return switch (errcode) {
            case SYSTEM_BUSY -> "system error";
            case INVALID_CREDENTIAL -> "invalid credential, access_token is invalid or not latest";
            case INVALID_GRANT_TYPE -> "invalid grant_type";
            case INVALID_OPENID -> "invalid openid";
            case INVALID_APPID -> "invalid appid";
            case INVALID_CODE -> "invalid code";
            case INVALID_URL -> "invalid url";
            case INVALID_APPSECRET -> "invalid appsecret";
            case CODE_USED -> "code been used";
            case HIGH_RISK_USER -> "code blocked";
            case ACCESS_TOKEN_MISSING -> "access_token missing";
            case APPID_MISSING -> "appid missing";
            case APPSECRET_MISSING -> "appsecret missing";
            case CODE_MISSING -> "missing code";
            case OPENID_MISSING -> "missing openid";
            case ACCESS_TOKEN_EXPIRED -> "access_token expired";
            case REQUIRE_POST -> "require POST method";
            case DAILY_QUOTA -> "reach max api daily quota limit";
            case MINUTE_QUOTA -> "api minute-quota reach limit  mustslower  retry next minute";
            case DATA_FORMAT_ERROR -> "data format error";
            case API_UNAUTHORIZED -> "api unauthorized";
            case USER_NOT_ACTIVE -> "code is expired";
            case INVALID_SIGNATURE -> "invalid signature";
            default -> "simulated error " + errcode;
        };
    }
}
