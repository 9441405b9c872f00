package dev.kcwechat.bench;

import java.util.Arrays;

/** Latencies and outcomes of the requests of one case. */
final class Sample {

    private long[] latenciesNanos = new long[1024];
    private int count;
    private int errors;
    private String firstError;
    double seconds;

    void record(long latencyNanos, boolean ok, int status, String body) {
        if (count == latenciesNanos.length) {
            latenciesNanos = Arrays.copyOf(latenciesNanos, count * 2);
        }
        latenciesNanos[count++] = latencyNanos;
        if (!ok) {
            errors++;
            if (firstError == null) {
                firstError = "HTTP " + status + " " + (body.length() > 300 ? body.substring(0, 300) : body);
            }
        }
    }

    void add(Sample other) {
        for (int i = 0; i < other.count; i++) {
            record(other.latenciesNanos[i], true, 200, "");
        }
        errors += other.errors;
        if (firstError == null) {
            firstError = other.firstError;
        }
        seconds += other.seconds;
    }

    int requests() {
        return count;
    }

    int errors() {
        return errors;
    }

    String firstError() {
        return firstError;
    }

    double throughput() {
        return seconds == 0 ? 0 : (count - errors) / seconds;
    }

    double percentileMillis(double percentile) {
        if (count == 0) {
            return 0;
        }
        long[] sorted = Arrays.copyOf(latenciesNanos, count);
        Arrays.sort(sorted);
        int index = (int) Math.ceil(percentile / 100.0 * count) - 1;
        return sorted[Math.max(0, Math.min(count - 1, index))] / 1_000_000.0;
    }
}
