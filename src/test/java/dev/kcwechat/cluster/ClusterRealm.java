package dev.kcwechat.cluster;

import dev.kcwechat.simulator.WeChatSimulator;
import dev.kcwechat.testing.KeycloakAdmin;
import dev.kcwechat.testing.OAuth;
import dev.kcwechat.testing.TestRealm;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What a cluster test class works with: the shared cluster, a WeChat simulator of its own and a
 * realm of its own pointing at it (created through a node that is up). Register it as a static
 * field: {@code @RegisterExtension static final ClusterRealm realm = ClusterRealm.named("x");}
 */
final class ClusterRealm implements BeforeAllCallback, AfterAllCallback {

    private final String name;
    private Consumer<TestRealm> customizer = realm -> { };
    private KeycloakCluster cluster;
    private WeChatSimulator wechat;

    private ClusterRealm(String name) {
        this.name = name;
    }

    static ClusterRealm named(String name) {
        return new ClusterRealm(name);
    }

    /** Changes the realm (and the simulator, through {@link TestRealm#simulator()}) before it is created. */
    ClusterRealm with(Consumer<TestRealm> customizer) {
        this.customizer = customizer;
        return this;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        cluster = KeycloakCluster.get();
        wechat = WeChatSimulator.start(0);
        TestRealm realm = TestRealm.named(name, wechat);
        customizer.accept(realm);
        try (KeycloakAdmin admin = cluster.admin()) {
            realm.create(admin);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (wechat != null) {
            wechat.close();
        }
    }

    String name() {
        return name;
    }

    KeycloakCluster cluster() {
        return cluster;
    }

    WeChatSimulator wechat() {
        return wechat;
    }

    /** The realm's OAuth endpoints on that node. */
    OAuth on(KeycloakNode node) {
        return new OAuth(node.baseUrl(), name);
    }

    /** A client that sends logins to the nodes in turn, and once more to the other node when one cannot be reached. */
    FailoverClient failoverClient() {
        return new FailoverClient(cluster.nodes(), name);
    }
}
