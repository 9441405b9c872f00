package dev.kcwechat.cluster;

import java.util.List;

/**
 * How the cluster's Keycloak nodes are built and started: the harness ({@link KeycloakCluster}) and
 * {@code docker-compose.yml} use these same options (checked by {@code DockerComposeTest}).
 */
public final class ClusterSettings {

    /** The load balancer's URL in docker-compose.yml: the cluster's public URL, the tokens' issuer. */
    public static final String PUBLIC_URL = "http://localhost:8080";

    /** {@code kc.sh build}: PostgreSQL, the health endpoints on the management port. */
    public static final List<String> BUILD = List.of("--db=postgres", "--health-enabled=true");

    /**
     * {@code kc.sh start}, on every node: the built server as it is, Infinispan caches clustered over
     * JGroups with Keycloak's default discovery through the database ({@code jdbc-ping}), plain HTTP
     * behind a load balancer that sends {@code X-Forwarded-*} (the client's address counts in the
     * extension's abuse limits), and one public URL for all nodes: the load balancer's, so that
     * tokens have the same issuer whichever node issued them.
     */
    public static final List<String> START = List.of("start", "--optimized", "--cache=ispn", "--cache-stack=jdbc-ping",
            "--http-enabled=true", "--proxy-headers=xforwarded", "--hostname=" + PUBLIC_URL);

    private ClusterSettings() {
    }
}
