package dev.kcwechat.cluster;

import static dev.kcwechat.testing.OAuthErrors.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import dev.kcwechat.simulator.WeChatSimulator;
import dev.kcwechat.testing.TestRealm;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * PostgreSQL stops for 10 s under load: logins answer 503 temporarily_unavailable, none is half
 * done, service resumes by itself; a client allowed on no provider is refused without the database.
 */
@Tag("cluster")
class DatabaseOutageIT {

    private static final String REALM = "database-outage";
    private static final Duration OUTAGE = Duration.ofSeconds(10);
    /** Two threads were sometimes both held by logins caught in flight for the whole outage, and sent none while it lasted. */
    private static final int LOAD_THREADS = 4;
    /** After PostgreSQL is back, every login succeeds from this long on. */
    private static final Duration RECOVERY = Duration.ofSeconds(10);

    @RegisterExtension
    static final ClusterRealm realm = ClusterRealm.named(REALM);

    private final KeycloakCluster cluster = realm.cluster();

    /** The next test class finds PostgreSQL up, whatever happened here. */
    @AfterAll
    static void startPostgres() {
        if (realm.cluster() != null) {
            realm.cluster().postgres().start();
        }
    }

    /**
     * A client allowed on no WeChat provider (an attacker's choice: it costs them nothing) is
     * refused from what Keycloak keeps in memory: with PostgreSQL stopped the answer is still the
     * refusal, not the 503 of a database read.
     */
    @Test
    void aClientAllowedOnNoProviderIsRefusedWithoutReadingTheDatabase() {
        for (KeycloakNode node : cluster.nodes()) {
            assertError(realm.on(node).codeLogin(TestRealm.NOT_ALLOWED_CLIENT, "code-of-no-provider", Map.of()), 400,
                    "unauthorized_client");
        }
        cluster.postgres().stop();
        try {
            for (int i = 0; i < 5; i++) {
                for (KeycloakNode node : cluster.nodes()) {
                    assertError(realm.on(node).codeLogin(TestRealm.NOT_ALLOWED_CLIENT, "code-of-no-provider-" + i, Map.of()), 400,
                            "unauthorized_client");
                }
            }
        } finally {
            cluster.postgres().start();
            awaitLoginsOnEveryNode();
        }
    }

    /** Until each node has a login through: their pools drop the connections PostgreSQL closed (the next test starts clean). */
    private void awaitLoginsOnEveryNode() {
        for (KeycloakNode node : cluster.nodes()) {
            long deadline = System.currentTimeMillis() + RECOVERY.toMillis() * 3;
            while (realm.on(node).codeLogin(realm.wechat().newCode(WeChatSimulator.DEMO_APP_ID, "oRecovery_openid_ABCDEFGHIJKLM",
                    "uRecovery_unionid_ABCDEFGHIJKL")).status() != 200) {
                assertThat(System.currentTimeMillis()).as("a login on " + node.name() + " after PostgreSQL is back").isLessThan(deadline);
                sleep(200);
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void loginsAnswer503WhileThePostgresIsDownAndResumeByThemselves() throws Exception {
        LoginLoad load = LoginLoad.start(realm.wechat(), realm.failoverClient(), "Db", LOAD_THREADS);
        Thread.sleep(3000);
        long stoppedAt = System.currentTimeMillis();
        cluster.postgres().stop();
        Thread.sleep(OUTAGE.toMillis());
        long startedAt = System.currentTimeMillis();
        cluster.postgres().start();
        Thread.sleep(RECOVERY.toMillis() + 5000);
        List<LoginLoad.Login> logins = load.stop();

        List<LoginLoad.Login> sentWhileDown = logins.stream()
                .filter(login -> login.outcome().sentAtMillis() > stoppedAt && login.outcome().sentAtMillis() < startedAt).toList();
        List<LoginLoad.Login> failed = logins.stream().filter(login -> !login.outcome().succeeded()).toList();
        // a login that was in Keycloak's own commit when PostgreSQL went away gets Keycloak's answer (500)
        List<LoginLoad.Login> inFlightAtStop = failed.stream().filter(login -> login.outcome().sentAtMillis() <= stoppedAt).toList();
        long firstSuccessAfterStart = logins.stream().filter(login -> login.outcome().succeeded() && login.outcome().sentAtMillis() > startedAt)
                .mapToLong(login -> login.outcome().atMillis() - startedAt).min().orElse(-1);
        long lastFailureAfterStart = failed.stream().mapToLong(login -> login.outcome().atMillis() - startedAt).max().orElse(0);
        System.out.printf("[cluster] PostgreSQL down %d s under load: %d logins, %d sent while it was down, %d failed %s "
                        + "(%d of them in flight when it stopped), answered in %s ms; first success %d ms after it was back, "
                        + "last failure at %d ms; latencies: %s%n",
                OUTAGE.toSeconds(), logins.size(), sentWhileDown.size(), failed.size(), load.tally().failures(),
                inFlightAtStop.size(), failed.stream().map(login -> login.outcome().atMillis() - login.outcome().sentAtMillis()).toList(),
                firstSuccessAfterStart, lastFailureAfterStart, load.tally().latencySummary());

        // each waits out Keycloak's connection timeout (2-4 s; a first login, or a login caught in flight, the whole outage):
        // four load threads send a few while PostgreSQL is down
        assertThat(sentWhileDown).as("logins sent while PostgreSQL was down").hasSizeGreaterThanOrEqualTo(2);
        assertThat(failed).as("failures of logins sent after PostgreSQL stopped").filteredOn(login -> !inFlightAtStop.contains(login))
                .allSatisfy(login -> {
                    assertThat(login.outcome().status()).as(login.outcome().toString()).isEqualTo(503);
                    assertThat(login.outcome().error()).isEqualTo("temporarily_unavailable");
                });
        // at most one a load thread
        assertThat(inFlightAtStop).as("logins in flight when PostgreSQL stopped that failed").hasSizeLessThanOrEqualTo(LOAD_THREADS);
        assertThat(lastFailureAfterStart).as("the last failure, in ms after PostgreSQL was back").isLessThan(RECOVERY.toMillis());
        assertThat(firstSuccessAfterStart).as("a login succeeded after PostgreSQL was back").isNotNegative();
        // a first login in flight when PostgreSQL stopped may keep the user it had committed (linked): the undo needs the database
        ClusterChecks.everyUserLinkedOnce(cluster, REALM, logins,
                failed.stream().filter(login -> login.firstLogin() && !inFlightAtStop.contains(login)).toList());
    }
}
