package dev.kcwechat.login;

/**
 * The names a code login writes under: keys of the brokered identity's context data, user session
 * notes and claims. The grant reads and writes them through these names, whatever the provider.
 */
public final class LoginNotes {

    /** The unionid: user attribute, brokered-context key and claim name. */
    public static final String UNIONID = "wechat_unionid";
    /** The openid in the mini-program signed in with: brokered-context key, user session note and claim name. */
    public static final String OPENID = "wechat_openid";
    /** Brokered-context key of the verified phone number in E.164, when the login had a phone_code. */
    public static final String PHONE = "wechat_phone";
    /** Context data of a login: the privacy policy version the user accepted (provider setting privacyPolicyVersion), or absent. */
    public static final String PRIVACY_VERSION = "wechat_privacy_version";

    private LoginNotes() {
    }
}
