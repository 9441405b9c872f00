package dev.kcwechat.testing;

import dev.kcwechat.testing.clock.RealmAttributeClockFactory;
import java.nio.file.Path;
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
    /** System property naming the JAR of the tests' guardian-policy clock ({@code RealmAttributeClockFactory}). */
    public static final String CLOCK_JAR_PROPERTY = "test.clock.jar";

    private PolicyTime() {
    }

    /** The JAR of the tests' clock, to deploy beside the extension's: realms' attributes and this run's time move it. */
    public static Path clockJar() {
        String jar = System.getProperty(CLOCK_JAR_PROPERTY);
        if (jar == null) {
            throw new IllegalStateException("System property " + CLOCK_JAR_PROPERTY + " is not set: run with 'mvn verify'");
        }
        return Path.of(jar);
    }

    /**
     * The Keycloak JVM's options ({@code JAVA_OPTS_APPEND}) that pin the tests' clock of every realm
     * to this run's time, if the property names one (said on the console); empty otherwise.
     */
    public static String serverJavaOptions() {
        return ofRun().map(instant -> {
            System.out.println("The guardian policy's clock stands at " + instant.atZone(SHANGHAI).toLocalDateTime()
                    + " in Shanghai (" + PROPERTY + ") in every realm whose test does not pin its own");
            return "-D" + RealmAttributeClockFactory.RUN_PROPERTY + "=" + instant;
        }).orElse("");
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
