package dev.kcwechat.minors;

import dev.kcwechat.common.JsonErrors;
import dev.kcwechat.minors.consent.GuardianTheme;
import dev.kcwechat.minors.policy.Curfew;
import dev.kcwechat.minors.policy.GuardianPolicy;
import dev.kcwechat.session.UserSessions;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.Authenticator;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * Lets a minor in only outside the curfew, within the day's minutes and, under 14, with a guardian's
 * consent, by the realm's guardian policy ({@link dev.kcwechat.minors.store.GuardianSettings}). Adults
 * pass untouched. A governed login's session is marked, so its refreshes keep applying the policy
 * ({@code GuardianRefreshTokenProvider}) where no client policy does ({@code GuardianPolicyExecutor}).
 *
 * <p>Refusals are not failed credentials: they do not count for brute-force detection. In the
 * token endpoint's flows (the mini-program grant, the direct grant) they are JSON errors with the
 * contract's extra members; in browser flows they are error pages of the {@code keycloak-wechat}
 * theme.
 */
public final class GuardianPolicyAuthenticator implements Authenticator {

    /** User session note of a session the policy let a minor in: its refresh tokens are the policy's. */
    public static final String POLICY_NOTE = UserSessions.GUARDIAN_NOTE;
    /** The note's value. */
    public static final String GOVERNED = "realm";

    private static final Logger LOG = Logger.getLogger(GuardianPolicyAuthenticator.class);
    private static final String TOKEN_FLOW_PATH = "token";

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        KeycloakSession session = context.getSession();
        RealmModel realm = context.getRealm();
        UserModel user = context.getUser();
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        ClientModel client = authSession.getClient();
        if (!GuardianGate.concerns(user, client)) {
            context.success();
            return;
        }
        GuardianGate.Judgement judgement;
        try {
            judgement = GuardianGate.judge(session, realm, user, client);
        } catch (IllegalArgumentException e) {
            LOG.warnf("The guardian policy of realm %s has invalid settings, so it refuses every login: %s", realm.getName(), e.getMessage());
            refuse(context, GuardianRefusal.unavailable(), "wechatGuardianUnavailable", null);
            return;
        }
        context.getEvent().detail("age_bracket", judgement.bracket().claimValue());
        if (judgement.allowed()) {
            if (judgement.policy().governs(judgement.bracket())) {
                authSession.setUserSessionNote(POLICY_NOTE, GOVERNED);
            }
            context.success();
            return;
        }
        GuardianRefusal refusal = GuardianRefusal.of(session, realm, judgement, user.getId(), client.getClientId(),
                authSession.getClientNote(OIDCLoginProtocol.SCOPE_PARAM));
        String messageKey = switch (judgement.verdict()) {
            case CURFEW -> "wechatGuardianCurfew";
            case DAILY_LIMIT -> "wechatGuardianDailyLimit";
            case UNKNOWN_AGE -> "wechatGuardianUnknownAge";
            default -> "wechatGuardianConsentRequired";
        };
        refuse(context, refusal, messageKey, refusal.consentUri() != null ? refusal.consentUri()
                : judgement.policy().curfew().map(Curfew::window).orElse(""));
    }

    /**
     * In the token endpoint's flows the contract's JSON error; in browser flows an error page of the
     * {@code keycloak-wechat} theme, whose argument is the curfew's window or the consent link.
     */
    private static void refuse(AuthenticationFlowContext context, GuardianRefusal refusal, String messageKey, Object argument) {
        if (refusal.verdict() != null) {
            context.getEvent().detail(GuardianPolicy.GUARDIAN_POLICY, refusal.verdict().policy());
        }
        if (TOKEN_FLOW_PATH.equals(context.getFlowPath())) {
            context.forceChallenge(JsonErrors.answer(Response.Status.FORBIDDEN, refusal.error(), refusal.description(),
                    refusal.members()).build());
            return;
        }
        GuardianTheme theme = GuardianTheme.of(context.getSession(), context.getRealm());
        context.forceChallenge(context.form().setError(theme.format(messageKey, argument)).createErrorPage(Response.Status.FORBIDDEN));
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        authenticate(context);
    }

    @Override
    public boolean requiresUser() {
        return true;
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
