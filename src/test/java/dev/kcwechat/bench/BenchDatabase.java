package dev.kcwechat.bench;

import java.util.Locale;

/**
 * The benchmark's database ({@code -Dbench.db}): Keycloak's embedded H2 in dev mode (unset, the
 * default), or PostgreSQL from the Maven binaries the cluster tests use, with a population of
 * WeChat-linked users and sessions provisioned in bulk ({@code postgres}).
 */
enum BenchDatabase {
    H2, POSTGRES;

    static BenchDatabase of(String property) {
        if (property == null || property.isBlank()) {
            return H2;
        }
        return switch (property.trim().toLowerCase(Locale.ROOT)) {
            case "h2" -> H2;
            case "postgres", "postgresql" -> POSTGRES;
            default -> throw new IllegalArgumentException("bench.db is h2 (the default) or postgres, not " + property);
        };
    }
}
