package dev.kcwechat.minors.policy;

import java.time.LocalTime;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A guardian's own limits for their child, on top of the realm's policy: a curfew and minutes a
 * day. A guardian may only make the realm's policy stricter, never looser.
 *
 * @param curfew       the child's curfew; empty: the realm's
 * @param dailyMinutes the child's minutes a day, whatever their bracket; empty: the realm's
 */
public record ChildLimits(Optional<Curfew> curfew, OptionalInt dailyMinutes) {

    public static final ChildLimits NONE = new ChildLimits(Optional.empty(), OptionalInt.empty());

    public ChildLimits {
        if (dailyMinutes.isPresent() && (dailyMinutes.getAsInt() < 0 || dailyMinutes.getAsInt() > 24 * 60)) {
            throw new IllegalArgumentException("dailyMinutes must be 0 to 1440; got " + dailyMinutes.getAsInt());
        }
    }

    /**
     * Why these limits would loosen the realm's policy for a child of that bracket, or empty when
     * they keep it or make it stricter: a curfew must cover every minute the realm's covers, and
     * the minutes may not exceed the realm's.
     */
    public Optional<String> loosens(GuardianPolicy realm, AgeBracket bracket) {
        if (curfew.isPresent() && realm.curfew().isPresent() && !covers(curfew.get(), realm.curfew().get())) {
            return Optional.of("curfew must cover the realm's curfew " + realm.curfew().get().window());
        }
        OptionalInt realmBudget = realm.budgetSeconds(bracket);
        if (dailyMinutes.isPresent() && realmBudget.isPresent() && dailyMinutes.getAsInt() * 60 > realmBudget.getAsInt()) {
            return Optional.of("dailyMinutes may be at most the realm's " + realmBudget.getAsInt() / 60);
        }
        return Optional.empty();
    }

    /** Whether {@code outer} covers every minute of {@code inner}. */
    private static boolean covers(Curfew outer, Curfew inner) {
        for (int minute = 0; minute < 24 * 60; minute++) {
            LocalTime time = LocalTime.of(minute / 60, minute % 60);
            if (inner.covers(time) && !outer.covers(time)) {
                return false;
            }
        }
        return true;
    }
}
