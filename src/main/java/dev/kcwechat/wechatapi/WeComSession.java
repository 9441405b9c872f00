package dev.kcwechat.wechatapi;

/**
 * WeCom's answer to a WeCom mini-program's code: the member's corp and userid, and the
 * session_key, which stays on the server ({@link #toString()} leaves it out).
 */
public record WeComSession(String corpid, String userid, String sessionKey) {

    @Override
    public String toString() {
        return "WeComSession[corpid=" + corpid + ", userid=" + userid + ", sessionKey=<hidden>]";
    }
}
