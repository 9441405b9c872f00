package dev.kcwechat.browser;

import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.keycloak.services.messages.Messages;

/** A browser login the provider refuses: the error page's status and message, the event's reason, details and user. */
public final class BrowserLoginRefused extends Exception {

    private final Response.Status status;
    private final String messageKey;
    private final Map<String, String> eventDetails;
    private final String userId;

    private BrowserLoginRefused(Response.Status status, String messageKey, String reason, Map<String, String> eventDetails, String userId) {
        super(reason, null, false, false);
        this.status = status;
        this.messageKey = messageKey;
        this.eventDetails = Map.copyOf(eventDetails);
        this.userId = userId;
    }

    /** 403, access denied: the person may not sign in here. */
    public static BrowserLoginRefused accessDenied(String reason) {
        return accessDenied(reason, Map.of(), null);
    }

    /** 403, access denied, with the event's details and the Keycloak user it concerns (may be null). */
    public static BrowserLoginRefused accessDenied(String reason, Map<String, String> eventDetails, String userId) {
        return new BrowserLoginRefused(Response.Status.FORBIDDEN, Messages.ACCESS_DENIED, reason, eventDetails, userId);
    }

    /** 502: the vendor answered something Keycloak cannot sign in with. */
    public static BrowserLoginRefused unexpected(String reason) {
        return new BrowserLoginRefused(Response.Status.BAD_GATEWAY, Messages.IDENTITY_PROVIDER_UNEXPECTED_ERROR, reason, Map.of(), null);
    }

    Response.Status status() {
        return status;
    }

    String messageKey() {
        return messageKey;
    }

    Map<String, String> eventDetails() {
        return eventDetails;
    }

    String userId() {
        return userId;
    }
}
