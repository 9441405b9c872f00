package dev.kcwechat.common;

import java.util.function.Consumer;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.PostMigrationEvent;
import org.keycloak.timer.TimerProvider;

/** Schedules a provider factory's tasks on Keycloak's timer once the database is migrated at start (the tables exist). */
public final class StartupTimers {

    private StartupTimers() {
    }

    /** Call from a factory's {@code postInit}. */
    public static void afterMigration(KeycloakSessionFactory factory, Consumer<TimerProvider> scheduling) {
        factory.register(event -> {
            if (event instanceof PostMigrationEvent) {
                try (KeycloakSession session = factory.create()) {
                    scheduling.accept(session.getProvider(TimerProvider.class));
                }
            }
        });
    }
}
