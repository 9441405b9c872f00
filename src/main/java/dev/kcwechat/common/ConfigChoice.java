package dev.kcwechat.common;

import java.util.Arrays;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Parses a config value that must be one of an enum's spellings: blank means the default, anything else unknown is refused. */
public final class ConfigChoice {

    private ConfigChoice() {
    }

    /**
     * @throws IllegalArgumentException naming the key, the allowed values and the bad value
     */
    public static <E extends Enum<E>> E parse(String key, String value, E[] choices, Function<E, String> spelling, E defaultChoice) {
        if (value == null || value.isBlank()) {
            return defaultChoice;
        }
        return Arrays.stream(choices).filter(choice -> spelling.apply(choice).equals(value.trim())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(key + " must be one of "
                        + Arrays.stream(choices).map(spelling).collect(Collectors.joining(", ")) + "; got '" + value + "'"));
    }
}
