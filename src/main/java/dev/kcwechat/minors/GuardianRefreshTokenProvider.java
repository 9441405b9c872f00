package dev.kcwechat.minors;

import dev.kcwechat.minors.policy.GuardianPolicy;
import org.jboss.logging.Logger;
import org.keycloak.OAuthErrorException;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.TokenManager;
import org.keycloak.protocol.oidc.refresh.DefaultRefreshTokenProvider;
import org.keycloak.protocol.oidc.refresh.InitialRefreshTokenContext;
import org.keycloak.protocol.oidc.refresh.RefreshTokenContext;
import org.keycloak.representations.AccessToken;
import org.keycloak.representations.RefreshToken;
import org.keycloak.util.TokenUtil;

/**
 * Refresh tokens of sessions the guardian policy's authenticator let a minor in: Keycloak's own,
 * marked as this provider's, and refreshed only while the realm's policy still allows, also where
 * no client policy applies the {@code wechat-guardian-policy} executor. Each refresh counts the
 * minor's time ({@link GuardianGate}); a refresh in the curfew or past the day's budget fails with
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
        GuardianGate.Judgement judgement;
        try {
            judgement = GuardianGate.judge(session, realm, userSession.getUser(), client);
        } catch (IllegalArgumentException e) {
            LOG.warnf("The guardian policy of realm %s has invalid settings, so minors' refreshes fail: %s", realm.getName(), e.getMessage());
            throw new OAuthErrorException(OAuthErrorException.INVALID_GRANT, "The guardian policy's settings are invalid");
        }
        // the session was let in with its consent; a revocation ends it at once: a refresh judges the time rules
        if (judgement.allowed() || judgement.verdict() == GuardianPolicy.Verdict.CONSENT_REQUIRED) {
            return;
        }
        context.grantContext().getEvent().detail(GuardianPolicy.GUARDIAN_POLICY, judgement.verdict().policy())
                .detail("age_bracket", judgement.bracket().claimValue());
        GuardianSessions.end(session, realm, userSession);
        throw new OAuthErrorException(OAuthErrorException.INVALID_GRANT, GuardianSessions.endedBecause(judgement.verdict()));
    }

    private UserSessionModel userSession(RealmModel realm, RefreshToken token) {
        String id = token.getSessionId();
        if (id == null) {
            return null;
        }
        return TokenUtil.TOKEN_TYPE_OFFLINE.equals(token.getType())
                ? session.sessions().getOfflineUserSession(realm, id) : session.sessions().getUserSession(realm, id);
    }
}
