package dev.kcwechat.minors.policy;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;

/**
 * The age brackets minors' rules in China draw, from a {@code birthdate} (YYYY-MM-DD) and the date
 * today in the policy's time zone. Each boundary comes from a rule:
 * <ul>
 * <li>{@link #UNDER_14}: PIPL art. 28/31, a child's personal information is sensitive and needs a
 *     guardian's consent;</li>
 * <li>{@link #FROM_14_TO_15} and {@link #FROM_16_TO_17}: the minor-mode guidelines give 16 and 17
 *     year olds a longer daily time than younger minors;</li>
 * <li>{@link #ADULT}: 18, the age of majority (Civil Code art. 17);</li>
 * <li>{@link #UNKNOWN}: no birthdate, one that is not a real date, or one in the future.</li>
 * </ul>
 * Ages are counted in completed years of the Gregorian calendar: one is N on one's Nth birthday.
 * Someone born on 29 February turns N on 1 March in years without a 29 February.
 */
public enum AgeBracket {
    UNDER_14("under_14"),
    FROM_14_TO_15("14_to_15"),
    FROM_16_TO_17("16_to_17"),
    ADULT("adult"),
    UNKNOWN("unknown");

    /** The user attribute brackets are counted from: the birthdate, {@code YYYY-MM-DD}. */
    public static final String BIRTHDATE_ATTRIBUTE = "birthdate";

    private static final DateTimeFormatter BIRTHDATE = DateTimeFormatter.ofPattern("uuuu-MM-dd").withResolverStyle(ResolverStyle.STRICT);

    private final String claimValue;

    AgeBracket(String claimValue) {
        this.claimValue = claimValue;
    }

    /** The value of the {@code age_bracket} claim. */
    public String claimValue() {
        return claimValue;
    }

    public boolean isMinor() {
        return this == UNDER_14 || this == FROM_14_TO_15 || this == FROM_16_TO_17;
    }

    /** The bracket of someone with that birthdate at that instant, in the policy's time zone (whose date it is there). */
    public static AgeBracket of(String birthdate, Instant now, ZoneId zone) {
        return of(birthdate, LocalDate.ofInstant(now, zone));
    }

    /** The bracket of someone with that birthdate (user attribute value, may be null) on {@code today}. */
    public static AgeBracket of(String birthdate, LocalDate today) {
        LocalDate born = parse(birthdate);
        if (born == null || born.isAfter(today)) {
            return UNKNOWN;
        }
        int years = Period.between(born, today).getYears();
        if (years < 14) {
            return UNDER_14;
        }
        if (years < 16) {
            return FROM_14_TO_15;
        }
        return years < 18 ? FROM_16_TO_17 : ADULT;
    }

    private static LocalDate parse(String birthdate) {
        if (birthdate == null) {
            return null;
        }
        try {
            return LocalDate.parse(birthdate.trim(), BIRTHDATE);
        } catch (DateTimeException e) {
            return null;
        }
    }
}
