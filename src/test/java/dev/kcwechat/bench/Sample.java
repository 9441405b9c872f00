package dev.kcwechat.bench;

import dev.kcwechat.load.Tally;
import java.util.ArrayList;
import java.util.List;

/**
 * The requests of one case over all its rounds (outcomes and latencies), with each round's
 * throughput and the CPU time Keycloak (and, on PostgreSQL, the database server) spent per
 * successful login in that round.
 */
final class Sample {

    private final Tally requests = new Tally();
    private final List<Double> roundThroughputs = new ArrayList<>();
    private final List<Double> roundCpuMillisPerLogin = new ArrayList<>();
    private final List<Double> roundDatabaseCpuMillisPerLogin = new ArrayList<>();
    private final List<Double> roundStatementsPerLogin = new ArrayList<>();

    /**
     * Adds the requests of one round that lasted {@code seconds}, in which Keycloak used
     * {@code keycloakCpuMillis} and the database server {@code databaseCpuMillis} for {@code statements}
     * SQL statements (both 0 on the embedded H2).
     */
    void addRound(Tally round, double seconds, double keycloakCpuMillis, double databaseCpuMillis, long statements) {
        requests.add(round);
        long ok = round.succeeded();
        roundThroughputs.add(ok / seconds);
        roundCpuMillisPerLogin.add(ok == 0 ? 0 : keycloakCpuMillis / ok);
        roundDatabaseCpuMillisPerLogin.add(ok == 0 ? 0 : databaseCpuMillis / ok);
        roundStatementsPerLogin.add(ok == 0 ? 0 : statements / (double) ok);
    }

    /** All rounds' requests: counts, failures, latencies. */
    Tally requests() {
        return requests;
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

    /** SQL statements per successful login, median of the rounds (PostgreSQL only). */
    double medianStatementsPerLogin() {
        return median(roundStatementsPerLogin);
    }

    /** The database server's CPU per successful login (PostgreSQL's processes), median of the rounds. */
    double medianDatabaseCpuMillisPerLogin() {
        return median(roundDatabaseCpuMillisPerLogin);
    }

    private static double median(List<Double> values) {
        if (values.isEmpty()) {
            return 0;
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
