package dev.kcwechat.resource;

import org.keycloak.Config;

/**
 * The server administrator's settings of {@code /realms/{realm}/wechat} (SPI
 * {@code realm-restapi-extension}, provider {@code wechat}), in seconds: how old a login may be to
 * delete its account ({@code account-deletion-max-auth-age}, 300), how long a web-view ticket
 * stays redeemable ({@code web-ticket-lifespan}, 60), and how long an e-mail code is valid
 * ({@code email-code-lifespan}, 600).
 */
record ResourceSettings(long accountDeletionMaxAuthAge, int webTicketLifespan, long emailCodeLifespan) {

    static final long DEFAULT_ACCOUNT_DELETION_MAX_AUTH_AGE = 300;
    static final int DEFAULT_WEB_TICKET_LIFESPAN = 60;
    static final long DEFAULT_EMAIL_CODE_LIFESPAN = 600;

    static ResourceSettings defaults() {
        return new ResourceSettings(DEFAULT_ACCOUNT_DELETION_MAX_AUTH_AGE, DEFAULT_WEB_TICKET_LIFESPAN, DEFAULT_EMAIL_CODE_LIFESPAN);
    }

    static ResourceSettings of(Config.Scope config) {
        return new ResourceSettings(Math.max(1, config.getLong("accountDeletionMaxAuthAge", DEFAULT_ACCOUNT_DELETION_MAX_AUTH_AGE)),
                Math.max(1, config.getInt("webTicketLifespan", DEFAULT_WEB_TICKET_LIFESPAN)),
                Math.max(1, config.getLong("emailCodeLifespan", DEFAULT_EMAIL_CODE_LIFESPAN)));
    }
}
