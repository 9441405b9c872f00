package dev.kcwechat.limits;

/**
 * At most {@code max} events per fixed window of {@code windowSeconds}; {@code max} 0 means no limit.
 * Windows start at multiples of the window length since the epoch.
 */
public record RateLimit(int max, int windowSeconds) {

    public RateLimit {
        if (max < 0 || windowSeconds < 1) {
            throw new IllegalArgumentException("A rate limit needs max >= 0 and a window of at least 1 s");
        }
    }

    public boolean isOff() {
        return max == 0;
    }

    /** The window an instant (epoch seconds) falls in. */
    long window(long nowSeconds) {
        return Math.floorDiv(nowSeconds, windowSeconds);
    }

    /** Seconds from an instant to the end of its window: at least 1, what {@code Retry-After} says. */
    long secondsLeft(long nowSeconds) {
        return Math.max(1, (window(nowSeconds) + 1) * windowSeconds - nowSeconds);
    }
}
