package dev.kcwechat.login;

import java.util.Map;

/**
 * A code login provider refuses the person behind a valid code (a WeCom member who left, say): the
 * grant answers 403 {@code access_denied} with this message and records what the provider says in
 * its error event. The provider has done whatever the refusal entails (offboarding) already.
 */
public final class LoginRefusedException extends RuntimeException {

    private final String userId;
    private final Map<String, String> eventDetails;

    /**
     * @param description  the {@code error_description}: nothing the caller may not know
     * @param userId       the Keycloak user the refusal concerns, or null
     * @param eventDetails details of the login's error event
     */
    public LoginRefusedException(String description, String userId, Map<String, String> eventDetails) {
        super(description, null, false, false);
        this.userId = userId;
        this.eventDetails = Map.copyOf(eventDetails);
    }

    /** The Keycloak user the refusal concerns, or null. */
    public String userId() {
        return userId;
    }

    public Map<String, String> eventDetails() {
        return eventDetails;
    }
}
