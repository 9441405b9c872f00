package dev.kcwechat.email;

import dev.kcwechat.common.ConfigChoice;

/** What a verified e-mail address that another account already has does (provider setting {@code emailConflict}). */
public enum EmailConflict {
    /** Refuse: 409 {@code conflict}, nothing changes. */
    REJECT("reject"),
    /**
     * The code proved the address as a password reset would: the WeChat identity moves to the one
     * account with that address verified, under the phone rules' restrictions; otherwise as {@link #REJECT}.
     */
    LINK("link");

    public static final String KEY = "emailConflict";

    private final String configValue;

    EmailConflict(String configValue) {
        this.configValue = configValue;
    }

    public String configValue() {
        return configValue;
    }

    /** Parses a config value; null or blank means {@link #REJECT}. */
    public static EmailConflict fromConfig(String value) {
        return ConfigChoice.parse(KEY, value, values(), EmailConflict::configValue, REJECT);
    }
}
