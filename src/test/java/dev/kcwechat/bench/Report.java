package dev.kcwechat.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kcwechat.testing.Http;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;

/** The benchmark's figures: per case, the ratios and goals of the README, as a table and as JSON. */
final class Report {

    static final String CLIENT_CREDENTIALS = "1 client_credentials";
    static final String PASSWORD = "2 password (default hashing)";
    static final String RETURNING = "3 code login, returning user";
    static final String FIRST = "4 code login, first login";
    static final String PHONE = "5 code login with phone_code";
    static final String SLOW_WECHAT = "6 code login, WeChat 300 ms, concurrency 64";

    private final Map<String, Sample> results;
    private final int tokenFetches;
    private final long heapBytes;
    private final int rounds;
    private final Duration perCase;
    private final int concurrency;

    Report(Map<String, Sample> results, int tokenFetches, long heapBytes, int rounds, Duration perCase, int concurrency) {
        this.results = results;
        this.tokenFetches = tokenFetches;
        this.heapBytes = heapBytes;
        this.rounds = rounds;
        this.perCase = perCase;
        this.concurrency = concurrency;
    }

    private double ratio(String a, String b) {
        if (!results.containsKey(a) || !results.containsKey(b)) {
            return 0;
        }
        double denominator = results.get(b).throughput();
        return denominator == 0 ? 0 : results.get(a).throughput() / denominator;
    }

    String table() {
        StringBuilder out = new StringBuilder(String.format("%n%-46s %10s %9s %9s %8s%n", "case", "logins/s", "p50 ms", "p99 ms",
                "errors"));
        results.forEach((name, sample) -> out.append(String.format("%-46s %10.1f %9.1f %9.1f %8d%n", name, sample.throughput(),
                sample.percentileMillis(50), sample.percentileMillis(99), sample.errors())));
        Sample slow = results.getOrDefault(SLOW_WECHAT, new Sample());
        out.append(String.format("%nratio 3/1 = %.2f (goal >= 0.6)   ratio 4/1 = %.2f (goal >= 0.3)   ratio 3/2 = %.1f%n",
                ratio(RETURNING, CLIENT_CREDENTIALS), ratio(FIRST, CLIENT_CREDENTIALS), ratio(RETURNING, PASSWORD)));
        out.append(String.format("case 6: %.1f logins/s (goal >= 150), p99 %.0f ms (goal <= 600)%n", slow.throughput(),
                slow.percentileMillis(99)));
        out.append(String.format("WeChat access_token fetches: %d (goal: 1)   Keycloak heap in use after the run: %d MiB%n",
                tokenFetches, heapBytes / (1024 * 1024)));
        out.append(String.format("(%d rounds x %d s per case, concurrency %d; %s)%n", rounds, perCase.toSeconds(), concurrency,
                LocalDate.now()));
        return out.toString();
    }

    String json() {
        ObjectNode root = Http.JSON.createObjectNode();
        root.put("date", LocalDate.now().toString()).put("rounds", rounds).put("secondsPerCaseAndRound", perCase.toSeconds())
                .put("concurrency", concurrency).put("cores", Runtime.getRuntime().availableProcessors());
        ObjectNode cases = root.putObject("cases");
        results.forEach((name, sample) -> cases.putObject(name)
                .put("requests", sample.requests()).put("errors", sample.errors())
                .put("throughputPerSecond", round(sample.throughput()))
                .put("p50Millis", round(sample.percentileMillis(50))).put("p99Millis", round(sample.percentileMillis(99))));
        root.putObject("ratios")
                .put("returningOverClientCredentials", round(ratio(RETURNING, CLIENT_CREDENTIALS)))
                .put("firstOverClientCredentials", round(ratio(FIRST, CLIENT_CREDENTIALS)))
                .put("returningOverPassword", round(ratio(RETURNING, PASSWORD)));
        root.put("wechatAccessTokenFetches", tokenFetches).put("keycloakHeapInUseBytes", heapBytes);
        try {
            return Http.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
