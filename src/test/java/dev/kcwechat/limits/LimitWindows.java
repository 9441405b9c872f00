package dev.kcwechat.limits;

import dev.kcwechat.testing.Http;
import java.time.Instant;

/** Helpers for tests of fixed-window limits: stay clear of a window's end, read Retry-After. */
final class LimitWindows {

    /** The tests' window: long, so that a test run never straddles two windows (see {@link #awayFromTheEnd}). */
    static final int WINDOW_SECONDS = 3600;

    private LimitWindows() {
    }

    /** Waits out the last 30 s of a window, so that the counts a test makes all fall in one window. */
    static void awayFromTheEnd() throws InterruptedException {
        long left = WINDOW_SECONDS - Instant.now().getEpochSecond() % WINDOW_SECONDS;
        if (left < 30) {
            Thread.sleep((left + 1) * 1000);
        }
    }

    static long retryAfter(Http.Answer answer) {
        return Long.parseLong(answer.raw().headers().firstValue("Retry-After").orElseThrow());
    }
}
