package dev.kcwechat.wechatapi;

/** A WeChat access_token and how many seconds it is valid for; {@link #toString()} hides the token. */
public record AccessToken(String value, long expiresInSeconds) {

    @Override
    public String toString() {
        return "AccessToken[value=<hidden>, expiresInSeconds=" + expiresInSeconds + "]";
    }
}
