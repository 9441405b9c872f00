package dev.kcwechat.wechatapi;

/**
 * WeChat's answer to code2Session. {@code unionid} is null when the mini-program is not bound to a
 * WeChat Open Platform account. {@code sessionKey} must stay on the server: {@link #toString()}
 * leaves it out so it cannot reach a log line by accident.
 */
public record Code2Session(String openid, String unionid, String sessionKey) {

    public boolean hasUnionid() {
        return unionid != null && !unionid.isBlank();
    }

    @Override
    public String toString() {
        return "Code2Session[openid=" + openid + ", unionid=" + unionid + ", sessionKey=<hidden>]";
    }
}
