package dev.kcwechat.wechatweb;

import dev.kcwechat.common.SignedIn;
import dev.kcwechat.session.UserSessions;
import jakarta.ws.rs.core.HttpHeaders;
import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.Authenticator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.endpoints.AuthorizationEndpoint;
import org.keycloak.services.managers.AuthenticationManager;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * {@code wechat-ticket}, in a browser flow: an authorization request with
 * {@code wechat_ticket=<ticket>} from a mini-program's web-view signs in the mini-program's user
 * without a form, when the ticket is unused, unexpired, for this client, its session is still
 * active, the browser is WeChat's mini-program web-view (unless the provider lets any browser) and
 * holds no session of another user. Anything else is "attempted": the flow goes on to the normal login.
 */
public final class WeChatTicketAuthenticator implements Authenticator {

    public static final String PARAMETER = "wechat_ticket";
    /** What WeChat's mini-program web-view adds to its User-Agent. */
    static final String WEB_VIEW_MARK = "miniProgram";

    private static final Logger LOG = Logger.getLogger(WeChatTicketAuthenticator.class);

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        String ticket = authSession.getClientNote(AuthorizationEndpoint.LOGIN_SESSION_NOTE_ADDITIONAL_REQ_PARAMS_PREFIX + PARAMETER);
        if (ticket == null || ticket.isBlank()) {
            context.attempted();
            return;
        }
        authSession.removeClientNote(AuthorizationEndpoint.LOGIN_SESSION_NOTE_ADDITIONAL_REQ_PARAMS_PREFIX + PARAMETER);
        RealmModel realm = context.getRealm();
        UserSessionModel lender = new WebTickets(context.getSession(), realm).redeem(ticket)
                .filter(t -> t.clientId().equals(authSession.getClient().getClientId()))
                .filter(t -> !t.webViewOnly() || isMiniProgramWebView(context))
                .map(t -> {
                    UserSessionModel userSession = context.getSession().sessions().getUserSession(realm, t.userSessionId());
                    return userSession != null && userSession.getUser().getId().equals(t.userId()) ? userSession : null;
                })
                .filter(userSession -> userSession.getUser().isEnabled())
                .orElse(null);
        if (lender != null && signedInAsSomeoneElse(context, lender)) {
            LOG.debugf("A web-view ticket was refused: the browser has another user's session");
            lender = null;
        }
        if (lender == null) {
            LOG.debugf("A web-view ticket was refused (unknown, used, expired, for another client, or its session ended)");
            context.getEvent().detail("wechat_ticket", "refused");
            context.attempted();
            return;
        }
        context.getEvent().detail("wechat_ticket", "accepted");
        String guardian = lender.getNote(UserSessions.GUARDIAN_NOTE);
        if (guardian != null) {
            // a minor's browser session is governed like the mini-program's that lent itself
            authSession.setUserSessionNote(UserSessions.GUARDIAN_NOTE, guardian);
        }
        context.setUser(lender.getUser());
        context.success();
    }

    /** WeChat's mini-program web-view says so in its User-Agent ({@value #WEB_VIEW_MARK}). */
    private static boolean isMiniProgramWebView(AuthenticationFlowContext context) {
        String userAgent = context.getHttpRequest().getHttpHeaders().getHeaderString(HttpHeaders.USER_AGENT);
        return userAgent != null && userAgent.contains(WEB_VIEW_MARK);
    }

    /** Whether the browser already holds a session of another user: a ticket never replaces it. */
    private static boolean signedInAsSomeoneElse(AuthenticationFlowContext context, UserSessionModel lender) {
        SignedIn current = SignedIn.of(AuthenticationManager.authenticateIdentityCookie(context.getSession(), context.getRealm(), true));
        return current != null && !current.user().getId().equals(lender.getUser().getId());
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        context.attempted();
    }

    @Override
    public boolean requiresUser() {
        return false;
    }

    @Override
    public boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
        return true;
    }

    @Override
    public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {
    }

    @Override
    public void close() {
    }
}
