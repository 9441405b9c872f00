package dev.kcwechat.common;

/** Parses whole-number config values within bounds; blank means the default. */
public final class ConfigNumbers {

    private ConfigNumbers() {
    }

    /**
     * @throws IllegalArgumentException naming the key, the bounds and the bad value
     */
    public static int parse(String key, String value, int min, int max, int defaultValue) {
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        int number;
        try {
            number = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            number = min - 1;
        }
        if (number < min || number > max) {
            throw new IllegalArgumentException(key + " must be a whole number from " + min + " to " + max + "; got '" + value + "'");
        }
        return number;
    }
}
