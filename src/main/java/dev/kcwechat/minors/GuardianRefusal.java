package dev.kcwechat.minors;

import dev.kcwechat.metrics.WeChatMetrics;
import dev.kcwechat.minors.consent.ConsentRequests;
import dev.kcwechat.minors.consent.GuardianPages;
import dev.kcwechat.minors.policy.Curfew;
import dev.kcwechat.minors.policy.GuardianPolicy;
import dev.kcwechat.minors.store.ConsentRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Why the guardian policy refuses a login or a token, told the same way everywhere: the OAuth
 * error, the description, and the contract's members ({@code guardian_policy}, and for a missing
 * consent {@code guardian_consent_request} and {@code guardian_consent_uri}).
 *
 * @param verdict null when the policy cannot judge (invalid settings): no {@code guardian_policy} member
 * @param request the consent request made for a missing consent, else null
 */
public record GuardianRefusal(GuardianPolicy.Verdict verdict, String description, ConsentRequest request, String consentUri) {

    /** The refusal of a verdict that is not {@code ALLOW}; a missing consent gets a request (in a transaction of its own). */
    static GuardianRefusal of(KeycloakSession session, RealmModel realm, GuardianGate.Judgement judgement, String childUserId,
                              String clientId, String scope) {
        GuardianPolicy.Verdict verdict = judgement.verdict();
        if (verdict != GuardianPolicy.Verdict.ALLOW) {
            WeChatMetrics.guardianRefusal(verdict.policy());
        }
        return switch (verdict) {
            case CURFEW -> new GuardianRefusal(verdict,
                    "Sign-in is closed during the curfew " + judgement.policy().curfew().map(Curfew::window).orElse(""), null, null);
            case DAILY_LIMIT -> new GuardianRefusal(verdict, "Today's time is used up", null, null);
            case UNKNOWN_AGE -> new GuardianRefusal(verdict, "The user's age is unknown", null, null);
            case CONSENT_REQUIRED -> {
                String realmId = realm.getId();
                ConsentRequest request = KeycloakModelUtils.runJobInTransactionWithResult(session.getKeycloakSessionFactory(),
                        session.getContext(), s -> new ConsentRequests(s).create(s.realms().getRealm(realmId), childUserId, clientId, scope),
                        "WeChat guardian consent request");
                String uri = GuardianPages.consentUri(session.getContext().getUri().getBaseUri(), realm, request.id()).toString();
                yield new GuardianRefusal(verdict, "A guardian's consent is required for this client", request, uri);
            }
            case ALLOW -> throw new IllegalArgumentException("ALLOW is no refusal");
        };
    }

    /** The refusal when the realm's settings are invalid. */
    static GuardianRefusal unavailable() {
        WeChatMetrics.guardianRefusal("unavailable");
        return new GuardianRefusal(null, "The guardian policy's settings are invalid", null, null);
    }

    /** {@code consent_required} for a missing consent, else {@code access_denied}. */
    public String error() {
        return request != null ? "consent_required" : "access_denied";
    }

    /** The members the contract adds to the OAuth error. */
    public Map<String, Object> members() {
        Map<String, Object> members = new LinkedHashMap<>();
        if (verdict != null) {
            members.put(GuardianPolicy.GUARDIAN_POLICY, verdict.policy());
        }
        if (request != null) {
            members.put("guardian_consent_request", request.id());
            members.put("guardian_consent_uri", consentUri);
        }
        return members;
    }
}
