package dev.kcwechat.minors.policy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The guardian policy's daily time per minor bracket (config key {@code dailyMinutes}: minutes for
 * {@code under_14,14_to_15,16_to_17}; the minor-mode guidelines' defaults are {@value #DEFAULT});
 * {@value GuardianPolicy#OFF} means no limit. A day is a calendar day in the policy's time zone:
 * the budget starts again at its midnight.
 */
public record DailyMinutes(int under14, int from14To15, int from16To17) {

    public static final String DEFAULT = "60,60,120";
    /** A day has 1440 minutes: a larger budget could never run out. */
    private static final int MAX = 1440;

    public DailyMinutes {
        for (int minutes : new int[] {under14, from14To15, from16To17}) {
            if (minutes < 0 || minutes > MAX) {
                throw new IllegalArgumentException("dailyMinutes must be three whole numbers of minutes from 0 to " + MAX);
            }
        }
    }

    /**
     * The day's minutes for a user of that bracket; none for adults, and for an unknown age unless
     * the policy treats it as a minor, then the strictest (under 14).
     */
    public OptionalInt limitFor(AgeBracket bracket, UnknownAge unknownAge) {
        return switch (bracket) {
            case UNDER_14 -> OptionalInt.of(under14);
            case FROM_14_TO_15 -> OptionalInt.of(from14To15);
            case FROM_16_TO_17 -> OptionalInt.of(from16To17);
            case ADULT -> OptionalInt.empty();
            case UNKNOWN -> unknownAge == UnknownAge.ALLOW ? OptionalInt.empty() : OptionalInt.of(under14);
        };
    }

    /** The budget's day of an instant: its date in the policy's time zone. */
    public static LocalDate day(Instant now, ZoneId zone) {
        return LocalDate.ofInstant(now, zone);
    }

    /**
     * Parses a config value: {@value GuardianPolicy#OFF} (or blank, where Keycloak keeps it) means no limit.
     *
     * @throws IllegalArgumentException naming the key, the accepted forms and the value
     */
    public static Optional<DailyMinutes> fromConfig(String value) {
        if (GuardianPolicy.isOff(value)) {
            return Optional.empty();
        }
        String[] parts = value.split(",", -1);
        try {
            if (parts.length == 3) {
                return Optional.of(new DailyMinutes(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()),
                        Integer.parseInt(parts[2].trim())));
            }
        } catch (IllegalArgumentException e) {
            // falls through to the message below
        }
        throw new IllegalArgumentException("dailyMinutes must be minutes for under_14,14_to_15,16_to_17 (e.g. " + DEFAULT
                + ", 0 to " + MAX + " each) or " + GuardianPolicy.OFF + "; got '" + value + "'");
    }
}
