package dev.kcwechat.login;

import static dev.kcwechat.simulator.WeChatSimulator.DEMO_APP_ID;
import static dev.kcwechat.simulator.WeChatSimulator.DEMO_APP_SECRET;
import static dev.kcwechat.simulator.WeChatSimulator.JSCODE2SESSION;
import static dev.kcwechat.testing.OAuthErrors.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kcwechat.simulator.WeChatSimulator;
import dev.kcwechat.testing.Http;
import dev.kcwechat.testing.Jwt;
import dev.kcwechat.testing.KeycloakAdmin;
import dev.kcwechat.testing.OAuth;
import dev.kcwechat.testing.TestRealm;
import dev.kcwechat.testing.WeChatRealmExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The mini-program code grant on a real Keycloak, against the WeChat simulator. */
class CodeGrantIT {

    private static final String REALM = "codegrant";

    @RegisterExtension
    static final WeChatRealmExtension realm = WeChatRealmExtension.named(REALM).with(CodeGrantIT::customize);

    /** IdP mappers of two kinds, and a default required action that a brokered WeChat user must not get. */
    private static void customize(TestRealm r) {
        ArrayNode mappers = r.representation().withArray("identityProviderMappers");
        mappers.addObject().put("name", "source").put("identityProviderAlias", TestRealm.IDP_ALIAS)
                .put("identityProviderMapper", "hardcoded-attribute-idp-mapper")
                .putObject("config").put("syncMode", "INHERIT").put("attribute", "signup_source").put("attribute.value", "mini-program");
        mappers.addObject().put("name", "channel").put("identityProviderAlias", TestRealm.IDP_ALIAS)
                .put("identityProviderMapper", "hardcoded-user-session-attribute-idp-mapper")
                .putObject("config").put("syncMode", "INHERIT").put("attribute", "channel").put("attribute.value", "wechat");
        ((ObjectNode) r.representation().withArray("clients").get(0)).putArray("protocolMappers").addObject()
                .put("name", "channel").put("protocol", "openid-connect").put("protocolMapper", "oidc-usersessionmodel-note-mapper")
                .putObject("config").put("user.session.note", "channel").put("claim.name", "channel")
                .put("access.token.claim", "true").put("jsonType.label", "String");
        // the backend introspects its own tokens: Keycloak wants the introspecting client in the audience
        ((ObjectNode) r.representation().withArray("clients").get(1)).putArray("protocolMappers").addObject()
                .put("name", "self audience").put("protocol", "openid-connect").put("protocolMapper", "oidc-audience-mapper")
                .putObject("config").put("included.client.audience", TestRealm.CONFIDENTIAL_CLIENT)
                .put("access.token.claim", "true").put("introspection.token.claim", "true");
        r.representation().putArray("requiredActions").addObject()
                .put("alias", "TERMS_AND_CONDITIONS").put("name", "Terms and Conditions").put("providerId", "TERMS_AND_CONDITIONS")
                .put("enabled", true).put("defaultAction", true).put("priority", 10);
    }

    private final WeChatSimulator wechat = realm.wechat();
    private final KeycloakAdmin admin = realm.admin();
    private final OAuth oauth = realm.oauth();

    @BeforeEach
    void clearFaults() {
        wechat.clearFaults();
    }

    @Test
    void firstLoginCreatesALinkedUserAndReturnsKeycloakTokens() {
        String openid = "oFirstLOGIN_openid_AbCdEf12345";
        String unionid = "oUnionFirstLOGIN_AbCdEf123456";

        Http.Answer answer = oauth.codeLogin(TestRealm.PUBLIC_CLIENT, wechat.newCode(DEMO_APP_ID, openid, unionid),
                Map.of("scope", "openid"));

        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        JsonNode tokens = answer.json();
        assertThat(tokens.get("token_type").asText()).isEqualToIgnoringCase("Bearer");
        assertThat(tokens.hasNonNull("refresh_token")).isTrue();
        assertThat(tokens.hasNonNull("id_token")).isTrue();
        JsonNode access = new Jwt(tokens.get("access_token").asText()).claims();
        assertThat(access.get("iss").asText()).isEqualTo(oauth.issuer());
        assertThat(access.get("azp").asText()).isEqualTo(TestRealm.PUBLIC_CLIENT);
        assertThat(access.get("wechat_unionid").asText()).isEqualTo(unionid);
        assertThat(access.get("wechat_openid").asText()).isEqualTo(openid);
        JsonNode id = new Jwt(tokens.get("id_token").asText()).claims();
        assertThat(id.get("sub").asText()).isEqualTo(access.get("sub").asText());
        assertThat(id.get("wechat_openid").asText()).isEqualTo(openid);

        JsonNode user = admin.getJson("/" + REALM + "/users/" + access.get("sub").asText());
        assertThat(user.get("username").asText())
                .isEqualTo("wechat-" + HexFormat.of().formatHex(unionid.getBytes(StandardCharsets.UTF_8)));
        assertThat(user.get("enabled").asBoolean()).isTrue();
        JsonNode links = admin.getJson("/" + REALM + "/users/" + access.get("sub").asText() + "/federated-identity");
        assertThat(links).hasSize(1);
        assertThat(links.get(0).get("identityProvider").asText()).isEqualTo(TestRealm.IDP_ALIAS);
        assertThat(links.get(0).get("userId").asText()).isEqualTo(unionid);
        assertThat(links.get(0).get("userName").asText()).isEqualToIgnoringCase(openid);
        JsonNode attributes = user.get("attributes");
        assertThat(attributes.path("wechat_unionid").get(0).asText()).isEqualTo(unionid);
        assertThat(attributes.path("wechat_openid_" + DEMO_APP_ID).get(0).asText()).as("case kept").isEqualTo(openid);
        assertThat(attributes.path("signup_source").get(0).asText()).as("the IdP's mappers ran").isEqualTo("mini-program");
        assertThat(access.get("channel").asText()).as("session notes of IdP mappers reach the session").isEqualTo("wechat");
        assertThat(user.get("requiredActions")).as("the realm's default required actions are not put on brokered users").isEmpty();
    }

    @Test
    void returningLoginKeepsTheSameUser() {
        String openid = "oReturning_OPENID_xYz0987654321";
        String unionid = "oReturning_UNIONID_xYz098765432";
        String first = sub(login(wechat.newCode(DEMO_APP_ID, openid, unionid)));
        int users = userCount();

        String second = sub(login(wechat.newCode(DEMO_APP_ID, openid, unionid)));

        assertThat(second).isEqualTo(first);
        assertThat(userCount()).isEqualTo(users);
    }

    @Test
    void mappersInImportModeDoNotOverwriteWhatAnAdminChanged() {
        String openid = "oAdminChanged_openid_ABCDEFGHI";
        String sub = sub(login(wechat.newCode(DEMO_APP_ID, openid, null)));
        ObjectNode user = (ObjectNode) admin.getJson("/" + REALM + "/users/" + sub);
        ((ObjectNode) user.get("attributes")).putArray("signup_source").add("changed-by-admin");
        assertThat(admin.put("/" + REALM + "/users/" + sub, user).status()).isEqualTo(204);

        login(wechat.newCode(DEMO_APP_ID, openid, null));

        assertThat(admin.getJson("/" + REALM + "/users/" + sub).get("attributes").get("signup_source").get(0).asText())
                .isEqualTo("changed-by-admin");
    }

    @Test
    void logoutEndsTheSessionAndIntrospectionSeesTheClaims() {
        JsonNode tokens = oauth.codeLogin(TestRealm.CONFIDENTIAL_CLIENT, wechat.newCode(DEMO_APP_ID, "oLogout_openid_ABCDEFGHIJKLMN",
                "uLogout_unionid_ABCDEFGHIJKLM"), Map.of("client_secret", TestRealm.CONFIDENTIAL_SECRET)).json();
        Http.Answer introspected = Http.postForm(oauth.tokenUrl() + "/introspect", Map.of("client_id", TestRealm.CONFIDENTIAL_CLIENT,
                "client_secret", TestRealm.CONFIDENTIAL_SECRET, "token", tokens.get("access_token").asText()), null);

        Http.Answer logout = Http.postForm(oauth.issuer() + "/protocol/openid-connect/logout", Map.of("client_id",
                TestRealm.CONFIDENTIAL_CLIENT, "client_secret", TestRealm.CONFIDENTIAL_SECRET,
                "refresh_token", tokens.get("refresh_token").asText()), null);

        assertThat(introspected.json().get("active").asBoolean()).as(introspected.toString()).isTrue();
        assertThat(introspected.json().get("wechat_unionid").asText()).isEqualTo("uLogout_unionid_ABCDEFGHIJKLM");
        assertThat(logout.status()).as(logout.toString()).isEqualTo(204);
        Http.Answer refresh = Http.postForm(oauth.tokenUrl(), Map.of("grant_type", "refresh_token", "client_id",
                TestRealm.CONFIDENTIAL_CLIENT, "client_secret", TestRealm.CONFIDENTIAL_SECRET,
                "refresh_token", tokens.get("refresh_token").asText()), null);
        assertError(refresh, 400, "invalid_grant");
    }

    @Test
    void somethingThatIsNotACodeIsInvalidRequestWithoutAskingWeChat() {
        int calls = wechat.calls(JSCODE2SESSION);

        assertError(oauth.codeLogin("code with spaces"), 400, "invalid_request");
        assertError(oauth.codeLogin("x".repeat(200)), 400, "invalid_request");
        assertThat(wechat.calls(JSCODE2SESSION)).isEqualTo(calls);
    }

    @Test
    void aPhoneCodeWithoutAPhoneMapperIsRefusedBeforeAskingWeChat() {
        int calls = wechat.calls(JSCODE2SESSION);

        Http.Answer answer = oauth.codeLogin(TestRealm.PUBLIC_CLIENT, wechat.newCode(DEMO_APP_ID, "oNoPhoneMapper_openid_ABCDEFGH", null),
                Map.of("phone_code", wechat.newPhoneCode(DEMO_APP_ID, "13800000000", "13800000000", "86")));

        assertError(answer, 400, "invalid_request");
        assertThat(answer.json().get("error_description").asText()).contains("WeChat phone number");
        assertThat(wechat.calls(JSCODE2SESSION)).isEqualTo(calls);
    }

    @Test
    void aUsernameTakenByAnotherUserDoesNotBlockTheFirstLogin() {
        String openid = "oSquatted_openid_ABCDEFGHIJKLM";
        ObjectNode squatter = Http.JSON.createObjectNode().put("enabled", true)
                .put("username", "wechat-" + HexFormat.of().formatHex(openid.getBytes(StandardCharsets.UTF_8)));
        assertThat(admin.post("/" + REALM + "/users", squatter).status()).isEqualTo(201);

        JsonNode tokens = login(wechat.newCode(DEMO_APP_ID, openid, null));

        JsonNode user = admin.getJson("/" + REALM + "/users/" + sub(tokens));
        assertThat(user.get("username").asText()).isEqualTo(squatter.get("username").asText() + "-" + TestRealm.IDP_ALIAS);
    }

    @Test
    void idsDifferingOnlyInCaseAreDifferentUsers() {
        String lower = sub(login(wechat.newCode(DEMO_APP_ID, "ocaseopenid_one_abcdefghijklm", "ucasesensitiveunionid_abcdefg")));
        String upper = sub(login(wechat.newCode(DEMO_APP_ID, "oCASEOPENID_ONE_ABCDEFGHIJKLM", "uCASESENSITIVEUNIONID_abcdefg")));

        assertThat(upper).isNotEqualTo(lower);
    }

    @Test
    void replayedCodeIsRefusedByKeycloakWithoutAskingWeChat() {
        String code = wechat.newCode(DEMO_APP_ID, "oReplay_openid_0123456789abcd", "uReplay_unionid_0123456789abc");
        login(code);
        int calls = wechat.calls(JSCODE2SESSION);

        Http.Answer replay = oauth.codeLogin(code);

        assertError(replay, 400, "invalid_grant");
        assertThat(wechat.calls(JSCODE2SESSION)).isEqualTo(calls);
    }

    @Test
    void unknownCodeIsInvalidGrantAndCreatesNoUser() {
        int users = userCount();

        assertError(oauth.codeLogin("0a1b2c3d4e5f-not-a-real-code"), 400, "invalid_grant");
        assertThat(userCount()).isEqualTo(users);
    }

    @Test
    void codeAlreadyUsedAtWeChatIsInvalidGrant() {
        String code = wechat.newCode(DEMO_APP_ID, "oUsedElsewhere_openid_ABCDEFG", "uUsedElsewhere_unionid_ABCDEF");
        Http.Answer elsewhere = Http.get(wechat.baseUrl() + JSCODE2SESSION + "?appid=" + DEMO_APP_ID + "&secret=" + DEMO_APP_SECRET
                + "&js_code=" + code + "&grant_type=authorization_code", null);
        assertThat(elsewhere.json().has("openid")).isTrue();
        int users = userCount();

        assertError(oauth.codeLogin(code), 400, "invalid_grant");
        assertThat(userCount()).isEqualTo(users);
    }

    @Test
    void expiredCodeIsInvalidGrant() {
        String code = wechat.newCode(DEMO_APP_ID, "oExpired_openid_ABCDEFGHIJKLM", "uExpired_unionid_ABCDEFGHIJKL");
        wechat.advanceClock(Duration.ofMinutes(6));

        assertError(oauth.codeLogin(code), 400, "invalid_grant");
    }

    @Test
    void highRiskUserIsAccessDeniedAndCreatesNoUser() {
        int users = userCount();

        assertError(oauth.codeLogin(wechat.code(DEMO_APP_ID).errcode(40226).issue()), 403, "access_denied");
        assertThat(userCount()).isEqualTo(users);
    }

    @Test
    void weChatBusyIsTemporarilyUnavailableAndTheSameCodeMayBeRetried() {
        String code = wechat.code(DEMO_APP_ID).openid("oBusyRetry_openid_ABCDEFGHIJK").errcode(-1, 1).issue();

        assertError(oauth.codeLogin(code), 503, "temporarily_unavailable");
        assertThat(oauth.codeLogin(code).status()).isEqualTo(200);
    }

    @Test
    void weChatQuotaReachedIsTemporarilyUnavailable() {
        assertError(oauth.codeLogin(wechat.code(DEMO_APP_ID).errcode(45011).issue()), 503, "temporarily_unavailable");
    }

    @Test
    void weChatTooSlowIsTemporarilyUnavailable() {
        String code = wechat.code(DEMO_APP_ID).latency(Duration.ofSeconds(4)).issue();

        assertError(oauth.codeLogin(code), 503, "temporarily_unavailable");
    }

    @Test
    void emptyAnswerFromWeChatIsTemporarilyUnavailable() {
        int users = userCount();

        assertError(oauth.codeLogin(wechat.code(DEMO_APP_ID).emptyBody().issue()), 503, "temporarily_unavailable");
        assertThat(userCount()).isEqualTo(users);
    }

    @Test
    void nonJsonAnswerFromWeChatIsTemporarilyUnavailable() {
        assertError(oauth.codeLogin(wechat.code(DEMO_APP_ID).garbageBody().issue()), 503, "temporarily_unavailable");
    }

    @Test
    void clientNotAllowedOnTheIdentityProviderIsUnauthorizedClientWithoutAskingWeChat() {
        int calls = wechat.calls(JSCODE2SESSION);

        Http.Answer answer = oauth.codeLogin(TestRealm.NOT_ALLOWED_CLIENT, wechat.newCode(DEMO_APP_ID, "oNotAllowed_1234567890abcdefg", null),
                Map.of());

        assertError(answer, 400, "unauthorized_client");
        assertThat(wechat.calls(JSCODE2SESSION)).isEqualTo(calls);
    }

    @Test
    void aWrongClientSecretIsKeycloaksOwn401UnauthorizedClientWithoutAskingWeChat() {
        int calls = wechat.calls(JSCODE2SESSION);

        Http.Answer answer = oauth.codeLogin(TestRealm.CONFIDENTIAL_CLIENT, wechat.newCode(DEMO_APP_ID, "oWrongSecret_1234567890abcdefg", null),
                Map.of("client_secret", "not-the-secret"));

        assertError(answer, 401, "unauthorized_client");
        assertThat(wechat.calls(JSCODE2SESSION)).isEqualTo(calls);
    }

    @Test
    void missingCodeIsInvalidRequest() {
        assertError(oauth.codeLogin(null), 400, "invalid_request");
        assertError(oauth.codeLogin(" "), 400, "invalid_request");
    }

    @Test
    void unknownIdentityProviderAliasIsInvalidRequest() {
        Http.Answer answer = oauth.codeLogin(TestRealm.PUBLIC_CLIENT, wechat.newCode(DEMO_APP_ID, "oUnknownIdp_1234567890abcdefg", null),
                Map.of("idp", "no-such-idp"));

        assertError(answer, 400, "invalid_request");
    }

    @Test
    void confidentialClientLogsInWithItsCredentials() {
        String code = wechat.newCode(DEMO_APP_ID, "oConfidential_1234567890abcdef", "uConfidential_1234567890abcde");

        Http.Answer wrongSecret = oauth.codeLogin(TestRealm.CONFIDENTIAL_CLIENT, code, Map.of("client_secret", "wrong"));
        Http.Answer answer = oauth.codeLogin(TestRealm.CONFIDENTIAL_CLIENT, code,
                Map.of("client_secret", TestRealm.CONFIDENTIAL_SECRET));

        assertThat(wrongSecret.status()).isEqualTo(401);
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        assertThat(new Jwt(answer.json().get("access_token").asText()).claims().get("azp").asText())
                .isEqualTo(TestRealm.CONFIDENTIAL_CLIENT);
    }

    @Test
    void refreshTokenGrantKeepsTheUserAndTheWeChatClaims() {
        String openid = "oRefresh_openid_ABCDEFGHIJKLMN";
        JsonNode tokens = login(wechat.newCode(DEMO_APP_ID, openid, "uRefresh_unionid_ABCDEFGHIJKL"));

        Http.Answer refreshed = oauth.refresh(TestRealm.PUBLIC_CLIENT, tokens.get("refresh_token").asText());

        assertThat(refreshed.status()).as(refreshed.toString()).isEqualTo(200);
        JsonNode claims = new Jwt(refreshed.json().get("access_token").asText()).claims();
        assertThat(claims.get("sub").asText()).isEqualTo(sub(tokens));
        assertThat(claims.get("wechat_openid").asText()).isEqualTo(openid);
    }

    @Test
    void userinfoAnswersForTheAccessToken() {
        String unionid = "uUserinfo_unionid_ABCDEFGHIJK";
        JsonNode tokens = oauth.codeLogin(TestRealm.PUBLIC_CLIENT, wechat.newCode(DEMO_APP_ID, "oUserinfo_openid_ABCDEFGHIJKL", unionid),
                Map.of("scope", "openid")).json();

        Http.Answer userinfo = oauth.userinfo(tokens.get("access_token").asText());

        assertThat(userinfo.status()).as(userinfo.toString()).isEqualTo(200);
        assertThat(userinfo.json().get("sub").asText()).isEqualTo(sub(tokens));
        assertThat(userinfo.json().get("wechat_unionid").asText()).isEqualTo(unionid);
    }

    @Test
    void accessTokenIsSignedByTheRealmKeys() {
        String accessToken = login(wechat.newCode(DEMO_APP_ID, "oSigned_openid_ABCDEFGHIJKLMN", null)).get("access_token").asText();
        JsonNode jwks = oauth.jwks();

        assertThat(new Jwt(accessToken).verifiedBy(jwks)).isTrue();
        String[] parts = accessToken.split("\\.");
        String tampered = parts[0] + "." + parts[1].substring(0, parts[1].length() - 2) + "AA." + parts[2];
        assertThat(new Jwt(tampered).verifiedBy(jwks)).isFalse();
    }

    @Test
    void discoveryListsTheGrantType() {
        assertThat(oauth.discovery().get("grant_types_supported"))
                .extracting(JsonNode::asText).contains(OAuth.GRANT_TYPE);
    }

    @Test
    void disabledUserIsRefused() {
        String openid = "oDisabled_openid_ABCDEFGHIJKL";
        String sub = sub(login(wechat.newCode(DEMO_APP_ID, openid, null)));
        JsonNode user = admin.getJson("/" + REALM + "/users/" + sub);
        ((com.fasterxml.jackson.databind.node.ObjectNode) user).put("enabled", false);
        assertThat(admin.put("/" + REALM + "/users/" + sub, user).status()).isEqualTo(204);

        assertError(oauth.codeLogin(wechat.newCode(DEMO_APP_ID, openid, null)), 400, "invalid_grant");
    }

    @Test
    void loginsAndRegistrationsAreKeycloakEventsNamingTheIdentityProvider() {
        String sub = sub(login(wechat.newCode(DEMO_APP_ID, "oEvents_openid_ABCDEFGHIJKLMN", "uEvents_unionid_ABCDEFGHIJKLM")));
        oauth.codeLogin("unknown-code-for-events-test");

        JsonNode register = admin.getJson("/" + REALM + "/events?type=REGISTER&user=" + sub);
        JsonNode login = admin.getJson("/" + REALM + "/events?type=LOGIN&user=" + sub);
        JsonNode lastError = admin.getJson("/" + REALM + "/events?type=LOGIN_ERROR&max=1").get(0);

        assertThat(register).hasSize(1);
        assertThat(register.get(0).get("details").get("identity_provider").asText()).isEqualTo(TestRealm.IDP_ALIAS);
        assertThat(register.get(0).get("details").get("register_method").asText()).isEqualTo("wechat-mini-program");
        assertThat(admin.getJson("/" + REALM + "/users/" + sub).path("attributes").path("wechat_unionid").path(0).asText())
                .as("the first login wrote the provider's attributes").isEqualTo("uEvents_unionid_ABCDEFGHIJKLM");
        assertThat(login).hasSize(1);
        assertThat(login.get(0).get("details").get("identity_provider").asText()).isEqualTo(TestRealm.IDP_ALIAS);
        assertThat(login.get(0).get("details").get("grant_type").asText()).isEqualTo(OAuth.GRANT_TYPE);
        assertThat(lastError.get("error").asText()).isEqualTo("invalid_code");
        assertThat(lastError.get("details").get("identity_provider").asText()).isEqualTo(TestRealm.IDP_ALIAS);
        assertThat(lastError.get("details").get("reason").asText()).isEqualTo("Code is invalid or expired");
    }

    @Test
    void sessionKeyReachesNoResponseTokenEventOrAdminRepresentation() {
        String sessionKey = "c2Vzc2lvbmtleS1zZWNyZXQxMg==";
        String code = wechat.code(DEMO_APP_ID).openid("oSessionKey_openid_ABCDEFGHIJ").unionid("uSessionKey_unionid_ABCDEFGHI")
                .sessionKey(sessionKey).issue();

        Http.Answer answer = oauth.codeLogin(TestRealm.PUBLIC_CLIENT, code, Map.of("scope", "openid"));
        JsonNode tokens = answer.json();
        String sub = sub(tokens);
        Http.Answer refreshed = oauth.refresh(TestRealm.PUBLIC_CLIENT, tokens.get("refresh_token").asText());

        StringBuilder everything = new StringBuilder(answer.body()).append(refreshed.body());
        for (String token : new String[] {"access_token", "refresh_token", "id_token"}) {
            everything.append(new Jwt(tokens.get(token).asText()).claims());
        }
        everything.append(oauth.userinfo(tokens.get("access_token").asText()).body());
        everything.append(admin.get("/" + REALM + "/users/" + sub).body());
        everything.append(admin.get("/" + REALM + "/users/" + sub + "/federated-identity").body());
        everything.append(admin.get("/" + REALM + "/users/" + sub + "/sessions").body());
        everything.append(admin.get("/" + REALM + "/events?max=1000").body());
        assertThat(wechat.issuedSessionKeys()).contains(sessionKey);
        assertThat(everything.toString()).contains(sub).doesNotContain(sessionKey);
    }

    private JsonNode login(String code) {
        Http.Answer answer = oauth.codeLogin(code);
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        return answer.json();
    }

    private static String sub(JsonNode tokens) {
        return new Jwt(tokens.get("access_token").asText()).claims().get("sub").asText();
    }

    private int userCount() {
        return admin.getJson("/" + REALM + "/users/count").asInt();
    }
}
