package dev.kcwechat.minors;

import dev.kcwechat.minors.policy.AgeBracket;
import dev.kcwechat.minors.policy.ChildLimits;
import dev.kcwechat.minors.policy.GuardianPolicy;
import dev.kcwechat.minors.store.ChildPolicies;
import dev.kcwechat.minors.store.ConsentRecords;
import dev.kcwechat.minors.store.GuardianSettings;
import dev.kcwechat.minors.store.PolicyClock;
import dev.kcwechat.minors.store.ScreenTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.keycloak.models.ClientModel;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.protocol.oidc.OIDCConfigAttributes;

/**
 * The realm's guardian policy applied to one login or one token of a user for a client: the same
 * judgement for the authenticator, the client-policy executor and the refresh tokens. A minor's
 * time counts here, at every login and token, from the last token (at most one access-token
 * lifespan back: a longer gap means the app was closed).
 */
final class GuardianGate {

    /** What the policy says, with the bracket it judged. */
    record Judgement(GuardianPolicy policy, AgeBracket bracket, GuardianPolicy.Verdict verdict) {

        boolean allowed() {
            return verdict == GuardianPolicy.Verdict.ALLOW;
        }
    }

    private static final String JUDGEMENT_ATTRIBUTE = "kcwechat.guardianJudgement.";
    private static final Set<String> EXEMPT_CLIENTS = Set.of(GuardianPolicy.CONSENT_CLIENT_ID, Constants.ADMIN_CONSOLE_CLIENT_ID,
            Constants.ADMIN_CLI_CLIENT_ID);

    private GuardianGate() {
    }

    /**
     * Counts the minor's time and judges a login or token for {@code client}, once per request
     * (Keycloak session): a second enforcement point of the same request gets the same judgement.
     *
     * @throws IllegalArgumentException when the realm's settings are invalid (the caller refuses)
     */
    static Judgement judge(KeycloakSession session, RealmModel realm, UserModel user, ClientModel client) {
        // the login step and the executor, or the refresh tokens and the executor, judge one request: once is enough
        String key = JUDGEMENT_ATTRIBUTE + user.getId() + ':' + client.getId();
        if (session.getAttribute(key) instanceof Judgement judged) {
            return judged;
        }
        Judgement judgement = judgeNow(session, realm, user, client);
        session.setAttribute(key, judgement);
        return judgement;
    }

    private static Judgement judgeNow(KeycloakSession session, RealmModel realm, UserModel user, ClientModel client) {
        GuardianPolicy policy = GuardianSettings.of(session, realm);
        Instant now = PolicyClock.now(session, realm);
        AgeBracket bracket = policy.bracket(user.getFirstAttribute(AgeBracket.BIRTHDATE_ATTRIBUTE), now);
        if (!policy.governs(bracket)) {
            return new Judgement(policy, bracket, policy.check(bracket, now, 0, true));
        }
        ChildLimits child = new ChildPolicies(session).limitsOf(realm, user.getId());
        long used = 0;
        if (policy.budgetSeconds(bracket, child).isPresent()) {
            Duration cap = accessTokenLifespan(realm, client);
            used = new ScreenTime(session).count(realm, user, policy.today(now), now, lastSeen -> policy.creditSeconds(lastSeen, now, cap));
        }
        boolean consented = !policy.needsConsent(bracket)
                || new ConsentRecords(session).hasActiveConsent(realm, user.getId(), client.getClientId());
        return new Judgement(policy, bracket, policy.check(bracket, now, used, consented, child));
    }

    /**
     * Whether the policy is about this token at all: not for a client's service account, nor for
     * the guardians' pages' client, nor for Keycloak's admin console and CLI (an administrator's
     * access is a matter of roles, and one without a birthdate must not be locked out).
     */
    static boolean concerns(UserModel user, ClientModel client) {
        return user.getServiceAccountClientLink() == null && !EXEMPT_CLIENTS.contains(client.getClientId());
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
