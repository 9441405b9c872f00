package dev.kcwechat.login;

import dev.kcwechat.common.ConfigChoice;

/** What to do with a verified phone number that another user already has (mapper setting {@code conflict}). */
public enum PhoneConflict {
    /** Refuse: the login (or the binding) fails with a clear error. */
    REJECT("reject"),
    /**
     * At a first login, link this WeChat identity to the one user who has that number, verified
     * (accounts an admin or an HR import provisioned); otherwise as {@link #REJECT}.
     */
    LINK("link"),
    /** Go on without storing the number on this user. */
    IGNORE("ignore");

    private final String configValue;

    PhoneConflict(String configValue) {
        this.configValue = configValue;
    }

    public String configValue() {
        return configValue;
    }

    /** Parses a config value; null or blank means {@link #REJECT}. */
    public static PhoneConflict fromConfig(String value) {
        return ConfigChoice.parse("conflict", value, values(), PhoneConflict::configValue, REJECT);
    }
}
