package dev.kcwechat.wechatweb;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.keycloak.common.util.SecretGenerator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.SingleUseObjectProvider;
import org.keycloak.models.UserSessionModel;

/**
 * Web-view tickets: a mini-program's session lends itself, once and for a minute, to a web app
 * opened in its {@code <web-view>} (a minute unless the server says otherwise). Kept in Keycloak's clustered single-use store, so a ticket
 * issued on one node is redeemed on any other, once.
 */
public final class WebTickets {

    private static final Pattern TICKET = Pattern.compile("[A-Za-z0-9_-]{16,64}");

    /**
     * What a ticket is bound to: the mini-program's user session, its user, the one client it may
     * sign in to, and whether only WeChat's mini-program web-view may redeem it.
     */
    public record Ticket(String userSessionId, String userId, String clientId, boolean webViewOnly) {
    }

    private final SingleUseObjectProvider store;
    private final RealmModel realm;

    public WebTickets(KeycloakSession session, RealmModel realm) {
        this.store = session.singleUseObjects();
        this.realm = realm;
    }

    /** A new ticket for that session and client, redeemable that long; stored when the request's transaction commits. */
    public String issue(UserSessionModel userSession, String clientId, boolean webViewOnly, int lifespanSeconds) {
        String ticket = SecretGenerator.getInstance().generateSecureID();
        store.put(key(ticket), lifespanSeconds, Map.of("session", userSession.getId(), "user", userSession.getUser().getId(),
                "client", clientId, "webview", Boolean.toString(webViewOnly)));
        return ticket;
    }

    /** Takes the ticket out: of two redeemers only one gets it; an unknown, used or expired ticket is empty. */
    public Optional<Ticket> redeem(String ticket) {
        if (ticket == null || !TICKET.matcher(ticket).matches()) {
            return Optional.empty();
        }
        Map<String, String> notes = store.remove(key(ticket));
        return notes == null ? Optional.empty() : Optional.of(new Ticket(notes.get("session"), notes.get("user"), notes.get("client"),
                !"false".equals(notes.get("webview"))));
    }

    private String key(String ticket) {
        return "kcwechat:web-ticket:" + realm.getId() + ":" + ticket;
    }
}
