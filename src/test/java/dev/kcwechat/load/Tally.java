package dev.kcwechat.load;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/** The outcomes of a load's requests: how many succeeded, how many failed and how, and their latencies. */
public final class Tally {

    /** Three significant digits: 1 µs at 1 ms, 1 ms at 1 s. */
    private final Histogram latencies = new Histogram(3);
    private long succeeded;
    private final Map<String, Long> failures = new TreeMap<>();
    private String firstFailure;

    void record(long latencyNanos, LoadGenerator.Outcome outcome) {
        latencies.recordValue(latencyNanos);
        if (outcome.succeeded()) {
            succeeded++;
        } else {
            failures.merge(outcome.failure(), 1L, Long::sum);
            if (firstFailure == null) {
                firstFailure = outcome.detail();
            }
        }
    }

    /** Adds another tally's requests (another loop, another round). */
    public void add(Tally other) {
        latencies.add(other.latencies);
        succeeded += other.succeeded;
        other.failures.forEach((failure, count) -> failures.merge(failure, count, Long::sum));
        if (firstFailure == null) {
            firstFailure = other.firstFailure;
        }
    }

    public long requests() {
        return latencies.getTotalCount();
    }

    public long succeeded() {
        return succeeded;
    }

    public long failed() {
        return requests() - succeeded;
    }

    /** Failed requests by kind of failure. */
    public Map<String, Long> failures() {
        return Collections.unmodifiableMap(new TreeMap<>(failures));
    }

    /** What the first failed request got, or null. */
    public String firstFailure() {
        return firstFailure;
    }

    /** The latency at that percentile (0-100) of all requests, in milliseconds; 0 without requests. */
    public double percentileMillis(double percentile) {
        return latencies.getValueAtPercentile(percentile) / 1e6;
    }

    /** Median, 99th percentile and maximum latency, as the tests print them. */
    public String latencySummary() {
        return String.format("p50 %.0f ms, p99 %.0f ms, max %.0f ms", percentileMillis(50), percentileMillis(99), latencies.getMaxValue() / 1e6);
    }
}
