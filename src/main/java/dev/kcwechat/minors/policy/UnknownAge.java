package dev.kcwechat.minors.policy;

import dev.kcwechat.common.ConfigChoice;

/** How a user of unknown age is treated (config key {@code unknownAge}). */
public enum UnknownAge {
    /** As an adult. */
    ALLOW("allow"),
    /** As a minor (default): the cautious reading where the law protects minors. */
    MINOR("minor"),
    /** Not at all: the policy refuses the login. */
    DENY("deny");

    private final String configValue;

    UnknownAge(String configValue) {
        this.configValue = configValue;
    }

    public String configValue() {
        return configValue;
    }

    /** Whether a user of that bracket is under guardian rules ({@code guardian_mode}). */
    public boolean guardianMode(AgeBracket bracket) {
        return bracket == AgeBracket.UNKNOWN ? this != ALLOW : bracket.isMinor();
    }

    /** Parses a config value; null or blank means {@link #MINOR}. */
    public static UnknownAge fromConfig(String value) {
        return ConfigChoice.parse("unknownAge", value, values(), UnknownAge::configValue, MINOR);
    }
}
