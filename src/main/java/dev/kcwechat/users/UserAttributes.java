package dev.kcwechat.users;

import org.keycloak.models.UserModel;

/** Attributes a provider keeps on its users, written only when they change: a returning login with the same ids writes nothing. */
public final class UserAttributes {

    /**
     * The {@code <corpid>:<userid>} of the WeCom member whose leaving disabled this user: a login
     * of that member (the same person, or a new hire WeCom gave the userid to) is refused with that
     * reason until an administrator re-enables or deletes the user.
     */
    public static final String WECOM_OFFBOARDED = "wecom_offboarded";

    /**
     * The privacy policy version the user last accepted (the provider's {@code privacyPolicyVersion}):
     * a returning login reads no record, and a record names the version in force.
     */
    public static final String PRIVACY_VERSION = "wechat_privacy_version";

    private UserAttributes() {
    }

    /** Sets the attribute to the value, unless the value is null or the user already has it. */
    public static void setIfChanged(UserModel user, String attribute, Object value) {
        if (value instanceof String text && !text.equals(user.getFirstAttribute(attribute))) {
            user.setSingleAttribute(attribute, text);
        }
    }
}
