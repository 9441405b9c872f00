package dev.kcwechat.cluster;

import static dev.kcwechat.simulator.WeChatSimulator.DEMO_APP_ID;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kcwechat.simulator.WeChatSimulator;
import dev.kcwechat.testing.Http;
import dev.kcwechat.testing.OAuth;
import dev.kcwechat.testing.TestRealm;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A node dies (SIGKILL) under load: the other serves on, nothing is lost or doubled, the dead one comes back. */
@Tag("cluster")
class NodeFailureIT {

    private static final String REALM = "node-failure";
    private static final Duration BEFORE_KILL = Duration.ofSeconds(10);
    private static final Duration AFTER_KILL = Duration.ofSeconds(15);
    private static final double MAX_FAILED = 0.01;

    @RegisterExtension
    static final ClusterRealm realm = ClusterRealm.named(REALM);

    private final KeycloakCluster cluster = realm.cluster();
    private final WeChatSimulator wechat = realm.wechat();

    /** The next test class finds both nodes up, whatever happened here. */
    @AfterAll
    static void restartNodeA() {
        if (realm.cluster() != null && !realm.cluster().a().isRunning()) {
            realm.cluster().a().start();
            realm.cluster().a().awaitClusterView(2, KeycloakCluster.VIEW_TIMEOUT);
        }
    }

    @Test
    void aNodeKilledUnderLoadLosesAtMostOnePercentOfLoginsAndNoUserAndRejoinsWhenRestarted() throws Exception {
        KeycloakNode a = cluster.a();
        KeycloakNode b = cluster.b();
        LoginLoad load = LoginLoad.start(wechat, realm.failoverClient(), "Kill", 4);
        Thread.sleep(BEFORE_KILL.toMillis());
        int beforeKill = load.logins().size();

        long killedAt = System.currentTimeMillis();
        a.kill();
        b.awaitClusterView(1, KeycloakCluster.VIEW_TIMEOUT);
        long viewOfOneAfter = System.currentTimeMillis() - killedAt;
        Thread.sleep(AFTER_KILL.toMillis());
        List<LoginLoad.Login> logins = load.stop();

        List<LoginLoad.Login> failed = logins.stream().filter(login -> !login.outcome().succeeded()).toList();
        long afterKill = logins.stream().filter(login -> login.outcome().atMillis() >= killedAt).count();
        System.out.printf("[cluster] node killed under load: %d logins (%d before the kill, %d after), %d failed (%.2f %%), "
                        + "%d sent again to the other node; node-b's view of 1 after %d ms; failures: %s; latencies: %s%n",
                logins.size(), beforeKill, afterKill, failed.size(), 100.0 * failed.size() / logins.size(),
                logins.stream().filter(login -> login.outcome().retried()).count(), viewOfOneAfter,
                load.tally().failures(), load.tally().latencySummary());
        assertThat(afterKill).as("logins served after the kill").isGreaterThan(50);
        assertThat((double) failed.size() / logins.size()).as("failed logins: %s", failed).isLessThanOrEqualTo(MAX_FAILED);
        // a first login whose node died after committing its user is sent again, and refused: its user stays, linked
        ClusterChecks.everyUserLinkedOnce(cluster, REALM, logins,
                failed.stream().filter(login -> login.firstLogin() && !login.outcome().retried()).toList());

        long restartedAt = System.currentTimeMillis();
        a.start();
        a.awaitClusterView(2, KeycloakCluster.VIEW_TIMEOUT);
        b.awaitClusterView(2, KeycloakCluster.VIEW_TIMEOUT);
        System.out.printf("[cluster] node-a restarted: ready and in a view of 2 after %d ms%n", System.currentTimeMillis() - restartedAt);
        OAuth onA = realm.on(a);
        OAuth onB = realm.on(b);
        String code = wechat.newCode(DEMO_APP_ID, "oRejoin_openid_ABCDEFGHIJKLMNO", "uRejoin_unionid_ABCDEFGHIJKLMN");
        Http.Answer onRestarted = onA.codeLogin(code);
        assertThat(onRestarted.status()).as(onRestarted.toString()).isEqualTo(200);
        assertThat(onB.codeLogin(code).json().get("error").asText()).as("its replay marker reached node-b").isEqualTo("invalid_grant");
        Http.Answer refreshedOnB = onB.refresh(TestRealm.PUBLIC_CLIENT, onRestarted.json().get("refresh_token").asText());
        assertThat(refreshedOnB.status()).as(refreshedOnB.toString()).isEqualTo(200);
    }
}
