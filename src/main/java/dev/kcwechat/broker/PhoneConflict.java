package dev.kcwechat.broker;

import java.util.Arrays;

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

    public static PhoneConflict fromConfig(String value) {
        if (value == null || value.isBlank()) {
            return REJECT;
        }
        return Arrays.stream(values()).filter(p -> p.configValue.equals(value.trim())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("conflict must be reject, link or ignore; got '" + value + "'"));
    }
}
