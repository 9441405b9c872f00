package dev.kcwechat.login;

import java.util.Map;
import org.jboss.logging.Logger;
import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.KeycloakSession;
import org.keycloak.services.cors.Cors;

/**
 * The grant's refusals: the error event recorded (or, with Keycloak's database out of reach, only
 * logged), what the request wrote undone, and the RFC 6749 answer with the contract's error.
 */
final class LoginErrors {

    private static final Logger LOG = Logger.getLogger(LoginErrors.class);

    private final KeycloakSession session;
    private final EventBuilder event;
    private final Cors cors;

    LoginErrors(KeycloakSession session, EventBuilder event, Cors cors) {
        this.session = session;
        this.event = event;
        this.cors = cors;
    }

    /** A detail of the refusal's event, for the admin (not the caller). */
    LoginErrors detail(String key, String value) {
        event.detail(key, value);
        return this;
    }

    GrantErrorResponse error(GrantError grantError, String description) {
        return error(grantError, description, null);
    }

    /** @param retryAfterSeconds the answer's {@code Retry-After}, or null */
    GrantErrorResponse error(GrantError grantError, String description, Long retryAfterSeconds) {
        return error(grantError, description, retryAfterSeconds, Map.of());
    }

    /** @param members what the contract adds to this error's JSON (the current privacy policy version, say) */
    GrantErrorResponse error(GrantError grantError, String description, Long retryAfterSeconds, Map<String, String> members) {
        session.getTransactionManager().setRollbackOnly();
        event.detail(Details.REASON, description);
        try {
            event.error(grantError.eventError());
        } catch (RuntimeException e) {
            // the event store is in the database: with the database out of reach, the event is only logged
            if (!DatabaseOutage.causedBy(e)) {
                throw e;
            }
            LOG.debugf("The %s event was not stored: Keycloak's database cannot be reached", grantError.eventError());
        }
        return new GrantErrorResponse(cors, grantError, description, retryAfterSeconds, members);
    }
}
