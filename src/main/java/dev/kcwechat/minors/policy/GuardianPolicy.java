package dev.kcwechat.minors.policy;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The settings of one {@code wechat-guardian-policy} execution, typed, and what they say about a
 * login or a refresh. A key that is absent takes its default. {@code curfew} and {@code dailyMinutes}
 * set to {@value #OFF} turn that rule off; so does an empty value, where one survives (a realm
 * import): Keycloak's admin API and console drop empty config values, so "empty" cannot be saved there.
 *
 * @param curfew        the night window in which minors may not sign in; empty: none
 * @param zone          whose clock and calendar the curfew, the day's budget and birthdays follow
 * @param dailyMinutes  minutes a day per minor bracket; empty: no limit
 * @param consentUnder14 whether a child under 14 needs a guardian's consent
 * @param unknownAge    how a user without a valid birthdate is treated
 * @param consentRetentionDays how long consent records are kept at least
 * @param guardianVerification who may act as a child's guardian
 * @param guardianClients the clients whose access tokens the guardian API accepts
 */
public record GuardianPolicy(Optional<Curfew> curfew, ZoneId zone, Optional<DailyMinutes> dailyMinutes, boolean consentUnder14,
                             UnknownAge unknownAge, int consentRetentionDays, GuardianVerification guardianVerification,
                             Set<String> guardianClients) {

    /** The client-policy executor whose configuration holds these settings, and the authenticator that applies them at login. */
    public static final String PROVIDER_ID = "wechat-guardian-policy";

    public static final String CURFEW = "curfew";
    public static final String TIME_ZONE = "timeZone";
    public static final String DAILY_MINUTES = "dailyMinutes";
    public static final String CONSENT_UNDER_14 = "consentUnder14";
    public static final String UNKNOWN_AGE = "unknownAge";
    public static final String CONSENT_RETENTION_DAYS = "consentRetentionDays";
    public static final String GUARDIAN_VERIFICATION = "guardianVerification";
    public static final String GUARDIAN_CLIENTS = "guardianClients";
    /** The public client guardians sign in to the consent and guardian pages with; its tokens always reach the guardian API. */
    public static final String CONSENT_CLIENT_ID = "wechat-guardian-consent";

    /** The member of a refusal and the event detail that say which rule refused: {@link Verdict#policy()}. */
    public static final String GUARDIAN_POLICY = "guardian_policy";
    /** The value of {@code curfew} and {@code dailyMinutes} that turns the rule off. */
    public static final String OFF = "off";
    public static final String DEFAULT_TIME_ZONE = "Asia/Shanghai";
    /** Three years: the longest keeping period of the sector rules (medical mini-programs). */
    public static final int MIN_RETENTION_DAYS = 1095;

    /** Why a minor may not go on; each is the {@code guardian_policy} member of the error. */
    public enum Verdict {
        ALLOW(null), CURFEW("curfew"), DAILY_LIMIT("daily_limit"), CONSENT_REQUIRED("consent_required"), UNKNOWN_AGE("unknown_age");

        private final String policy;

        Verdict(String policy) {
            this.policy = policy;
        }

        /** The value of {@code guardian_policy}. */
        public String policy() {
            return policy;
        }
    }

    /** The defaults of the contract: 22:00-06:00 in Asia/Shanghai, 60/60/120 minutes, consent under 14, unknown age as a minor. */
    public static GuardianPolicy defaults() {
        return fromConfig(Map.of());
    }

    /**
     * @param config an authenticator config's map; null means all defaults
     * @throws IllegalArgumentException naming the key and the bad value
     */
    public static GuardianPolicy fromConfig(Map<String, String> config) {
        Map<String, String> values = config == null ? Map.of() : config;
        return new GuardianPolicy(
                Curfew.fromConfig(values.getOrDefault(CURFEW, Curfew.DEFAULT)),
                zone(values.get(TIME_ZONE)),
                DailyMinutes.fromConfig(values.getOrDefault(DAILY_MINUTES, DailyMinutes.DEFAULT)),
                bool(CONSENT_UNDER_14, values.get(CONSENT_UNDER_14), true),
                UnknownAge.fromConfig(values.get(UNKNOWN_AGE)),
                retentionDays(values.get(CONSENT_RETENTION_DAYS)),
                GuardianVerification.fromConfig(values.get(GUARDIAN_VERIFICATION)),
                clients(values.get(GUARDIAN_CLIENTS)));
    }

    /** Whether the guardian API accepts an access token issued to that client: the consent client's, or one the settings list. */
    public boolean acceptsGuardianTokensOf(String clientId) {
        return CONSENT_CLIENT_ID.equals(clientId) || guardianClients.contains(clientId);
    }

    /** The user's bracket today in the policy's zone. */
    public AgeBracket bracket(String birthdate, Instant now) {
        return AgeBracket.of(birthdate, now, zone);
    }

    /** The budget's day of an instant: its date in the policy's zone. */
    public LocalDate today(Instant now) {
        return DailyMinutes.day(now, zone);
    }

    /** Whether the policy's rules apply to a user of that bracket at all. */
    public boolean governs(AgeBracket bracket) {
        return unknownAge.guardianMode(bracket);
    }

    /** The day's budget in seconds for that bracket, if limited. */
    public OptionalInt budgetSeconds(AgeBracket bracket) {
        if (!governs(bracket) || dailyMinutes.isEmpty()) {
            return OptionalInt.empty();
        }
        OptionalInt minutes = dailyMinutes.get().limitFor(bracket, unknownAge);
        return minutes.isPresent() ? OptionalInt.of(minutes.getAsInt() * 60) : OptionalInt.empty();
    }

    /** The day's budget in seconds for that bracket with a guardian's own minutes, if limited: the smaller applies. */
    public OptionalInt budgetSeconds(AgeBracket bracket, ChildLimits child) {
        OptionalInt realm = budgetSeconds(bracket);
        if (!governs(bracket) || child.dailyMinutes().isEmpty()) {
            return realm;
        }
        int own = child.dailyMinutes().getAsInt() * 60;
        return OptionalInt.of(realm.isPresent() ? Math.min(realm.getAsInt(), own) : own);
    }

    /** Whether that bracket needs a guardian's consent: under 14, or unknown when unknown counts as a minor. */
    public boolean needsConsent(AgeBracket bracket) {
        return consentUnder14 && (bracket == AgeBracket.UNDER_14 || (bracket == AgeBracket.UNKNOWN && unknownAge == UnknownAge.MINOR));
    }

    /**
     * What the policy says now.
     *
     * @param usedSeconds the time the user has already spent today, across sessions
     * @param consented   whether a guardian's consent for this client is on record
     */
    public Verdict check(AgeBracket bracket, Instant now, long usedSeconds, boolean consented) {
        return check(bracket, now, usedSeconds, consented, ChildLimits.NONE);
    }

    /**
     * What the policy says now for a child whose guardian set their own limits: the stricter of the
     * realm's and the guardian's curfew and minutes apply.
     */
    public Verdict check(AgeBracket bracket, Instant now, long usedSeconds, boolean consented, ChildLimits child) {
        if (bracket == AgeBracket.UNKNOWN && unknownAge == UnknownAge.DENY) {
            return Verdict.UNKNOWN_AGE;
        }
        if (!governs(bracket)) {
            return Verdict.ALLOW;
        }
        if (curfew.isPresent() && curfew.get().covers(now, zone) || child.curfew().isPresent() && child.curfew().get().covers(now, zone)) {
            return Verdict.CURFEW;
        }
        OptionalInt budget = budgetSeconds(bracket, child);
        if (budget.isPresent() && usedSeconds >= budget.getAsInt()) {
            return Verdict.DAILY_LIMIT;
        }
        if (needsConsent(bracket) && !consented) {
            return Verdict.CONSENT_REQUIRED;
        }
        return Verdict.ALLOW;
    }

    /**
     * The part of a stretch of activity that counts for today's budget: from the last time the
     * session was seen, at most {@code cap} back (longer gaps mean the app was closed), never before
     * today's midnight in the policy's zone.
     */
    public long creditSeconds(Instant lastSeen, Instant now, Duration cap) {
        Instant midnight = DailyMinutes.day(now, zone).atStartOfDay(zone).toInstant();
        Instant from = lastSeen;
        if (from.isBefore(now.minus(cap))) {
            from = now.minus(cap);
        }
        if (from.isBefore(midnight)) {
            from = midnight;
        }
        return Math.max(0, Duration.between(from, now).getSeconds());
    }

    /** Whether a {@code curfew} or {@code dailyMinutes} value turns its rule off: {@value #OFF} in any case, or blank. */
    static boolean isOff(String value) {
        return value == null || value.isBlank() || OFF.equalsIgnoreCase(value.trim());
    }

    private static Set<String> clients(String value) {
        if (value == null || value.isBlank()) {
            return Set.of();
        }
        return Arrays.stream(value.split("[,\\s]+")).filter(id -> !id.isBlank()).collect(Collectors.toUnmodifiableSet());
    }

    private static ZoneId zone(String value) {
        try {
            return ZoneId.of(value == null || value.isBlank() ? DEFAULT_TIME_ZONE : value.trim());
        } catch (DateTimeException e) {
            throw new IllegalArgumentException(TIME_ZONE + " must be an IANA time zone such as " + DEFAULT_TIME_ZONE + "; got '" + value + "'");
        }
    }

    private static boolean bool(String key, String value, boolean defaultValue) {
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        return switch (value.trim()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(key + " must be true or false; got '" + value + "'");
        };
    }

    private static int retentionDays(String value) {
        if (value == null || value.isBlank()) {
            return MIN_RETENTION_DAYS;
        }
        try {
            int days = Integer.parseInt(value.trim());
            if (days >= MIN_RETENTION_DAYS) {
                return days;
            }
        } catch (NumberFormatException e) {
            // falls through to the message below
        }
        throw new IllegalArgumentException(CONSENT_RETENTION_DAYS + " must be a number of days, at least " + MIN_RETENTION_DAYS
                + " (three years); got '" + value + "'");
    }
}
