package dev.kcwechat.limits;

import dev.kcwechat.metrics.WeChatMetrics;
import java.util.Map;
import java.util.OptionalLong;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.SingleUseObjectProvider;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Fixed-window rate limits kept in Keycloak's clustered single-use store, so that every node of a
 * cluster counts against the same limit. An event takes a numbered slot of its window
 * ({@code putIfAbsent}, atomic across the cluster): slot {@code n} is the {@code n}-th event of the
 * window, and a subject whose slot {@code max} is taken is at its limit. Counting is exact; the
 * free slot is looked up with a binary search over reads, then claimed.
 */
public final class RateLimiter {

    private static final String KEY_PREFIX = "kcwechat:limit:";
    private static final String UNTIL = "until";

    private final SingleUseObjectProvider store;
    private final KeycloakSessionFactory sessionFactory;
    private final String realmId;

    public RateLimiter(KeycloakSession session) {
        this.store = session.singleUseObjects();
        this.sessionFactory = session.getKeycloakSessionFactory();
        this.realmId = session.getContext().getRealm().getId();
    }

    /**
     * Whether a subject is at its limit, without counting anything.
     *
     * @return the seconds until its window ends when it is, else empty
     */
    public OptionalLong retryAfter(String counter, String subject, RateLimit limit) {
        if (limit.isOff()) {
            return OptionalLong.empty();
        }
        long now = Time.currentTime();
        if (!store.contains(slot(counter, subject, limit, now, limit.max()))) {
            return OptionalLong.empty();
        }
        WeChatMetrics.rateLimited(counter);
        return OptionalLong.of(limit.secondsLeft(now));
    }

    /**
     * Turns a subject away from a kind of request until {@code seconds} have passed, whatever the
     * limit that was reached: {@link #shutOutFor} then answers with one read, before the request
     * looks anything else up.
     */
    public void shutOut(String kind, String subject, long seconds) {
        if (seconds <= 0) {
            return;
        }
        String key = shutOutKey(kind, subject);
        Map<String, String> marker = Map.of(UNTIL, Long.toString(Time.currentTime() + seconds));
        // the store's put waits for the transaction, which the refusal that follows rolls back: it gets one of its own
        KeycloakModelUtils.runJobInTransaction(sessionFactory, own -> own.singleUseObjects().put(key, seconds, marker));
    }

    /** @return the seconds a subject is still turned away from a kind of request, else empty */
    public OptionalLong shutOutFor(String kind, String subject) {
        Map<String, String> marker = store.get(shutOutKey(kind, subject));
        if (marker == null || marker.get(UNTIL) == null) {
            return OptionalLong.empty();
        }
        long left = Long.parseLong(marker.get(UNTIL)) - Time.currentTime();
        if (left <= 0) {
            return OptionalLong.empty();
        }
        WeChatMetrics.rateLimited(kind);
        return OptionalLong.of(left);
    }

    /** Counts one event of a subject (a refused code, say); past the limit it is not counted any more (and nothing is turned away). */
    public void count(String counter, String subject, RateLimit limit) {
        take(counter, subject, limit);
    }

    /**
     * Counts one event of a subject if its window has room for it.
     *
     * @return empty when counted, else the seconds until the window ends
     */
    public OptionalLong acquire(String counter, String subject, RateLimit limit) {
        Claim claim = claim(counter, subject, limit);
        return claim.taken() ? OptionalLong.empty() : OptionalLong.of(claim.retryAfter());
    }

    /**
     * Takes a slot before the event is known to count (a code before WeChat judges it): concurrent
     * claims beyond the limit fail at once, so a burst never gets more than the limit through.
     * {@link #release} gives the slot back when the event turns out not to count.
     */
    public Claim claim(String counter, String subject, RateLimit limit) {
        Claim claim = take(counter, subject, limit);
        if (!claim.taken()) {
            WeChatMetrics.rateLimited(counter);
        }
        return claim;
    }

    private Claim take(String counter, String subject, RateLimit limit) {
        if (limit.isOff()) {
            return Claim.NONE;
        }
        long now = Time.currentTime();
        long lifespan = limit.secondsLeft(now) + 1;
        for (int n = firstFreeSlot(counter, subject, limit, now); n <= limit.max(); n++) {
            String key = slot(counter, subject, limit, now, n);
            if (store.putIfAbsent(key, lifespan)) {
                return new Claim(key, 0);
            }
        }
        return new Claim(null, limit.secondsLeft(now));
    }

    /** Gives a claimed slot back: the event did not count after all. */
    public void release(Claim claim) {
        if (claim.key() != null) {
            store.remove(claim.key());
        }
    }

    /**
     * A slot claimed for an event, or none: {@code key} null when the limit is off or reached.
     *
     * @param retryAfter the seconds until the window ends when the limit is reached, else 0
     */
    public record Claim(String key, long retryAfter) {

        static final Claim NONE = new Claim(null, 0);

        /** Whether the event may go on: a slot was taken, or the limit is off. */
        public boolean taken() {
            return key != null || retryAfter == 0;
        }
    }

    /** The lowest free slot, slots being taken in order; {@code max + 1} when all are taken. */
    private int firstFreeSlot(String counter, String subject, RateLimit limit, long now) {
        int low = 1;
        int high = limit.max() + 1;
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (store.contains(slot(counter, subject, limit, now, middle))) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return low;
    }

    private String shutOutKey(String kind, String subject) {
        return KEY_PREFIX + realmId + ":shut-out:" + kind + ':' + subject;
    }

    private String slot(String counter, String subject, RateLimit limit, long now, int n) {
        return KEY_PREFIX + realmId + ':' + counter + ':' + subject + ':' + limit.window(now) + ':' + n;
    }
}
