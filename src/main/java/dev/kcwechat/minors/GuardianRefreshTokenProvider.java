package dev.kcwechat.minors;

import dev.kcwechat.minors.policy.AgeBracket;
import dev.kcwechat.minors.policy.GuardianPolicy;
import dev.kcwechat.minors.store.PolicyClock;
import dev.kcwechat.minors.store.ScreenTime;
import java.time.Duration;
import java.time.Instant;
import org.jboss.logging.Logger;
import org.keycloak.OAuthErrorException;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.OIDCConfigAttributes;
import org.keycloak.protocol.oidc.TokenManager;
import org.keycloak.protocol.oidc.refresh.DefaultRefreshTokenProvider;
import org.keycloak.protocol.oidc.refresh.InitialRefreshTokenContext;
import org.keycloak.protocol.oidc.refresh.RefreshTokenContext;
import org.keycloak.representations.AccessToken;
import org.keycloak.representations.RefreshToken;
import org.keycloak.services.managers.AuthenticationManager;
import org.keycloak.services.managers.UserSessionManager;
import org.keycloak.util.TokenUtil;

/**
 * Refresh tokens of sessions a guardian policy let in: Keycloak's own, marked as this provider's,
 * and refreshed only while the policy still allows. Each refresh counts the time since the session
 * was last seen (at most one access-token lifespan: a longer gap means the app was closed) into
 * the minor's day; a refresh in the curfew or past the day's budget fails with
 * {@code invalid_grant} and ends the session.
 */
public final class GuardianRefreshTokenProvider extends DefaultRefreshTokenProvider {

    private static final Logger LOG = Logger.getLogger(GuardianRefreshTokenProvider.class);

    private final KeycloakSession session;

    public GuardianRefreshTokenProvider(KeycloakSession session) {
        super(session);
        this.session = session;
    }

    @Override
    public boolean supports(InitialRefreshTokenContext context) {
        return context.clientSessionCtx().getClientSession().getUserSession().getNote(GuardianPolicyAuthenticator.POLICY_NOTE) != null;
    }

    @Override
    protected RefreshToken createRefreshToken(AccessToken accessToken, AccessToken.Confirmation confirmation, String provider) {
        return super.createRefreshToken(accessToken, confirmation, GuardianRefreshTokenProviderFactory.PROVIDER_ID);
    }

    @Override
    public boolean supports(RefreshTokenContext context) {
        return GuardianRefreshTokenProviderFactory.PROVIDER_ID.equals(context.oldRefreshToken().getProvider());
    }

    @Override
    public TokenManager.AccessTokenResponseBuilder refreshAccessToken(RefreshTokenContext context) throws OAuthErrorException {
        RealmModel realm = context.grantContext().getRealm();
        UserSessionModel userSession = userSession(realm, context.oldRefreshToken());
        if (userSession != null && userSession.getNote(GuardianPolicyAuthenticator.POLICY_NOTE) != null) {
            enforce(realm, context.grantContext().getClient(), userSession, context);
        }
        return super.refreshAccessToken(context);
    }

    private void enforce(RealmModel realm, ClientModel client, UserSessionModel userSession, RefreshTokenContext context)
            throws OAuthErrorException {
        GuardianPolicy policy = policy(realm, userSession.getNote(GuardianPolicyAuthenticator.POLICY_NOTE));
        UserModel user = userSession.getUser();
        Instant now = PolicyClock.now(session, realm);
        AgeBracket bracket = policy.bracket(user.getFirstAttribute(AgeBracket.BIRTHDATE_ATTRIBUTE), now);
        long used = 0;
        if (policy.budgetSeconds(bracket).isPresent()) {
            ScreenTime screenTime = new ScreenTime(session);
            Instant seen = seen(userSession, now);
            screenTime.add(realm, user, policy.today(now), policy.creditSeconds(seen, now, accessTokenLifespan(realm, client)));
            used = screenTime.secondsOf(realm, user, policy.today(now));
        }
        userSession.setNote(GuardianPolicyAuthenticator.SEEN_NOTE, Long.toString(now.getEpochSecond()));
        GuardianPolicy.Verdict verdict = policy.check(bracket, now, used, true);
        if (verdict == GuardianPolicy.Verdict.ALLOW) {
            return;
        }
        context.grantContext().getEvent().detail(GuardianPolicy.GUARDIAN_POLICY, verdict.policy())
                .detail("age_bracket", bracket.claimValue());
        end(realm, userSession);
        throw new OAuthErrorException(OAuthErrorException.INVALID_GRANT, switch (verdict) {
            case CURFEW -> "Session ended: the guardian policy's curfew began";
            case DAILY_LIMIT -> "Session ended: today's time is used up";
            default -> "Session ended: the guardian policy no longer lets this user in";
        });
    }

    /** The policy the session was let in by, as configured now; the defaults if it had none or it is gone. */
    private static GuardianPolicy policy(RealmModel realm, String configId) {
        AuthenticatorConfigModel config = GuardianPolicyAuthenticator.NO_CONFIG.equals(configId)
                ? null : realm.getAuthenticatorConfigById(configId);
        try {
            return GuardianPolicy.fromConfig(config == null ? null : config.getConfig());
        } catch (IllegalArgumentException e) {
            LOG.warnf("The guardian policy %s of realm %s has invalid settings; refreshes follow the defaults: %s",
                    config.getAlias(), realm.getName(), e.getMessage());
            return GuardianPolicy.defaults();
        }
    }

    private UserSessionModel userSession(RealmModel realm, RefreshToken token) {
        String id = token.getSessionId();
        if (id == null) {
            return null;
        }
        return TokenUtil.TOKEN_TYPE_OFFLINE.equals(token.getType())
                ? session.sessions().getOfflineUserSession(realm, id) : session.sessions().getUserSession(realm, id);
    }

    private void end(RealmModel realm, UserSessionModel userSession) {
        if (userSession.isOffline()) {
            new UserSessionManager(session).revokeOfflineUserSession(userSession);
        } else {
            AuthenticationManager.backchannelLogout(session, userSession, true);
        }
        LOG.debugf("Ended session %s of realm %s by the guardian policy", userSession.getId(), realm.getName());
    }

    private static Instant seen(UserSessionModel userSession, Instant now) {
        try {
            return Instant.ofEpochSecond(Long.parseLong(userSession.getNote(GuardianPolicyAuthenticator.SEEN_NOTE)));
        } catch (NumberFormatException e) {
            return now;
        }
    }

    private static Duration accessTokenLifespan(RealmModel realm, ClientModel client) {
        String clientLifespan = client.getAttribute(OIDCConfigAttributes.ACCESS_TOKEN_LIFESPAN);
        if (clientLifespan != null && !clientLifespan.isBlank()) {
            try {
                int seconds = Integer.parseInt(clientLifespan.trim());
                if (seconds > 0) {
                    return Duration.ofSeconds(seconds);
                }
            } catch (NumberFormatException e) {
                // the realm's lifespan below
            }
        }
        return Duration.ofSeconds(realm.getAccessTokenLifespan());
    }
}
