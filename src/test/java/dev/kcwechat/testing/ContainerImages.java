package dev.kcwechat.testing;

/**
 * The images the container tests run: each a system property, else the environment variable
 * {@code docker-compose.yml} reads too, else the official image. A machine without a registry
 * names local stand-ins ({@code containers/build-images}), e.g.
 * {@code -Dkeycloak.image=localhost/kcwechat-standin/keycloak:26.7.3} or
 * {@code KEYCLOAK_IMAGE=...}. Nothing here tags an image with a name it does not have.
 */
public final class ContainerImages {

    private ContainerImages() {
    }

    /** Keycloak's official image of the run's Keycloak version ({@code -Dkeycloak.version}, the pom's by default). */
    public static String keycloak() {
        return image("keycloak.image", "KEYCLOAK_IMAGE", "quay.io/keycloak/keycloak:" + System.getProperty("keycloak.version", "26.7.3"));
    }

    /** A Java 17 runtime for the WeChat simulator and the demo's web app. */
    public static String jre() {
        return image("jre.image", "JRE_IMAGE", "eclipse-temurin:17-jre");
    }

    /** socat: the relay that gives a Keycloak container the simulator on its own loopback. */
    public static String socat() {
        return image("socat.image", "SOCAT_IMAGE", "alpine/socat");
    }

    /** PostgreSQL 17, the cluster tests' major version. */
    public static String postgres() {
        return image("postgres.image", "POSTGRES_IMAGE", "postgres:17");
    }

    /** nginx: the compose file's load balancer. */
    public static String nginx() {
        return image("nginx.image", "NGINX_IMAGE", "nginx:1.27");
    }

    private static String image(String property, String environment, String official) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            value = System.getenv(environment);
        }
        return value == null || value.isBlank() ? official : value.trim();
    }
}
