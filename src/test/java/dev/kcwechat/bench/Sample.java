package dev.kcwechat.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Latencies and outcomes of the requests of one case, over all its rounds, with each round's
 * throughput and the CPU time Keycloak spent per successful login in that round.
 */
final class Sample {

    private long[] latenciesNanos = new long[1024];
    private int count;
    private int errors;
    private String firstError;
    private final List<Double> roundThroughputs = new ArrayList<>();
    private final List<Double> roundCpuMillisPerLogin = new ArrayList<>();

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

    /** Adds the requests of one round that lasted {@code seconds}, in which Keycloak used {@code keycloakCpuMillis}. */
    void addRound(Sample round, double seconds, double keycloakCpuMillis) {
        merge(round);
        int ok = round.count - round.errors;
        roundThroughputs.add(ok / seconds);
        roundCpuMillisPerLogin.add(ok == 0 ? 0 : keycloakCpuMillis / ok);
    }

    /** Adds another sample's requests (another loop of the same run). */
    void merge(Sample other) {
        for (int i = 0; i < other.count; i++) {
            record(other.latenciesNanos[i], true, 200, "");
        }
        errors += other.errors;
        if (firstError == null) {
            firstError = other.firstError;
        }
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

    List<Double> roundThroughputs() {
        return roundThroughputs;
    }

    double medianThroughput() {
        return median(roundThroughputs);
    }

    double minThroughput() {
        return roundThroughputs.stream().mapToDouble(Double::doubleValue).min().orElse(0);
    }

    double maxThroughput() {
        return roundThroughputs.stream().mapToDouble(Double::doubleValue).max().orElse(0);
    }

    /** Keycloak's CPU per successful login, median of the rounds: what the case costs the server, load generator and fakes left out. */
    double medianCpuMillisPerLogin() {
        return median(roundCpuMillisPerLogin);
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

    static double median(List<Double> values) {
        if (values.isEmpty()) {
            return 0;
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
