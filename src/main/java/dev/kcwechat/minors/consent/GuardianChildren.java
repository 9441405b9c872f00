package dev.kcwechat.minors.consent;

import dev.kcwechat.minors.policy.AgeBracket;
import dev.kcwechat.minors.policy.ChildLimits;
import dev.kcwechat.minors.policy.Curfew;
import dev.kcwechat.minors.policy.GuardianPolicy;
import dev.kcwechat.minors.store.ChildPolicies;
import dev.kcwechat.minors.store.ConsentRecords;
import dev.kcwechat.minors.store.GuardianConsentEntity;
import dev.kcwechat.minors.store.GuardianLinkEntity;
import dev.kcwechat.minors.store.GuardianLinks;
import dev.kcwechat.minors.store.GuardianSettings;
import dev.kcwechat.minors.store.PolicyClock;
import dev.kcwechat.minors.store.ScreenTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * A guardian's children and what the guardian may do for them: see each child's day (minutes used
 * and left, curfew, consents), and set the child's own limits, only stricter than the realm's.
 * Every change is a consent record and a Keycloak event. A child is the guardian's by a link (an
 * approval or an admin's), while the guardian stays verified for them.
 */
public final class GuardianChildren {

    private final KeycloakSession session;
    private final RealmModel realm;

    public GuardianChildren(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    /** The guardian's children, each as the contract's entry. */
    public List<Map<String, Object>> of(UserModel guardian) {
        GuardianConsents consents = new GuardianConsents(session, realm);
        List<Map<String, Object>> children = new ArrayList<>();
        for (GuardianLinkEntity link : new GuardianLinks(session).childrenOf(realm, guardian.getId())) {
            UserModel child = session.users().getUserById(realm, link.getChildUserId());
            if (child == null || !verified(consents, guardian, child)) {
                continue;
            }
            children.add(entry(child));
        }
        return children;
    }

    /**
     * Sets the child's own limits: {@code curfew} ({@code HH:MM-HH:MM}) and {@code dailyMinutes};
     * an absent one is the realm's. A looser value than the realm's is refused.
     *
     * @return the child's entry with the limits in effect
     */
    public Map<String, Object> setLimits(UserModel guardian, String childUserId, Object curfew, Object dailyMinutes, String clientId,
                                         EventBuilder event) {
        UserModel child = childOf(guardian, childUserId);
        ChildLimits limits;
        try {
            limits = new ChildLimits(curfew == null ? Optional.empty() : Curfew.fromConfig(text(curfew)), minutes(dailyMinutes));
        } catch (IllegalArgumentException e) {
            throw invalid(e.getMessage());
        }
        GuardianPolicy policy = GuardianSettings.of(session, realm);
        AgeBracket bracket = policy.bracket(child.getFirstAttribute(AgeBracket.BIRTHDATE_ATTRIBUTE), now());
        limits.loosens(policy, bracket).ifPresent(reason -> {
            throw invalid("A guardian can only make the realm's policy stricter: " + reason);
        });
        new ChildPolicies(session).set(realm, child.getId(), limits, guardian.getId());
        String described = "curfew=" + limits.curfew().map(Curfew::window).orElse("realm")
                + " dailyMinutes=" + (limits.dailyMinutes().isPresent() ? limits.dailyMinutes().getAsInt() : "realm");
        GuardianConsentEntity record = new ConsentRecords(session).recordLimits(realm, child.getId(), guardian.getId(), clientId, described,
                session.getContext().getConnection().getRemoteHost(), session.getContext().getRequestHeaders().getHeaderString("User-Agent"));
        event.event(EventType.UPDATE_CONSENT).user(guardian).client(clientId)
                .detail(GuardianPolicy.GUARDIAN_POLICY, "limits_changed")
                .detail("consent_id", record.getId())
                .detail("child_user_id", child.getId())
                .detail("guardian_user_id", guardian.getId())
                .detail("limits", described)
                .success();
        return entry(child, limits);
    }

    /** The child, if the guardian is theirs and verified; else refused. */
    UserModel childOf(UserModel guardian, String childUserId) {
        UserModel child = childUserId == null ? null : session.users().getUserById(realm, childUserId);
        if (child == null || !new GuardianLinks(session).linked(realm, child.getId(), guardian.getId())) {
            throw new GuardianConsents.Refused(404, "not_found", "No child of this guardian has that id", "wechatGuardianRequestInvalid");
        }
        new GuardianConsents(session, realm).verify(guardian, child.getId());
        return child;
    }

    private Map<String, Object> entry(UserModel child) {
        return entry(child, new ChildPolicies(session).limitsOf(realm, child.getId()));
    }

    private Map<String, Object> entry(UserModel child, ChildLimits limits) {
        GuardianPolicy policy = GuardianSettings.of(session, realm);
        Instant now = now();
        AgeBracket bracket = policy.bracket(child.getFirstAttribute(AgeBracket.BIRTHDATE_ATTRIBUTE), now);
        long used = new ScreenTime(session).secondsOf(realm, child, policy.today(now));
        OptionalInt budget = policy.budgetSeconds(bracket, limits);
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("userId", child.getId());
        entry.put("username", child.getUsername());
        entry.put("ageBracket", bracket.claimValue());
        entry.put("minutesUsedToday", used / 60);
        entry.put("minutesLeftToday", budget.isPresent() ? Math.max(0, budget.getAsInt() - used) / 60 : null);
        entry.put("curfew", effectiveCurfew(policy, limits));
        entry.put("dailyMinutes", budget.isPresent() ? budget.getAsInt() / 60 : null);
        List<Map<String, Object>> consents = new ArrayList<>();
        for (GuardianConsentEntity record : new ConsentRecords(session).ofChild(realm, child.getId())) {
            if (ConsentRecords.LIMITS.equals(record.getDecision())) {
                continue;
            }
            Map<String, Object> consent = new LinkedHashMap<>();
            consent.put("id", record.getId());
            consent.put("clientId", record.getClientId());
            consent.put("decision", record.getDecision());
            consent.put("createdAt", Instant.ofEpochMilli(record.getCreatedAt()).toString());
            consent.put("revokedAt", record.getRevokedAt() == null ? null : Instant.ofEpochMilli(record.getRevokedAt()).toString());
            consents.add(consent);
        }
        entry.put("consents", consents);
        return entry;
    }

    /** The curfew in effect: the guardian's where set (it covers the realm's), else the realm's; null when none. */
    private static String effectiveCurfew(GuardianPolicy policy, ChildLimits limits) {
        return limits.curfew().or(policy::curfew).map(Curfew::window).orElse(null);
    }

    private boolean verified(GuardianConsents consents, UserModel guardian, UserModel child) {
        try {
            consents.verify(guardian, child.getId());
            return true;
        } catch (GuardianConsents.Refused e) {
            return false;
        }
    }

    private Instant now() {
        return PolicyClock.now(session, realm);
    }

    private static String text(Object value) {
        if (value instanceof String text) {
            return text;
        }
        throw invalid("curfew must be a string HH:MM-HH:MM");
    }

    private static OptionalInt minutes(Object value) {
        if (value == null) {
            return OptionalInt.empty();
        }
        if (value instanceof Integer minutes) {
            return OptionalInt.of(minutes);
        }
        if (value instanceof String text && text.trim().matches("\\d{1,4}")) {
            return OptionalInt.of(Integer.parseInt(text.trim()));
        }
        throw invalid("dailyMinutes must be a whole number of minutes");
    }

    private static GuardianConsents.Refused invalid(String description) {
        return new GuardianConsents.Refused(400, "invalid_request", description, "wechatGuardianLimitsInvalid");
    }
}
