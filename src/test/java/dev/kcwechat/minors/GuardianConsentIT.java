package dev.kcwechat.minors;

import static dev.kcwechat.simulator.WeChatSimulator.DEMO_APP_ID;
import static dev.kcwechat.testing.OAuthErrors.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kcwechat.simulator.WeChatSimulator;
import dev.kcwechat.testing.GuardianSetup;
import dev.kcwechat.testing.Http;
import dev.kcwechat.testing.Jwt;
import dev.kcwechat.testing.KeycloakAdmin;
import dev.kcwechat.testing.OAuth;
import dev.kcwechat.testing.PolicyTime;
import dev.kcwechat.testing.TestRealm;
import dev.kcwechat.testing.TestUsers;
import dev.kcwechat.testing.WeChatRealmExtension;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.ArrayList;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.keycloak.admin.client.resource.UsersResource;
import org.keycloak.representations.idm.EventRepresentation;
import org.keycloak.representations.idm.RoleRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

/**
 * Guardian consent through the API on a real Keycloak: the child's refusal carries a request, a
 * guardian approves or declines it once, revocation ends the child's sessions, records outlive
 * the child's user and export as JSON and CSV, every decision is an event.
 */
@Tag(PolicyTime.TAG)
class GuardianConsentIT {

    static final String GUARDIAN_APP = "guardian-app";
    static final String GUARDIAN_APP_SECRET = "guardian-app-secret";
    static final String PASSWORD = "Guardian-Passw0rd";
    /** A guardian's birthdate: only an adult whose birthdate the realm vouches for decides. */
    static final String ADULT = "1980-01-01";

    @RegisterExtension
    static final WeChatRealmExtension realm = WeChatRealmExtension.named("guardianconsent").with(r -> {
        r.addClient(GUARDIAN_APP, GUARDIAN_APP_SECRET);
        r.client(GUARDIAN_APP).setDirectAccessGrantsEnabled(true);
        r.representation().setEventsEnabled(true);
        r.representation().setAdminEventsEnabled(true);
        r.representation().setEnabledEventTypes(List.of("GRANT_CONSENT", "GRANT_CONSENT_ERROR", "REVOKE_GRANT", "LOGIN_ERROR", "REGISTER"));
    });

    private static final GuardianSetup guardian = new GuardianSetup(realm);
    private final WeChatSimulator wechat = realm.wechat();
    private final KeycloakAdmin admin = realm.admin();
    private final UsersResource accounts = realm.resource().users();
    private final OAuth oauth = realm.oauth();

    @BeforeAll
    static void policy() {
        guardian.postLoginPolicy("guardian", Map.of("curfew", "off", "dailyMinutes", "off", "consentUnder14", "true",
                "consentRetentionDays", "1200", "guardianClients", GUARDIAN_APP));
    }

    @Test
    void aChildWithoutConsentGetsARequestAndKeepsTheirAccount() {
        int users = realm.userCount();

        Http.Answer refused = childLogin("oChildNoConsent_openid_ABCDEFGHI");

        assertError(refused, 403, "consent_required");
        assertThat(refused.json().get("guardian_policy").asText()).isEqualTo("consent_required");
        String request = refused.json().get("guardian_consent_request").asText();
        assertThat(refused.json().get("guardian_consent_uri").asText())
                .isEqualTo(oauth.issuer() + "/wechat/guardian/consent/" + request);
        assertThat(realm.userCount()).as("the pending child's account stays, for the guardian to consent to").isEqualTo(users + 1);
        String childId = childIdOf(request);
        assertThat(events("LOGIN_ERROR")).anySatisfy(e -> {
            assertThat(e.getUserId()).isEqualTo(childId);
            assertThat(e.getDetails().get("guardian_policy")).isEqualTo("consent_required");
        });
        assertThat(events("REGISTER")).anySatisfy(e -> {
            assertThat(e.getUserId()).isEqualTo(childId);
            assertThat(e.getError()).as("registered, though not yet let in").isNull();
        });
    }

    @Test
    void aGuardiansApprovalThroughTheApiLetsTheChildInOnce() {
        String openid = "oChildApproved_openid_ABCDEFGHIJ";
        String request = consentRequest(childLogin(openid));
        String parent = passwordToken(user("parent-approve", ADULT));

        Http.Answer approved = decide(parent, request, "approve", "2015-05-05");

        assertThat(approved.status()).as(approved.toString()).isEqualTo(200);
        assertThat(approved.json().get("decision").asText()).isEqualTo("approve");
        assertThat(approved.json().get("id").asText()).isNotBlank();
        Http.Answer child = childLogin(openid);
        assertThat(child.status()).as(child.toString()).isEqualTo(200);
        String childId = new Jwt(child.json().get("access_token").asText()).claims().get("sub").asText();
        assertThat(accounts.get(childId).toRepresentation().firstAttribute("birthdate"))
                .as("the birthdate the guardian confirmed").isEqualTo("2015-05-05");
        assertError(decide(parent, request, "approve", "2015-05-05"), 400, "invalid_request");
        assertThat(events("GRANT_CONSENT")).anySatisfy(e -> {
            assertThat(e.getDetails().get("guardian_policy")).isEqualTo("consent_approved");
            assertThat(e.getDetails().get("consent_id")).isEqualTo(approved.json().get("id").asText());
            assertThat(e.getDetails().get("child_user_id")).isEqualTo(childId);
        });
    }

    @Test
    void aDeclinedRequestStaysDeclined() {
        String openid = "oChildDeclined_openid_ABCDEFGHIJ";
        String request = consentRequest(childLogin(openid));
        String parent = passwordToken(user("parent-decline", ADULT));

        Http.Answer declined = decide(parent, request, "decline", null);

        assertThat(declined.status()).as(declined.toString()).isEqualTo(200);
        assertThat(declined.json().get("decision").asText()).isEqualTo("decline");
        assertError(decide(parent, request, "approve", "2015-05-05"), 400, "invalid_request");
        Http.Answer again = childLogin(openid);
        assertError(again, 403, "consent_required");
        assertThat(consentRequest(again)).as("a new request, the declined one stays declined").isNotEqualTo(request);
        assertThat(events("GRANT_CONSENT_ERROR")).anySatisfy(e -> {
            assertThat(e.getError()).isEqualTo("consent_denied");
            assertThat(e.getDetails().get("guardian_policy")).isEqualTo("consent_declined");
        });
    }

    @Test
    void nobodyConsentsForThemselvesAndOnlyAdultsConsent() {
        String openid = "oChildSelf_openid_ABCDEFGHIJKLMN";
        Http.Answer refused = childLogin(openid);
        String request = consentRequest(refused);
        String childId = childIdOf(request);
        UserRepresentation child = accounts.get(childId).toRepresentation();
        child.setEmail("child-self@example.com");
        child.setEmailVerified(true);
        child.setFirstName("Child");
        child.setLastName("Self");
        accounts.get(childId).update(child);
        accounts.get(childId).resetPassword(TestUsers.password(PASSWORD));
        String minorGuardian = passwordToken(user("parent-minor", "2012-01-01"));

        // the child gets no token of the guardians' app at all: it needs a guardian's consent too
        assertError(passwordAnswer(child.getUsername()), 403, "consent_required");
        assertError(decide(minorGuardian, request, "approve", "2015-01-01"), 403, "access_denied");
        assertThat(decide(minorGuardian, request, "approve", "2015-01-01").json().get("guardian_policy").asText())
                .isEqualTo("guardian_not_verified");
        assertError(decide(passwordToken(user("parent-badday", ADULT)), request, "approve", "2999-01-01"), 400, "invalid_request");
        assertThat(decide(passwordToken(user("parent-self-ok", ADULT)), request, "approve", "2015-01-01").status())
                .as("the request was not used up by the refusals").isEqualTo(200);
    }

    @Test
    void revocationEndsTheChildsSessionsAndAskForConsentAgain() {
        String openid = "oChildRevoked_openid_ABCDEFGHIJK";
        String request = consentRequest(childLogin(openid));
        String parentName = user("parent-revoke", ADULT);
        String parent = passwordToken(parentName);
        String consentId = decide(parent, request, "approve", "2016-02-02").json().get("id").asText();
        Http.Answer child = childLogin(openid);
        assertThat(child.status()).isEqualTo(200);
        String childId = new Jwt(child.json().get("access_token").asText()).claims().get("sub").asText();
        assertThat(guardian.sessions(childId)).isPositive();
        Http.Answer stranger = Http.delete(oauth.issuer() + "/wechat/guardian/consents/" + consentId, passwordToken(user("stranger", ADULT)));
        assertError(stranger, 403, "access_denied");

        Http.Answer revoked = Http.delete(oauth.issuer() + "/wechat/guardian/consents/" + consentId, parent);

        assertThat(revoked.status()).as(revoked.toString()).isEqualTo(204);
        assertThat(guardian.sessions(childId)).isZero();
        assertError(oauth.refresh(TestRealm.PUBLIC_CLIENT, child.json().get("refresh_token").asText()), 400, "invalid_grant");
        assertError(childLogin(openid), 403, "consent_required");
        JsonNode record = exported(childId).get(0);
        assertThat(record.get("revokedAt").isNull()).isFalse();
        assertThat(events("REVOKE_GRANT")).anySatisfy(e -> assertThat(e.getDetails().get("consent_id")).isEqualTo(consentId));
        // the child's authorization trail: the guardian's approval, then its revocation
        List<String> trail = new ArrayList<>();
        admin.get(realm.path("/wechat/authorizations?user=" + childId)).json().forEach(r -> trail.add(r.get("kind").asText()));
        assertThat(trail).containsSubsequence("guardian_consent", "revocation");
        assertThat(trail).filteredOn("guardian_consent"::equals).hasSize(1);
    }

    @Test
    void anAdministratorRevokesThroughTheAdminApi() {
        String openid = "oChildAdminRevoke_openid_ABCDEFG";
        String request = consentRequest(childLogin(openid));
        String consentId = decide(passwordToken(user("parent-admin", ADULT)), request, "approve", "2016-03-03").json().get("id").asText();
        assertThat(childLogin(openid).status()).isEqualTo(200);

        // the extension's admin endpoint: the admin client has no resource for it
        Http.Answer revoked = admin.delete(realm.path("/wechat/consents/" + consentId));

        assertThat(revoked.status()).as(revoked.toString()).isEqualTo(204);
        assertThat(realm.resource().getAdminEvents()).anySatisfy(e -> {
            assertThat(e.getResourceType()).isEqualTo("WECHAT_GUARDIAN_CONSENT");
            assertThat(e.getOperationType()).isEqualTo("DELETE");
            assertThat(e.getResourcePath()).endsWith(consentId);
        });
        assertError(childLogin(openid), 403, "consent_required");
    }

    @Test
    void aUserOfTheRealmWhoManagesUsersRevokesThroughTheRealmsApi() {
        String openid = "oChildHelpdesk_openid_ABCDEFGHIJ";
        String consentId = decide(passwordToken(user("parent-helpdesk", ADULT)), consentRequest(childLogin(openid)), "approve",
                "2016-04-04").json().get("id").asText();
        String helpdesk = user("helpdesk", ADULT);
        String helpdeskId = accounts.search(helpdesk, true).get(0).getId();
        String realmManagement = realm.resource().clients().findByClientId("realm-management").get(0).getId();
        RoleRepresentation manageUsers = realm.resource().clients().get(realmManagement).roles().get("manage-users").toRepresentation();
        accounts.get(helpdeskId).roles().clientLevel(realmManagement).add(List.of(manageUsers));

        Http.Answer revoked = Http.delete(oauth.issuer() + "/wechat/guardian/consents/" + consentId, passwordToken(helpdesk));

        assertThat(revoked.status()).as(revoked.toString()).isEqualTo(204);
        assertError(childLogin(openid), 403, "consent_required");
    }

    @Test
    void recordsOutliveTheChildsUserAndExportAsCsv() {
        String request = consentRequest(childLogin("oChildDeleted_openid_ABCDEFGHIJK"));
        String childId = childIdOf(request);
        String parentName = user("parent-export", ADULT);
        String consentId = decide(passwordToken(parentName), request, "approve", "2014-12-31").json().get("id").asText();

        try (Response deleted = accounts.delete(childId)) {
            assertThat(deleted.getStatus()).isEqualTo(204);
        }

        JsonNode json = exported(childId);
        assertThat(json).hasSize(1);
        assertThat(json.get(0).get("id").asText()).isEqualTo(consentId);
        assertThat(json.get(0).get("clientId").asText()).isEqualTo(TestRealm.PUBLIC_CLIENT);
        assertThat(json.get(0).get("decision").asText()).isEqualTo("approve");
        // the extension's export as CSV, raw like the rest of its admin endpoint
        Http.Answer csv = admin.get(realm.path("/wechat/consents?user=" + childId), "text/csv");
        assertThat(csv.status()).as(csv.toString()).isEqualTo(200);
        assertThat(csv.raw().headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        List<String> lines = csv.body().lines().toList();
        assertThat(lines.get(0)).startsWith("id,childUserId,guardianUserId,clientId,decision,createdAt,revokedAt");
        assertThat(lines).hasSize(2);
        assertThat(lines.get(1)).startsWith(consentId + "," + childId + ",").contains(",mini-program,approve,");
        assertThat(admin.get(realm.path("/wechat/consents?from=2000-01-01&to=2001-01-01")).json()).isEmpty();
    }

    @Test
    void recordsEndedLongerAgoThanTheRetentionGoApprovalsInForceStay() throws InterruptedException {
        String parent = passwordToken(user("parent-retention", ADULT));
        String declinedChild = childIdOf(consentRequest(childLogin("oChildRetentionDeclined_openid_AB")));
        decide(parent, consentRequest(childLogin("oChildRetentionDeclined_openid_AB")), "decline", null);
        String revokedRequest = consentRequest(childLogin("oChildRetentionRevoked_openid_ABC"));
        String revokedChild = childIdOf(revokedRequest);
        String revokedId = decide(parent, revokedRequest, "approve", "2016-01-01").json().get("id").asText();
        assertThat(Http.delete(oauth.issuer() + "/wechat/guardian/consents/" + revokedId, parent).status()).isEqualTo(204);
        String activeRequest = consentRequest(childLogin("oChildRetentionActive_openid_ABCD"));
        String activeChild = childIdOf(activeRequest);
        decide(parent, activeRequest, "approve", "2016-01-01");
        try {
            guardian.clock(Instant.now().plus(Duration.ofDays(1199)));
            Thread.sleep(6_000);   // three runs of the retention task (every 2 s in tests)
            assertThat(exported(declinedChild)).as("1199 days < consentRetentionDays 1200").hasSize(1);
            assertThat(exported(revokedChild)).hasSize(1);

            guardian.clock(Instant.now().plus(Duration.ofDays(1201)));
            long deadline = System.currentTimeMillis() + 20_000;
            while ((!exported(declinedChild).isEmpty() || !exported(revokedChild).isEmpty()) && System.currentTimeMillis() < deadline) {
                Thread.sleep(500);
            }
            assertThat(exported(declinedChild)).as("declined 1201 days ago").isEmpty();
            assertThat(exported(revokedChild)).as("revoked 1201 days ago").isEmpty();
            assertThat(exported(activeChild)).as("an approval in force stays").hasSize(1);
        } finally {
            guardian.clock((LocalDateTime) null);
        }
    }

    /** The extension's admin export (no resource in the admin client): the user's consent records. */
    private JsonNode exported(String userId) {
        Http.Answer answer = admin.get(realm.path("/wechat/consents?user=" + userId));
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        return answer.json();
    }

    private Http.Answer childLogin(String openid) {
        return oauth.codeLogin(wechat.newCode(DEMO_APP_ID, openid, null));
    }

    private Http.Answer decide(String bearer, String request, String decision, String birthdate) {
        ObjectNode body = Http.JSON.createObjectNode().put("request", request).put("decision", decision);
        if (birthdate != null) {
            body.put("birthdate", birthdate);
        }
        return Http.postJson(oauth.issuer() + "/wechat/guardian/consents", body, bearer);
    }

    /** The child of a pending request: the newest user of the realm signed up by WeChat. */
    private String childIdOf(String request) {
        for (EventRepresentation event : events("LOGIN_ERROR")) {
            if ("consent_required".equals(event.getError())) {
                return event.getUserId();
            }
        }
        throw new AssertionError("no consent_required event for request " + request);
    }

    private static String consentRequest(Http.Answer refused) {
        assertError(refused, 403, "consent_required");
        return refused.json().get("guardian_consent_request").asText();
    }

    /** A password user; returns its username. */
    private String user(String username, String birthdate) {
        UserRepresentation user = TestUsers.withPassword(username, PASSWORD, username + "@example.com", "Parent", username);
        if (birthdate != null) {
            user.singleAttribute("birthdate", birthdate);
        }
        TestUsers.create(realm.resource(), user);
        return username;
    }

    private String passwordToken(String username) {
        Http.Answer answer = passwordAnswer(username);
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        return answer.json().get("access_token").asText();
    }

    private Http.Answer passwordAnswer(String username) {
        return Http.postForm(oauth.tokenUrl(), Map.of("grant_type", "password", "client_id", GUARDIAN_APP,
                "client_secret", GUARDIAN_APP_SECRET, "username", username, "password", PASSWORD, "scope", "openid"), null);
    }

    private List<EventRepresentation> events(String type) {
        return realm.events(type, null, 100);
    }
}
