package dev.kcwechat.minors.consent;

import dev.kcwechat.minors.policy.AgeBracket;
import dev.kcwechat.minors.policy.GuardianPolicy;
import dev.kcwechat.minors.policy.GuardianVerification;
import dev.kcwechat.minors.store.ConsentRecords;
import dev.kcwechat.minors.store.ConsentRequest;
import dev.kcwechat.minors.store.GuardianConsentEntity;
import dev.kcwechat.minors.store.GuardianLinks;
import dev.kcwechat.minors.store.GuardianSettings;
import dev.kcwechat.minors.store.PolicyClock;
import dev.kcwechat.records.AuthorizationKind;
import dev.kcwechat.records.AuthorizationRecords;
import dev.kcwechat.session.UserSessions;
import dev.kcwechat.users.UserEditableAttributes;
import java.time.Instant;
import java.util.Map;
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

    /** Why a decision or revocation is refused: the HTTP status, the OAuth error, the page's message key, the error's members. */
    public static final class Refused extends RuntimeException {
        private final int status;
        private final String error;
        private final String messageKey;
        private final Map<String, Object> members;

        Refused(int status, String error, String description, String messageKey) {
            this(status, error, description, messageKey, Map.of());
        }

        Refused(int status, String error, String description, String messageKey, Map<String, Object> members) {
            super(description, null, false, false);
            this.status = status;
            this.error = error;
            this.messageKey = messageKey;
            this.members = members;
        }

        /** The members the contract adds to the OAuth error ({@code guardian_policy}). */
        public Map<String, Object> members() {
            return members;
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

    /** The {@code guardian_policy} member of a refused guardian. */
    public static final String NOT_VERIFIED = "guardian_not_verified";

    private final KeycloakSession session;
    private final RealmModel realm;

    public GuardianConsents(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    /** The pending request, if this guardian may decide it; refused otherwise. */
    public ConsentRequest pendingFor(String requestId, UserModel guardian) {
        ConsentRequest request = new ConsentRequests(session).find(realm, requestId).orElseThrow(GuardianConsents::unknownRequest);
        verify(guardian, request.childUserId());
        return request;
    }

    /**
     * Refuses anyone but a verified guardian of that child (setting {@code guardianVerification}):
     * never the child, a minor or someone of unknown age; a guardian an admin linked to the child;
     * with {@code trusted-adult} also an adult by a birthdate users cannot edit themselves.
     */
    public void verify(UserModel guardian, String childUserId) {
        if (guardian.getId().equals(childUserId)) {
            throw notVerified("A user cannot act as their own guardian", "wechatGuardianSelf");
        }
        GuardianPolicy policy = GuardianSettings.of(session, realm);
        AgeBracket guardianAge = policy.bracket(guardian.getFirstAttribute(AgeBracket.BIRTHDATE_ATTRIBUTE), now());
        if (guardianAge.isMinor()) {
            throw notVerified("Only an adult can act as a guardian", "wechatGuardianNotAdult");
        }
        if (new GuardianLinks(session).linkedByAdmin(realm, childUserId, guardian.getId())) {
            return;
        }
        if (policy.guardianVerification() == GuardianVerification.REGISTERED) {
            throw notVerified("Only a guardian an administrator registered for this child can act for them", "wechatGuardianNotRegistered");
        }
        if (guardianAge != AgeBracket.ADULT || UserEditableAttributes.usersCanEdit(session, AgeBracket.BIRTHDATE_ATTRIBUTE)) {
            throw notVerified("Only an adult whose birthdate this realm vouches for can act as a guardian", "wechatGuardianNotAdult");
        }
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
        // only an admin makes a minor an adult: a guardian confirms or corrects a minor's birthdate
        if ((approve || confirmed != null)
                && !GuardianSettings.of(session, realm).bracket(confirmed, now()).isMinor()) {
            throw new Refused(400, "invalid_request", "birthdate must be the child's, YYYY-MM-DD, a date that makes them a minor",
                    "wechatGuardianBadBirthdate");
        }
        pendingFor(requestId, guardian);
        ConsentRequest request = new ConsentRequests(session).take(realm, requestId).orElseThrow(GuardianConsents::unknownRequest);
        UserModel child = session.users().getUserById(realm, request.childUserId());
        if (child == null) {
            throw unknownRequest();
        }
        if (approve) {
            child.setSingleAttribute(AgeBracket.BIRTHDATE_ATTRIBUTE, confirmed);
            new GuardianLinks(session).link(realm, child.getId(), guardian.getId(), GuardianLinks.APPROVAL, null);
        }
        GuardianConsentEntity record = new ConsentRecords(session).record(request, guardian.getId(), decision, confirmed,
                session.getContext().getConnection().getRemoteHost(),
                session.getContext().getRequestHeaders().getHeaderString("User-Agent"));
        // on the child's record: the guardian's decision for that client (a decline is a decision too)
        new AuthorizationRecords(session).record(realm, new AuthorizationRecords.Act(request.childUserId(), request.clientId(),
                AuthorizationKind.GUARDIAN_CONSENT, decision + " by guardian " + guardian.getId(), null));
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
            new AuthorizationRecords(session).record(realm, new AuthorizationRecords.Act(record.getChildUserId(), record.getClientId(),
                    AuthorizationKind.REVOCATION, "guardian consent " + record.getId() + " revoked by " + by.getId(), null));
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

    private static Refused notVerified(String description, String messageKey) {
        return new Refused(403, Errors.ACCESS_DENIED, description, messageKey, Map.of(GuardianPolicy.GUARDIAN_POLICY, NOT_VERIFIED));
    }

    private static Refused unknownRequest() {
        return new Refused(400, "invalid_request", "The consent request is unknown, expired or already decided",
                "wechatGuardianRequestInvalid");
    }
}
