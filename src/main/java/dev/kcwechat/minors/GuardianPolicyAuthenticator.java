package dev.kcwechat.minors;

import dev.kcwechat.common.JsonErrors;
import dev.kcwechat.minors.consent.ConsentRequests;
import dev.kcwechat.minors.consent.GuardianPages;
import dev.kcwechat.minors.consent.GuardianTheme;
import dev.kcwechat.minors.policy.AgeBracket;
import dev.kcwechat.minors.policy.Curfew;
import dev.kcwechat.minors.policy.GuardianPolicy;
import dev.kcwechat.minors.store.ConsentRecords;
import dev.kcwechat.minors.store.ConsentRequest;
import dev.kcwechat.minors.store.PolicyClock;
import dev.kcwechat.minors.store.ScreenTime;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.Authenticator;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * Lets a minor in only outside the curfew, within the day's minutes and, under 14, with a guardian's
 * consent. Adults pass untouched. A governed login's session carries the policy's config id, so
 * refreshes keep applying it ({@code GuardianRefreshTokenProvider}).
 *
 * <p>Refusals are not failed credentials: they do not count for brute-force detection. In the
 * token endpoint's flows (the mini-program grant, the direct grant) they are JSON errors with the
 * contract's extra members; in browser flows they are error pages of the {@code keycloak-wechat}
 * theme.
 */
public final class GuardianPolicyAuthenticator implements Authenticator {

    /** User session note: the config id of the policy that let the session in ({@value #NO_CONFIG} for the defaults). */
    public static final String POLICY_NOTE = "wechat_guardian_policy";
    /** User session note: epoch seconds when the session's time was last counted. */
    public static final String SEEN_NOTE = "wechat_guardian_seen";
    public static final String NO_CONFIG = "-";

    private static final Logger LOG = Logger.getLogger(GuardianPolicyAuthenticator.class);
    private static final String TOKEN_FLOW_PATH = "token";

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        RealmModel realm = context.getRealm();
        UserModel user = context.getUser();
        AuthenticatorConfigModel config = context.getAuthenticatorConfig();
        GuardianPolicy policy;
        try {
            policy = GuardianPolicy.fromConfig(config == null ? null : config.getConfig());
        } catch (IllegalArgumentException e) {
            LOG.warnf("The guardian policy %s of realm %s has invalid settings, so it refuses every login: %s",
                    config.getAlias(), realm.getName(), e.getMessage());
            refuse(context, null, "The guardian policy's settings are invalid", null, "wechatGuardianUnavailable");
            return;
        }
        Instant now = PolicyClock.now(context.getSession(), realm);
        AgeBracket bracket = policy.bracket(user.getFirstAttribute(AgeBracket.BIRTHDATE_ATTRIBUTE), now);
        KeycloakSession session = context.getSession();
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        String clientId = authSession.getClient().getClientId();
        long used = policy.budgetSeconds(bracket).isPresent()
                ? new ScreenTime(session).secondsOf(realm, user, policy.today(now)) : 0;
        boolean consented = !policy.needsConsent(bracket) || new ConsentRecords(session).hasActiveConsent(realm, user.getId(), clientId);
        GuardianPolicy.Verdict verdict = policy.check(bracket, now, used, consented);
        context.getEvent().detail("age_bracket", bracket.claimValue());
        switch (verdict) {
            case ALLOW -> {
                if (policy.governs(bracket)) {
                    authSession.setUserSessionNote(POLICY_NOTE, config == null ? NO_CONFIG : config.getId());
                    authSession.setUserSessionNote(SEEN_NOTE, Long.toString(now.getEpochSecond()));
                }
                context.success();
            }
            case CURFEW -> {
                String window = policy.curfew().map(Curfew::window).orElse("");
                refuse(context, verdict, "Sign-in is closed during the curfew " + window, null, "wechatGuardianCurfew", window);
            }
            case DAILY_LIMIT -> refuse(context, verdict, "Today's time is used up", null, "wechatGuardianDailyLimit");
            case UNKNOWN_AGE -> refuse(context, verdict, "The user's age is unknown", null, "wechatGuardianUnknownAge");
            case CONSENT_REQUIRED -> {
                ConsentRequest request = new ConsentRequests(session).create(realm, user.getId(), clientId,
                        authSession.getClientNote(OIDCLoginProtocol.SCOPE_PARAM));
                refuse(context, verdict, "A guardian's consent is required", request, "wechatGuardianConsentRequired");
            }
        }
    }

    /**
     * @param verdict    null when the policy cannot judge (invalid settings): no {@code guardian_policy} member
     * @param messageKey the browser page's message in the {@code keycloak-wechat} theme; the consent link is its argument
     */
    private static void refuse(AuthenticationFlowContext context, GuardianPolicy.Verdict verdict, String description,
                               ConsentRequest request, String messageKey, Object... messageArgs) {
        String consentUri = request == null ? null
                : GuardianPages.consentUri(context.getSession().getContext().getUri().getBaseUri(), context.getRealm(), request.id()).toString();
        if (verdict != null) {
            context.getEvent().detail(GuardianPolicy.GUARDIAN_POLICY, verdict.policy());
        }
        if (TOKEN_FLOW_PATH.equals(context.getFlowPath())) {
            Map<String, Object> extra = new LinkedHashMap<>();
            if (verdict != null) {
                extra.put(GuardianPolicy.GUARDIAN_POLICY, verdict.policy());
            }
            if (request != null) {
                extra.put("guardian_consent_request", request.id());
                extra.put("guardian_consent_uri", consentUri);
            }
            context.forceChallenge(JsonErrors.answer(Response.Status.FORBIDDEN, request == null ? "access_denied" : "consent_required",
                    description, extra).build());
            return;
        }
        GuardianTheme theme = GuardianTheme.of(context.getSession(), context.getRealm());
        String message = request == null ? theme.format(messageKey, messageArgs) : theme.format(messageKey, consentUri);
        context.forceChallenge(context.form().setError(message).createErrorPage(Response.Status.FORBIDDEN));
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
