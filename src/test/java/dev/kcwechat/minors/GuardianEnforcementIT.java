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
import dev.kcwechat.testing.OAuth;
import dev.kcwechat.testing.PolicyTime;
import dev.kcwechat.testing.TestRealm;
import dev.kcwechat.testing.TestUsers;
import dev.kcwechat.testing.WeChatRealmExtension;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.keycloak.representations.idm.UserRepresentation;

/**
 * The guardian policy a child cannot walk around, on the real Keycloak: only a verified guardian
 * approves, an approval keeps the child a minor, every token (token exchange included) is checked
 * per client, and a guardian sees their child and makes the limits stricter, never looser.
 */
@Tag(PolicyTime.TAG)
class GuardianEnforcementIT {

    private static final String GUARDIAN_APP = "parents-app";
    private static final String GUARDIAN_APP_SECRET = "parents-app-secret";
    private static final String EXCHANGER = "exchanger";
    private static final String EXCHANGER_SECRET = "exchanger-secret";
    private static final String PASSWORD = "Guardian-Passw0rd";
    private static final String ADULT = "1980-01-01";
    private static final String CHILD = "2016-06-01";
    /** A Saturday in Shanghai. */
    private static final LocalDate DAY = LocalDate.of(2026, 11, 21);
    private static final Map<String, String> POLICY = Map.of("curfew", "off", "dailyMinutes", "60,60,120", "consentUnder14", "true",
            "unknownAge", "allow", "guardianClients", GUARDIAN_APP);

    @RegisterExtension
    static final WeChatRealmExtension realm = WeChatRealmExtension.named("guardianenforce").with(r -> {
        r.addClient(GUARDIAN_APP, GUARDIAN_APP_SECRET);
        r.client(GUARDIAN_APP).setDirectAccessGrantsEnabled(true);
        r.addClient(EXCHANGER, EXCHANGER_SECRET);
        r.client(EXCHANGER).setAttributes(new HashMap<>(Map.of("standard.token.exchange.enabled", "true")));
        // the mini-program's tokens name the exchanger as an audience, as standard token exchange asks
        r.client(TestRealm.PUBLIC_CLIENT).setProtocolMappers(List.of(TestRealm.protocolMapper("exchanger audience",
                "oidc-audience-mapper", Map.of("included.client.audience", EXCHANGER, "access.token.claim", "true"))));
        r.representation().setEnabledEventTypes(List.of("LOGIN", "LOGIN_ERROR", "TOKEN_EXCHANGE_ERROR", "UPDATE_CONSENT",
                "GRANT_CONSENT", "REFRESH_TOKEN_ERROR"));
    });

    private static final GuardianSetup guardian = new GuardianSetup(realm);
    private final WeChatSimulator wechat = realm.wechat();
    private final OAuth oauth = realm.oauth();

    @BeforeAll
    static void policy() {
        guardian.postLoginPolicy("guardian", POLICY);
    }

    @AfterEach
    void runClock() {
        guardian.clock((LocalDateTime) null);
        guardian.savePolicyConfig(POLICY);
    }

    @Test
    void accountsThatAreNoVerifiedGuardianCannotApprove() {
        String request = consentRequest("oEnfFriend_openid_ABCDEFGHIJKLM");
        String friend = passwordToken(user("friend-no-birthdate", null));        // unknown age: an adult here, yet no guardian
        String child14 = passwordToken(user("older-sibling", "2011-01-01"));     // a minor

        assertNotVerified(decide(friend, request, "2016-06-01"));
        assertNotVerified(decide(child14, request, "2016-06-01"));
        Http.Answer miniProgramToken = miniProgramLogin("oEnfOtherKid_openid_ABCDEFGHIJK");
        Http.Answer withMiniProgramToken = decide(miniProgramToken.json().get("access_token").asText(), request, "2016-06-01");
        assertError(withMiniProgramToken, 403, "unauthorized_client");
        assertThat(decide(passwordToken(user("parent-verified", ADULT)), request, CHILD).status())
                .as("the request is still there for a verified guardian").isEqualTo(200);
    }

    @Test
    void anApprovalCannotMakeTheChildAnAdult() {
        String openid = "oEnfNoAdult_openid_ABCDEFGHIJKL";
        String request = consentRequest(openid);
        String parent = passwordToken(user("parent-1990", ADULT));

        assertError(decide(parent, request, "1990-01-01"), 400, "invalid_request");

        assertThat(realm.resource().users().get(childIdOf(request)).toRepresentation().firstAttribute("birthdate"))
                .as("still the child's").isEqualTo(CHILD);
        assertError(miniProgramLoginAnswer(openid), 403, "consent_required");
    }

    @Test
    void tokenExchangeIsCheckedForEachClientTheTokenIsFor() {
        String adultToken = miniProgramLogin("oEnfAdultExchange_openid_ABCDEF").json().get("access_token").asText();
        assertThat(exchange(adultToken).status()).as("an adult's exchange works: the setup is right").isEqualTo(200);
        String openid = "oEnfChildExchange_openid_ABCDEF";
        String request = consentRequest(openid);
        decide(passwordToken(user("parent-exchange", ADULT)), request, CHILD);
        String childToken = miniProgramLogin(openid).json().get("access_token").asText();

        Http.Answer refused = exchange(childToken);

        assertError(refused, 403, "consent_required");
        assertThat(refused.json().get("guardian_policy").asText()).isEqualTo("consent_required");
        assertThat(refused.json().get("guardian_consent_uri").asText()).startsWith(oauth.issuer() + "/wechat/guardian/consent/");
        assertThat(realm.events("TOKEN_EXCHANGE_ERROR", null, 10)).anySatisfy(e ->
                assertThat(e.getDetails()).containsEntry("guardian_policy", "consent_required"));
    }

    @Test
    void aGuardianSeesTheirChildAndMakesTheLimitsStricterNeverLooser() {
        String openid = "oEnfLimits_openid_ABCDEFGHIJKLM";
        String request = consentRequest(openid);
        String parent = passwordToken(user("parent-limits", ADULT));
        decide(parent, request, CHILD);
        guardian.clock(DAY.atTime(10, 0));
        String refresh = refreshToken(miniProgramLoginAnswer(openid));   // the day's first token: nothing counted yet

        Http.Answer children = Http.get(oauth.wechat("guardian/children"), parent);

        assertThat(children.status()).as(children.toString()).isEqualTo(200);
        assertThat(children.json()).hasSize(1);
        JsonNode child = children.json().get(0);
        assertThat(child.get("ageBracket").asText()).isEqualTo("under_14");
        assertThat(child.get("dailyMinutes").asInt()).isEqualTo(60);
        assertThat(child.get("minutesUsedToday").asInt()).isZero();
        assertThat(child.get("consents").get(0).get("clientId").asText()).isEqualTo(TestRealm.PUBLIC_CLIENT);
        String childId = child.get("userId").asText();
        assertError(setLimits(parent, childId, Map.of("dailyMinutes", 90)), 400, "invalid_request");
        assertError(setLimits(passwordToken(user("parent-other", ADULT)), childId, Map.of("dailyMinutes", 30)), 404, "not_found");

        Http.Answer stricter = setLimits(parent, childId, Map.of("dailyMinutes", 30));

        assertThat(stricter.status()).as(stricter.toString()).isEqualTo(200);
        assertThat(stricter.json().get("dailyMinutes").asInt()).isEqualTo(30);
        for (int minute = 5; minute < 30; minute += 5) {   // 5 minutes counted at each refresh, 25 in all
            guardian.clock(DAY.atTime(10, minute));
            refresh = refreshToken(oauth.refresh(TestRealm.PUBLIC_CLIENT, refresh));
        }
        guardian.clock(DAY.atTime(10, 30));
        Http.Answer past = oauth.refresh(TestRealm.PUBLIC_CLIENT, refresh);   // 30: the guardian's 30, not the realm's 60
        assertError(past, 400, "invalid_grant");
        Http.Answer login = miniProgramLoginAnswer(openid);
        assertError(login, 403, "access_denied");
        assertThat(login.json().get("guardian_policy").asText()).isEqualTo("daily_limit");
        assertThat(Http.get(oauth.wechat("guardian/children"), parent).json().get(0).get("minutesLeftToday").asInt()).isZero();
        assertThat(realm.events("UPDATE_CONSENT", null, 10)).anySatisfy(e ->
                assertThat(e.getDetails()).containsEntry("guardian_policy", "limits_changed").containsEntry("child_user_id", childId));
    }

    @Test
    void withRegisteredOnlyAGuardianAnAdminLinkedDecides() {
        guardian.savePolicyConfig(with(Map.of("guardianVerification", "registered")));
        String request = consentRequest("oEnfRegistered_openid_ABCDEFGHI");
        String childId = childIdOf(request);
        String adultStranger = passwordToken(user("adult-stranger", ADULT));
        assertNotVerified(decide(adultStranger, request, CHILD));
        String registeredId = TestUsers.create(realm.resource(), withBirthdate("parent-registered", ADULT));

        Http.Answer linked = realm.admin().post(realm.path("/wechat/guardians"), Map.of("child", childId, "guardian", registeredId));

        assertThat(linked.status()).as(linked.toString()).isEqualTo(201);
        assertThat(realm.admin().get(realm.path("/wechat/guardians?child=" + childId)).json().get(0).get("source").asText())
                .isEqualTo("admin");
        assertThat(decide(passwordToken("parent-registered"), request, CHILD).status()).isEqualTo(200);
    }

    private static Map<String, String> with(Map<String, String> changes) {
        Map<String, String> config = new HashMap<>(POLICY);
        config.putAll(changes);
        return config;
    }

    private static void assertNotVerified(Http.Answer answer) {
        assertError(answer, 403, "access_denied");
        assertThat(answer.json().get("guardian_policy").asText()).isEqualTo("guardian_not_verified");
    }

    /** A child under 14 (the birthdate an admin keeps) asks for consent: the request's id. */
    private String consentRequest(String openid) {
        String childId = new Jwt(miniProgramLogin(openid).json().get("access_token").asText()).claims().get("sub").asText();
        guardian.birthdate(childId, CHILD);
        Http.Answer refused = miniProgramLoginAnswer(openid);
        assertError(refused, 403, "consent_required");
        return refused.json().get("guardian_consent_request").asText();
    }

    private String childIdOf(String request) {
        return realm.events("LOGIN_ERROR", null, 100).stream().filter(e -> "consent_required".equals(e.getError()))
                .findFirst().orElseThrow().getUserId();
    }

    private Http.Answer miniProgramLogin(String openid) {
        Http.Answer answer = miniProgramLoginAnswer(openid);
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        return answer;
    }

    private Http.Answer miniProgramLoginAnswer(String openid) {
        return oauth.codeLogin(wechat.newCode(DEMO_APP_ID, openid, null));
    }

    private Http.Answer decide(String bearer, String request, String birthdate) {
        ObjectNode body = Http.JSON.createObjectNode().put("request", request).put("decision", "approve").put("birthdate", birthdate);
        return Http.postJson(oauth.wechat("guardian/consents"), body, bearer);
    }

    private Http.Answer setLimits(String bearer, String childId, Map<String, Object> limits) {
        return Http.putJson(oauth.wechat("guardian/children/" + childId + "/policy"), limits, bearer);
    }

    private Http.Answer exchange(String subjectToken) {
        return Http.postForm(oauth.tokenUrl(), Map.of("grant_type", "urn:ietf:params:oauth:grant-type:token-exchange",
                "client_id", EXCHANGER, "client_secret", EXCHANGER_SECRET, "subject_token", subjectToken,
                "subject_token_type", "urn:ietf:params:oauth:token-type:access_token"), null);
    }

    private static UserRepresentation withBirthdate(String username, String birthdate) {
        UserRepresentation user = TestUsers.withPassword(username, PASSWORD, username + "@example.com", "Parent", username);
        if (birthdate != null) {
            user.singleAttribute("birthdate", birthdate);
        }
        return user;
    }

    /** A password user; its username. */
    private String user(String username, String birthdate) {
        TestUsers.create(realm.resource(), withBirthdate(username, birthdate));
        return username;
    }

    private String passwordToken(String username) {
        Http.Answer answer = Http.postForm(oauth.tokenUrl(), Map.of("grant_type", "password", "client_id", GUARDIAN_APP,
                "client_secret", GUARDIAN_APP_SECRET, "username", username, "password", PASSWORD, "scope", "openid"), null);
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        return answer.json().get("access_token").asText();
    }

    private static String refreshToken(Http.Answer answer) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        return answer.json().get("refresh_token").asText();
    }
}
