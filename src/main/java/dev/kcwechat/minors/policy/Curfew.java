package dev.kcwechat.minors.policy;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A night curfew of the guardian policy (config key {@code curfew}, {@code HH:MM-HH:MM} in the
 * policy's time zone, or {@value GuardianPolicy#OFF}; the minor-mode guidelines' default is
 * 22:00-06:00). The start is inside the curfew, the end is not; a window whose end is before its
 * start runs over midnight.
 */
public record Curfew(LocalTime start, LocalTime end) {

    public static final String DEFAULT = "22:00-06:00";
    private static final Pattern WINDOW = Pattern.compile("(\\d{2}:\\d{2})-(\\d{2}:\\d{2})");
    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm").withResolverStyle(ResolverStyle.STRICT);

    public Curfew {
        if (start.equals(end)) {
            throw new IllegalArgumentException("curfew must start and end at different times; got " + start + "-" + end);
        }
    }

    /** Whether a time of day is inside the curfew. */
    public boolean covers(LocalTime time) {
        return start.isBefore(end)
                ? !time.isBefore(start) && time.isBefore(end)
                : !time.isBefore(start) || time.isBefore(end);
    }

    /** Whether an instant is inside the curfew in that time zone. */
    public boolean covers(Instant now, ZoneId zone) {
        return covers(LocalTime.ofInstant(now, zone));
    }

    /** The window as configured, {@code HH:MM-HH:MM}. */
    public String window() {
        return start.format(HH_MM) + "-" + end.format(HH_MM);
    }

    /**
     * Parses a config value: {@value GuardianPolicy#OFF} (or blank, where Keycloak keeps it) means no curfew.
     *
     * @throws IllegalArgumentException naming the key, the accepted forms and the value
     */
    public static Optional<Curfew> fromConfig(String value) {
        if (GuardianPolicy.isOff(value)) {
            return Optional.empty();
        }
        Matcher matcher = WINDOW.matcher(value.trim());
        try {
            if (matcher.matches()) {
                return Optional.of(new Curfew(LocalTime.parse(matcher.group(1), HH_MM), LocalTime.parse(matcher.group(2), HH_MM)));
            }
        } catch (DateTimeParseException | IllegalArgumentException e) {
            // falls through to the message below
        }
        throw new IllegalArgumentException("curfew must be HH:MM-HH:MM (e.g. " + DEFAULT + ", two different times) or "
                + GuardianPolicy.OFF + "; got '" + value + "'");
    }
}
