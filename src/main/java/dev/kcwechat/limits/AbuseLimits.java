package dev.kcwechat.limits;

/**
 * A provider's abuse limits, per fixed window: refused codes per client IP (invalid, expired, used
 * or replayed), and calls to the {@code /wechat} endpoints per user and per client IP.
 */
public record AbuseLimits(RateLimit failedCodesPerIp, RateLimit callsPerUser, RateLimit callsPerIp) {

    public static final int DEFAULT_WINDOW_SECONDS = 60;
    public static final int DEFAULT_FAILED_CODES_PER_IP = 30;
    /** Well below WeChat's own quota of 100 calls per user and minute (errcode 45011). */
    public static final int DEFAULT_CALLS_PER_USER = 30;
    public static final int DEFAULT_CALLS_PER_IP = 600;

    public static AbuseLimits of(int windowSeconds, int failedCodesPerIp, int callsPerUser, int callsPerIp) {
        return new AbuseLimits(new RateLimit(failedCodesPerIp, windowSeconds), new RateLimit(callsPerUser, windowSeconds),
                new RateLimit(callsPerIp, windowSeconds));
    }
}
