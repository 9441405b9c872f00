package dev.kcwechat.minors.policy;

import dev.kcwechat.common.ConfigChoice;

/** Who may act as a child's guardian (config key {@code guardianVerification}). */
public enum GuardianVerification {
    /**
     * An adult by a birthdate the user cannot edit themselves (default): an admin, an import or an
     * upstream identity provider set it. A guardian an admin linked to the child also qualifies.
     */
    TRUSTED_ADULT("trusted-adult"),
    /** Only a guardian an admin linked to that child. */
    REGISTERED("registered");

    private final String configValue;

    GuardianVerification(String configValue) {
        this.configValue = configValue;
    }

    public String configValue() {
        return configValue;
    }

    /** Parses a config value; null or blank means {@link #TRUSTED_ADULT}. */
    public static GuardianVerification fromConfig(String value) {
        return ConfigChoice.parse("guardianVerification", value, values(), GuardianVerification::configValue, TRUSTED_ADULT);
    }
}
