package dev.kcwechat.testing;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The time of day a test run's Keycloak shows the guardian policy in every realm whose test does not
 * pin its own clock: {@code -Dkcwechat.policyTime=HH:MM[:SS]} (Shanghai time, the latest such moment
 * up to now) or an ISO-8601 instant. Unset: the real time. Running the time-dependent tests (tag
 * {@value #TAG}) at several such times shows that none of them depends on the machine's clock.
 */
public final class PolicyTime {

    public static final String PROPERTY = "kcwechat.policyTime";
    /** JUnit tag of the integration tests whose outcome would depend on the time of day if they did not pin the policy's clock. */
    public static final String TAG = "time-of-day";
    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    private PolicyTime() {
    }

    /**
     * The options of a Keycloak JVM whose guardian policy tests may pin ({@code JAVA_OPTS_APPEND}): the
     * test clock honoured per realm and, if this run's property names a time, pinned there for all
     * realms (said on the console).
     */
    public static String serverJavaOptions() {
        StringBuilder options = new StringBuilder("-Dkcwechat.testClock=true");
        ofRun().ifPresent(instant -> {
            System.out.println("The guardian policy's clock stands at " + instant.atZone(SHANGHAI).toLocalDateTime()
                    + " in Shanghai (" + PROPERTY + ") in every realm whose test does not pin its own");
            options.append(" -Dkcwechat.testClock.instant=").append(instant);
        });
        return options.toString();
    }

    /** The instant the run's property names, if it names one. */
    public static Optional<Instant> ofRun() {
        return parse(System.getProperty(PROPERTY), Instant.now());
    }

    /**
     * @param value HH:MM[:SS] in Shanghai, or an ISO-8601 instant; blank: none
     * @param now   the real time: a time of day is its latest occurrence up to then
     */
    static Optional<Instant> parse(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String trimmed = value.trim();
        try {
            if (trimmed.contains("T")) {
                return Optional.of(Instant.parse(trimmed));
            }
            LocalTime time = LocalTime.parse(trimmed);
            ZonedDateTime today = LocalDate.ofInstant(now, SHANGHAI).atTime(time).atZone(SHANGHAI);
            return Optional.of((today.toInstant().isAfter(now) ? today.minusDays(1) : today).toInstant());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(PROPERTY + " must be HH:MM[:SS] (Shanghai time) or an ISO-8601 instant; got '" + value + "'", e);
        }
    }
}
