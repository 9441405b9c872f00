package dev.kcwechat.minors.consent;

import dev.kcwechat.minors.policy.AgeBracket;
import dev.kcwechat.minors.policy.GuardianPolicy;
import dev.kcwechat.minors.store.ConsentRecords;
import dev.kcwechat.minors.store.ConsentRequest;
import dev.kcwechat.minors.store.GuardianConsentEntity;
import dev.kcwechat.minors.store.PolicyClock;
import dev.kcwechat.session.UserSessions;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Guardians' decisions and revocations, the same through the consent page, the API and the admin
 * API: each is a record and a Keycloak event whose {@code guardian_policy} detail names it.
 */
public final class GuardianConsents {

    /** Why a decision or revocation is refused: the HTTP status, the OAuth error and the page's message key. */
    public static final class Refused extends RuntimeException {
        private final int status;
        private final String error;
        private final String messageKey;

        Refused(int status, String error, String description, String messageKey) {
            super(description, null, false, false);
            this.status = status;
            this.error = error;
            this.messageKey = messageKey;
        }

        public int status() {
            return status;
        }

        public String error() {
            return error;
        }

        public String messageKey() {
            return messageKey;
        }
    }

    private static final ZoneId BIRTHDAYS = ZoneId.of(GuardianPolicy.DEFAULT_TIME_ZONE);

    private final KeycloakSession session;
    private final RealmModel realm;

    public GuardianConsents(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    /** The pending request, if this guardian may decide it; refused otherwise. */
    public ConsentRequest pendingFor(String requestId, UserModel guardian) {
        ConsentRequest request = new ConsentRequests(session).find(realm, requestId).orElseThrow(GuardianConsents::unknownRequest);
        if (guardian.getId().equals(request.childUserId())) {
            throw new Refused(403, Errors.ACCESS_DENIED, "A user cannot consent for themselves", "wechatGuardianSelf");
        }
        AgeBracket guardianAge = AgeBracket.of(guardian.getFirstAttribute(AgeBracket.BIRTHDATE_ATTRIBUTE), now(), BIRTHDAYS);
        if (guardianAge.isMinor()) {
            throw new Refused(403, Errors.ACCESS_DENIED, "Only an adult can give a guardian's consent", "wechatGuardianNotAdult");
        }
        return request;
    }

    /**
     * Decides a request once: an approval sets the child's birthdate to the one the guardian
     * confirmed; a decline stays a decline (the request is gone either way).
     */
    public GuardianConsentEntity decide(String requestId, UserModel guardian, String decision, String birthdate, EventBuilder event) {
        boolean approve = ConsentRecords.APPROVE.equals(decision);
        if (!approve && !ConsentRecords.DECLINE.equals(decision)) {
            throw new Refused(400, "invalid_request", "decision must be approve or decline", "wechatGuardianRequestInvalid");
        }
        String confirmed = birthdate == null || birthdate.isBlank() ? null : birthdate.trim();
        if ((approve || confirmed != null) && AgeBracket.of(confirmed, now(), BIRTHDAYS) == AgeBracket.UNKNOWN) {
            throw new Refused(400, "invalid_request", "birthdate must be a past date, YYYY-MM-DD", "wechatGuardianBadBirthdate");
        }
        pendingFor(requestId, guardian);
        ConsentRequest request = new ConsentRequests(session).take(realm, requestId).orElseThrow(GuardianConsents::unknownRequest);
        UserModel child = session.users().getUserById(realm, request.childUserId());
        if (child == null) {
            throw unknownRequest();
        }
        if (approve) {
            child.setSingleAttribute(AgeBracket.BIRTHDATE_ATTRIBUTE, confirmed);
        }
        GuardianConsentEntity record = new ConsentRecords(session).record(request, guardian.getId(), decision, confirmed,
                session.getContext().getConnection().getRemoteHost(),
                session.getContext().getRequestHeaders().getHeaderString("User-Agent"));
        event.event(approve ? EventType.GRANT_CONSENT : EventType.GRANT_CONSENT_ERROR).user(guardian).client(request.clientId())
                .detail(GuardianPolicy.GUARDIAN_POLICY, approve ? "consent_approved" : "consent_declined")
                .detail("consent_id", record.getId())
                .detail("child_user_id", request.childUserId())
                .detail("guardian_user_id", guardian.getId());
        if (approve) {
            event.success();
        } else {
            event.error(Errors.CONSENT_DENIED);
        }
        return record;
    }

    /** The record of that id in this realm, if any. */
    public Optional<GuardianConsentEntity> find(String id) {
        return new ConsentRecords(session).find(realm, id);
    }

    /** Revokes an approval: the record keeps the time and who; the child's sessions end at once. */
    public void revoke(GuardianConsentEntity record, UserModel by, EventBuilder event) {
        if (!ConsentRecords.APPROVE.equals(record.getDecision())) {
            throw new Refused(400, "invalid_request", "Only an approval can be revoked", "wechatGuardianRequestInvalid");
        }
        if (record.getRevokedAt() == null) {
            new ConsentRecords(session).revoke(record, by.getId());
        }
        UserModel child = session.users().getUserById(realm, record.getChildUserId());
        if (child != null) {
            UserSessions.endAll(session, realm, child);
        }
        event.event(EventType.REVOKE_GRANT).user(by).client(record.getClientId())
                .detail(GuardianPolicy.GUARDIAN_POLICY, "consent_revoked")
                .detail("consent_id", record.getId())
                .detail("child_user_id", record.getChildUserId())
                .detail("guardian_user_id", record.getGuardianUserId())
                .success();
    }

    private Instant now() {
        return PolicyClock.now(session, realm);
    }

    private static Refused unknownRequest() {
        return new Refused(400, "invalid_request", "The consent request is unknown, expired or already decided",
                "wechatGuardianRequestInvalid");
    }
}
