package dev.kcwechat.resource;

import org.keycloak.Config;

/**
 * The server administrator's settings of {@code /realms/{realm}/wechat} (SPI
 * {@code realm-restapi-extension}, provider {@code wechat}), in seconds: how old a login may be to
 * delete its account ({@code account-deletion-max-auth-age}, 300), and how long a web-view ticket
 * stays redeemable ({@code web-ticket-lifespan}, 60).
 */
record ResourceSettings(long accountDeletionMaxAuthAge, int webTicketLifespan) {

    static final long DEFAULT_ACCOUNT_DELETION_MAX_AUTH_AGE = 300;
    static final int DEFAULT_WEB_TICKET_LIFESPAN = 60;

    static ResourceSettings defaults() {
        return new ResourceSettings(DEFAULT_ACCOUNT_DELETION_MAX_AUTH_AGE, DEFAULT_WEB_TICKET_LIFESPAN);
    }

    static ResourceSettings of(Config.Scope config) {
        return new ResourceSettings(Math.max(1, config.getLong("accountDeletionMaxAuthAge", DEFAULT_ACCOUNT_DELETION_MAX_AUTH_AGE)),
                Math.max(1, config.getInt("webTicketLifespan", DEFAULT_WEB_TICKET_LIFESPAN)));
    }
}
