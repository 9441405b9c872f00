package dev.kcwechat.login;

import dev.kcwechat.common.ConfigChoice;

/** What a login with a {@code phone_code} does when the phone number cannot be had (config key {@code phoneFailure}). */
public enum PhoneFailure {
    /** The login fails with a clear error and nothing is created (default). */
    FAIL_LOGIN("fail-login"),
    /** The login succeeds without the phone number; the failure is in the LOGIN event's {@code phone_error} detail. */
    CONTINUE("continue");

    private final String configValue;

    PhoneFailure(String configValue) {
        this.configValue = configValue;
    }

    public String configValue() {
        return configValue;
    }

    /** Parses a config value; null or blank means {@link #FAIL_LOGIN}. */
    public static PhoneFailure fromConfig(String value) {
        return ConfigChoice.parse("phoneFailure", value, values(), PhoneFailure::configValue, FAIL_LOGIN);
    }
}
