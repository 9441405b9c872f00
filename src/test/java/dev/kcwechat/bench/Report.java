package dev.kcwechat.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kcwechat.testing.Http;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/** The benchmark's figures: per case, the ratios and goals of docs/benchmark.md, as a table and as JSON. */
final class Report {

    static final String CLIENT_CREDENTIALS = "1 client_credentials";
    static final String PASSWORD = "2 password (pbkdf2, 1 iteration)";
    /** On PostgreSQL: the password grant of users picked from all of the provisioned population. */
    static final String PASSWORD_ALL = "2b password, population";
    static final String RETURNING = "3 code login, returning user";
    /** On PostgreSQL (-Dbench.db=postgres): returning users picked from the first 1,000 of the provisioned population, */
    static final String RETURNING_1K = "3a code login, returning, 1,000 users";
    /** and from all of it (100,000 users by default). */
    static final String RETURNING_ALL = "3b code login, returning, population";
    static final String FIRST = "4 code login, first login";
    static final String PILED = "5 code login, user with many sessions";
    static final String FRESH = "6 code login, fresh user";
    static final String PHONE = "7 code login with phone_code";
    static final String SLOW_WECHAT = "8 code login, WeChat 300 ms, conc. 64";

    /** The ratios of medians the goals of docs/benchmark.md are about: name, numerator, denominator, goal. */
    record Ratio(String name, String numerator, String denominator, double goal) {
    }

    /** The embedded H2's ratios and goals. */
    static final List<Ratio> H2_RATIOS = List.of(
            new Ratio("returningOverPassword", RETURNING, PASSWORD, 0.9),
            new Ratio("returningOverClientCredentials", RETURNING, CLIENT_CREDENTIALS, 0.6),
            new Ratio("firstOverClientCredentials", FIRST, CLIENT_CREDENTIALS, 0.3),
            new Ratio("manySessionsOverFresh", PILED, FRESH, 0.9));

    /** PostgreSQL's with the population (issue 26): the returning login flat from 1,000 to all users, first logins cheaper. */
    static final List<Ratio> POSTGRES_RATIOS = List.of(
            new Ratio("returningAllOverPassword", RETURNING_ALL, PASSWORD, 0.9),
            new Ratio("returningAllOverPasswordAll", RETURNING_ALL, PASSWORD_ALL, 0.9),
            new Ratio("returningAllOverReturning1k", RETURNING_ALL, RETURNING_1K, 0.9),
            new Ratio("returning1kOverPassword", RETURNING_1K, PASSWORD, 0.9),
            new Ratio("returningAllOverClientCredentials", RETURNING_ALL, CLIENT_CREDENTIALS, 0.6),
            new Ratio("firstOverClientCredentials", FIRST, CLIENT_CREDENTIALS, 0.35),
            new Ratio("manySessionsOverFresh", PILED, FRESH, 0.9));

    /** What the run ran on: the database, and on PostgreSQL the provisioned population. */
    record Setting(String database, List<Ratio> ratios, long populationUsers, long databaseSessions, String provisioning) {

        static Setting h2() {
            return new Setting("H2", H2_RATIOS, 0, 0, null);
        }

        boolean postgres() {
            return populationUsers > 0;
        }
    }

    private final Map<String, Sample> results;
    private final Setting setting;
    private final int tokenFetches;
    private final long heapBytes;
    private final int piledSessions;
    private final int rounds;
    private final Duration perCase;
    private final int concurrency;

    Report(Map<String, Sample> results, Setting setting, int tokenFetches, long heapBytes, int piledSessions, int rounds,
           Duration perCase, int concurrency) {
        this.results = results;
        this.setting = setting;
        this.tokenFetches = tokenFetches;
        this.heapBytes = heapBytes;
        this.piledSessions = piledSessions;
        this.rounds = rounds;
        this.perCase = perCase;
        this.concurrency = concurrency;
    }

    /** Ratio of the median throughputs. */
    private double ratio(Ratio ratio) {
        return divide(throughput(ratio.numerator()), throughput(ratio.denominator()));
    }

    /** The same ratio from Keycloak's CPU per login (denominator's cost over numerator's): load generator and fakes left out. */
    private double cpuRatio(Ratio ratio) {
        return divide(cpu(ratio.denominator()), cpu(ratio.numerator()));
    }

    private double throughput(String name) {
        return results.containsKey(name) ? results.get(name).medianThroughput() : 0;
    }

    private double cpu(String name) {
        return results.containsKey(name) ? results.get(name).medianCpuMillisPerLogin() : 0;
    }

    private static double divide(double a, double b) {
        return b == 0 ? 0 : a / b;
    }

    String table() {
        StringBuilder out = new StringBuilder();
        if (setting.postgres()) {
            out.append(String.format("%nPostgreSQL: %d provisioned WeChat-linked users, %d user sessions in the database after the run (%s)%n",
                    setting.populationUsers(), setting.databaseSessions(), setting.provisioning()));
        }
        String databaseColumn = setting.postgres() ? String.format(" %12s %7s", "PG CPU ms/op", "SQL/op") : "";
        out.append(String.format("%n%-40s %9s %15s %8s %8s %12s%s %7s%n", "case", "logins/s", "rounds min-max",
                "p50 ms", "p99 ms", "KC CPU ms/op", databaseColumn, "errors"));
        results.forEach((name, sample) -> out.append(String.format("%-40s %9.1f %7.0f-%-7.0f %8.1f %8.1f %12.2f%s %7d%n", name,
                sample.medianThroughput(), sample.minThroughput(), sample.maxThroughput(), sample.requests().percentileMillis(50),
                sample.requests().percentileMillis(99), sample.medianCpuMillisPerLogin(),
                setting.postgres() ? String.format(" %12.2f %7.1f", sample.medianDatabaseCpuMillisPerLogin(), sample.medianStatementsPerLogin())
                        : "", sample.requests().failed())));
        out.append(String.format("%n%-36s %9s %13s %6s%n", "ratio (medians)", "logins/s", "KC CPU/login", "goal"));
        for (Ratio ratio : setting.ratios()) {
            out.append(String.format("%-36s %9.2f %13.2f %6s%n", ratio.name(), ratio(ratio), cpuRatio(ratio), ">= " + ratio.goal()));
        }
        Sample slow = results.getOrDefault(SLOW_WECHAT, new Sample());
        out.append(String.format("%ncase 8: %.1f logins/s (goal >= 150), p99 %.0f ms (goal <= 600)%n", slow.medianThroughput(),
                slow.requests().percentileMillis(99)));
        out.append(String.format("WeChat access_token fetches: %d (goal: 1)   live sessions of the case-5 user: %d%n", tokenFetches,
                piledSessions));
        out.append(String.format("Keycloak heap in use after the run: %d MiB   (%d rounds x %d s per case, concurrency %d; %s)%n",
                heapBytes / (1024 * 1024), rounds, perCase.toSeconds(), concurrency, LocalDate.now()));
        return out.toString();
    }

    String json() {
        ObjectNode root = Http.JSON.createObjectNode();
        root.put("date", LocalDate.now().toString()).put("database", setting.database())
                .put("populationUsers", setting.populationUsers()).put("databaseSessions", setting.databaseSessions()).put("rounds", rounds).put("secondsPerCaseAndRound", perCase.toSeconds())
                .put("concurrency", concurrency).put("cores", Runtime.getRuntime().availableProcessors());
        ObjectNode cases = root.putObject("cases");
        results.forEach((name, sample) -> {
            ObjectNode node = cases.putObject(name)
                    .put("requests", sample.requests().requests()).put("errors", sample.requests().failed())
                    .put("medianThroughputPerSecond", round(sample.medianThroughput()))
                    .put("p50Millis", round(sample.requests().percentileMillis(50))).put("p99Millis", round(sample.requests().percentileMillis(99)))
                    .put("keycloakCpuMillisPerLogin", round(sample.medianCpuMillisPerLogin()))
                    .put("databaseCpuMillisPerLogin", round(sample.medianDatabaseCpuMillisPerLogin()))
                    .put("sqlStatementsPerLogin", round(sample.medianStatementsPerLogin()));
            ArrayNode perRound = node.putArray("throughputPerRound");
            sample.roundThroughputs().forEach(value -> perRound.add(round(value)));
        });
        ObjectNode ratios = root.putObject("ratios");
        ObjectNode cpuRatios = root.putObject("cpuRatios");
        for (Ratio ratio : setting.ratios()) {
            ratios.put(ratio.name(), round(ratio(ratio)));
            cpuRatios.put(ratio.name(), round(cpuRatio(ratio)));
        }
        root.put("wechatAccessTokenFetches", tokenFetches).put("liveSessionsOfCase5User", piledSessions)
                .put("keycloakHeapInUseBytes", heapBytes);
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
