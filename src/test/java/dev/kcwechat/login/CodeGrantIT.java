package dev.kcwechat.login;

import static dev.kcwechat.simulator.WeChatSimulator.DEMO_APP_ID;
import static dev.kcwechat.simulator.WeChatSimulator.DEMO_APP_SECRET;
import static dev.kcwechat.simulator.WeChatSimulator.JSCODE2SESSION;
import static dev.kcwechat.testing.OAuthErrors.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcwechat.simulator.WeChatSimulator;
import dev.kcwechat.testing.Http;
import dev.kcwechat.testing.Jwt;
import dev.kcwechat.testing.OAuth;
import dev.kcwechat.testing.TestRealm;
import dev.kcwechat.testing.TestUsers;
import dev.kcwechat.testing.WeChatRealmExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.keycloak.admin.client.resource.IdentityProviderResource;
import org.keycloak.admin.client.resource.UsersResource;
import org.keycloak.representations.idm.EventRepresentation;
import org.keycloak.representations.idm.FederatedIdentityRepresentation;
import org.keycloak.representations.idm.IdentityProviderRepresentation;
import org.keycloak.representations.idm.RequiredActionProviderRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

/** The mini-program code grant on a real Keycloak, against the WeChat simulator. */
class CodeGrantIT {

    private static final String REALM = "codegrant";

    @RegisterExtension
    static final WeChatRealmExtension realm = WeChatRealmExtension.named(REALM).with(CodeGrantIT::customize);

    /** IdP mappers of two kinds, and a default required action that a brokered WeChat user must not get. */
    private static void customize(TestRealm r) {
        r.addIdentityProviderMapper("source", TestRealm.IDP_ALIAS, "hardcoded-attribute-idp-mapper",
                Map.of("syncMode", "INHERIT", "attribute", "signup_source", "attribute.value", "mini-program"));
        r.addIdentityProviderMapper("channel", TestRealm.IDP_ALIAS, "hardcoded-user-session-attribute-idp-mapper",
                Map.of("syncMode", "INHERIT", "attribute", "channel", "attribute.value", "wechat"));
        r.client(TestRealm.PUBLIC_CLIENT).setProtocolMappers(List.of(TestRealm.protocolMapper("channel",
                "oidc-usersessionmodel-note-mapper", Map.of("user.session.note", "channel", "claim.name", "channel",
                        "access.token.claim", "true", "jsonType.label", "String"))));
        // the backend introspects its own tokens: Keycloak wants the introspecting client in the audience
        r.client(TestRealm.CONFIDENTIAL_CLIENT).setProtocolMappers(List.of(TestRealm.protocolMapper("self audience", "oidc-audience-mapper",
                Map.of("included.client.audience", TestRealm.CONFIDENTIAL_CLIENT, "access.token.claim", "true",
                        "introspection.token.claim", "true"))));
        RequiredActionProviderRepresentation terms = new RequiredActionProviderRepresentation();
        terms.setAlias("TERMS_AND_CONDITIONS");
        terms.setName("Terms and Conditions");
        terms.setProviderId("TERMS_AND_CONDITIONS");
        terms.setEnabled(true);
        terms.setDefaultAction(true);
        terms.setPriority(10);
        r.representation().setRequiredActions(List.of(terms));
    }

    private final WeChatSimulator wechat = realm.wechat();
    private final UsersResource accounts = realm.resource().users();
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

        UserRepresentation user = accounts.get(access.get("sub").asText()).toRepresentation();
        assertThat(user.getUsername())
                .isEqualTo("wechat-" + HexFormat.of().formatHex(unionid.getBytes(StandardCharsets.UTF_8)));
        assertThat(user.isEnabled()).isTrue();
        List<FederatedIdentityRepresentation> links = accounts.get(access.get("sub").asText()).getFederatedIdentity();
        assertThat(links).hasSize(1);
        assertThat(links.get(0).getIdentityProvider()).isEqualTo(TestRealm.IDP_ALIAS);
        assertThat(links.get(0).getUserId()).isEqualTo(unionid);
        assertThat(links.get(0).getUserName()).isEqualToIgnoringCase(openid);
        assertThat(user.firstAttribute("wechat_unionid")).isEqualTo(unionid);
        assertThat(user.firstAttribute("wechat_openid_" + DEMO_APP_ID)).as("case kept").isEqualTo(openid);
        assertThat(user.firstAttribute("signup_source")).as("the IdP's mappers ran").isEqualTo("mini-program");
        assertThat(access.get("channel").asText()).as("session notes of IdP mappers reach the session").isEqualTo("wechat");
        assertThat(user.getRequiredActions()).as("the realm's default required actions are not put on brokered users").isEmpty();
    }

    @Test
    void returningLoginKeepsTheSameUser() {
        String openid = "oReturning_OPENID_xYz0987654321";
        String unionid = "oReturning_UNIONID_xYz098765432";
        String first = sub(login(wechat.newCode(DEMO_APP_ID, openid, unionid)));
        int users = realm.userCount();

        String second = sub(login(wechat.newCode(DEMO_APP_ID, openid, unionid)));

        assertThat(second).isEqualTo(first);
        assertThat(realm.userCount()).isEqualTo(users);
    }

    @Test
    void mappersInImportModeDoNotOverwriteWhatAnAdminChanged() {
        String openid = "oAdminChanged_openid_ABCDEFGHI";
        String sub = sub(login(wechat.newCode(DEMO_APP_ID, openid, null)));
        UserRepresentation user = accounts.get(sub).toRepresentation();
        user.singleAttribute("signup_source", "changed-by-admin");
        accounts.get(sub).update(user);

        login(wechat.newCode(DEMO_APP_ID, openid, null));

        assertThat(accounts.get(sub).toRepresentation().firstAttribute("signup_source")).isEqualTo("changed-by-admin");
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
        UserRepresentation squatter = TestUsers.named("wechat-" + HexFormat.of().formatHex(openid.getBytes(StandardCharsets.UTF_8)));
        TestUsers.create(realm.resource(), squatter);

        JsonNode tokens = login(wechat.newCode(DEMO_APP_ID, openid, null));

        UserRepresentation user = accounts.get(sub(tokens)).toRepresentation();
        assertThat(user.getUsername()).isEqualTo(squatter.getUsername() + "-" + TestRealm.IDP_ALIAS);
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
        int users = realm.userCount();

        assertError(oauth.codeLogin("0a1b2c3d4e5f-not-a-real-code"), 400, "invalid_grant");
        assertThat(realm.userCount()).isEqualTo(users);
    }

    @Test
    void codeAlreadyUsedAtWeChatIsInvalidGrant() {
        String code = wechat.newCode(DEMO_APP_ID, "oUsedElsewhere_openid_ABCDEFG", "uUsedElsewhere_unionid_ABCDEF");
        Http.Answer elsewhere = Http.get(wechat.baseUrl() + JSCODE2SESSION + "?appid=" + DEMO_APP_ID + "&secret=" + DEMO_APP_SECRET
                + "&js_code=" + code + "&grant_type=authorization_code", null);
        assertThat(elsewhere.json().has("openid")).isTrue();
        int users = realm.userCount();

        assertError(oauth.codeLogin(code), 400, "invalid_grant");
        assertThat(realm.userCount()).isEqualTo(users);
    }

    @Test
    void expiredCodeIsInvalidGrant() {
        String code = wechat.newCode(DEMO_APP_ID, "oExpired_openid_ABCDEFGHIJKLM", "uExpired_unionid_ABCDEFGHIJKL");
        wechat.advanceClock(Duration.ofMinutes(6));

        assertError(oauth.codeLogin(code), 400, "invalid_grant");
    }

    @Test
    void highRiskUserIsAccessDeniedAndCreatesNoUser() {
        int users = realm.userCount();

        assertError(oauth.codeLogin(wechat.code(DEMO_APP_ID).errcode(40226).issue()), 403, "access_denied");
        assertThat(realm.userCount()).isEqualTo(users);
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
        int users = realm.userCount();

        assertError(oauth.codeLogin(wechat.code(DEMO_APP_ID).emptyBody().issue()), 503, "temporarily_unavailable");
        assertThat(realm.userCount()).isEqualTo(users);
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
        UserRepresentation user = accounts.get(sub).toRepresentation();
        user.setEnabled(false);
        accounts.get(sub).update(user);

        assertError(oauth.codeLogin(wechat.newCode(DEMO_APP_ID, openid, null)), 400, "invalid_grant");
    }

    @Test
    void aLinkOnlyProviderSignsInLinkedAccountsAndCreatesNone() {
        String linkedOpenid = "oLinkOnlyLinked_openid_ABCDEFGHI";
        String linked = sub(login(wechat.newCode(DEMO_APP_ID, linkedOpenid, null)));
        IdentityProviderResource provider = realm.resource().identityProviders().get(TestRealm.IDP_ALIAS);
        IdentityProviderRepresentation representation = provider.toRepresentation();
        representation.setLinkOnly(true);
        provider.update(representation);
        try {
            int users = realm.userCount();

            Http.Answer stranger = oauth.codeLogin(wechat.newCode(DEMO_APP_ID, "oLinkOnlyNew_openid_ABCDEFGHIJK", null));

            assertError(stranger, 403, "access_denied");
            assertThat(realm.userCount()).isEqualTo(users);
            assertThat(sub(login(wechat.newCode(DEMO_APP_ID, linkedOpenid, null)))).isEqualTo(linked);
        } finally {
            representation.setLinkOnly(false);
            provider.update(representation);
        }
    }

    @Test
    void loginsAndRegistrationsAreKeycloakEventsNamingTheIdentityProvider() {
        String sub = sub(login(wechat.newCode(DEMO_APP_ID, "oEvents_openid_ABCDEFGHIJKLMN", "uEvents_unionid_ABCDEFGHIJKLM")));
        oauth.codeLogin("unknown-code-for-events-test");

        List<EventRepresentation> register = realm.events("REGISTER", sub, null);
        List<EventRepresentation> login = realm.events("LOGIN", sub, null);
        EventRepresentation lastError = realm.events("LOGIN_ERROR", null, 1).get(0);

        assertThat(register).hasSize(1);
        assertThat(register.get(0).getDetails().get("identity_provider")).isEqualTo(TestRealm.IDP_ALIAS);
        assertThat(register.get(0).getDetails().get("register_method")).isEqualTo("wechat-mini-program");
        assertThat(accounts.get(sub).toRepresentation().firstAttribute("wechat_unionid"))
                .as("the first login wrote the provider's attributes").isEqualTo("uEvents_unionid_ABCDEFGHIJKLM");
        assertThat(login).hasSize(1);
        assertThat(login.get(0).getDetails().get("identity_provider")).isEqualTo(TestRealm.IDP_ALIAS);
        assertThat(login.get(0).getDetails().get("grant_type")).isEqualTo(OAuth.GRANT_TYPE);
        assertThat(lastError.getError()).isEqualTo("invalid_code");
        assertThat(lastError.getDetails().get("identity_provider")).isEqualTo(TestRealm.IDP_ALIAS);
        assertThat(lastError.getDetails().get("reason")).isEqualTo("Code is invalid or expired");
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
        everything.append(Http.write(accounts.get(sub).toRepresentation()));
        everything.append(Http.write(accounts.get(sub).getFederatedIdentity()));
        everything.append(Http.write(accounts.get(sub).getUserSessions()));
        everything.append(Http.write(realm.resource().getEvents(null, null, null, null, null, null, null, 1000)));
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
}
