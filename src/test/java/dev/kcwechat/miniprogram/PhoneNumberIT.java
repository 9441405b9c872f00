package dev.kcwechat.miniprogram;

import static dev.kcwechat.testing.OAuthErrors.assertError;
import static dev.kcwechat.simulator.WeChatSimulator.DEMO_APP_ID;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcwechat.simulator.WeChatSimulator;
import dev.kcwechat.testing.Http;
import dev.kcwechat.testing.Jwt;
import dev.kcwechat.testing.OAuth;
import dev.kcwechat.testing.TestRealm;
import dev.kcwechat.testing.TestUsers;
import dev.kcwechat.testing.WeChatRealmExtension;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.EventRepresentation;
import org.keycloak.representations.idm.FederatedIdentityRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

/**
 * The verified phone number: at login ({@code phone_code}), later ({@code POST /wechat/phone}),
 * the "WeChat phone number" mapper's conflict policies, and the shared WeChat access_token.
 */
class PhoneNumberIT {

    private static final String REALM = "phone";
    private static final String REJECT_IDP = TestRealm.IDP_ALIAS;
    private static final String LINK_IDP = "wechat-link";
    private static final String IGNORE_IDP = "wechat-ignore";
    private static final String CONTINUE_IDP = "wechat-continue";
    private static final String LOAD_IDP = "wechat-load";
    private static final String TOKEN_IDP = "wechat-cgi-token";
    private static final String LINK_APP = "wx5555555555555555";
    private static final String IGNORE_APP = "wx6666666666666666";
    private static final String CONTINUE_APP = "wx7777777777777777";
    private static final String LOAD_APP = "wx8888888888888888";
    private static final String TOKEN_APP = "wx9999999999999999";
    private static final String INVALIDATE_IDP = "wechat-invalidate";
    private static final String INVALIDATE_APP = "wxcccccccccccccccc";
    private static final String RENEW_IDP = "wechat-renew";
    private static final String RENEW_APP = "wxbbbbbbbbbbbbbbbb";
    private static final String OTHER_APP = "wxaaaaaaaaaaaaaaaa";
    private static final String SECRET = "abababababababababababababababab";

    @RegisterExtension
    static final WeChatRealmExtension realm = WeChatRealmExtension.named(REALM).with(PhoneNumberIT::customize);

    private static void customize(TestRealm r) {
        for (String app : List.of(LINK_APP, IGNORE_APP, CONTINUE_APP, LOAD_APP, TOKEN_APP, RENEW_APP, INVALIDATE_APP, OTHER_APP)) {
            r.simulator().registerApp(app, SECRET);
        }
        r.addIdentityProvider(LINK_IDP, LINK_APP, SECRET, TestRealm.PUBLIC_CLIENT)
                .addIdentityProvider(IGNORE_IDP, IGNORE_APP, SECRET, TestRealm.PUBLIC_CLIENT)
                .addIdentityProvider(CONTINUE_IDP, CONTINUE_APP, SECRET, TestRealm.PUBLIC_CLIENT)
                .addIdentityProvider(LOAD_IDP, LOAD_APP, SECRET, TestRealm.PUBLIC_CLIENT)
                .addIdentityProvider(TOKEN_IDP, TOKEN_APP, SECRET, TestRealm.PUBLIC_CLIENT)
                .addIdentityProvider(RENEW_IDP, RENEW_APP, SECRET, TestRealm.PUBLIC_CLIENT)
                .addIdentityProvider(INVALIDATE_IDP, INVALIDATE_APP, SECRET, TestRealm.PUBLIC_CLIENT);
        r.idpConfig(REJECT_IDP).put("allowedClients", TestRealm.PUBLIC_CLIENT);
        r.idpConfig(CONTINUE_IDP).put("phoneFailure", "continue");
        r.idpConfig(TOKEN_IDP).put("accessTokenEndpoint", "token");
        phoneMapper(r, REJECT_IDP, "reject");
        phoneMapper(r, LINK_IDP, "link");
        phoneMapper(r, IGNORE_IDP, "ignore");
        phoneMapper(r, CONTINUE_IDP, "reject");
        phoneMapper(r, LOAD_IDP, "reject");
        phoneMapper(r, TOKEN_IDP, "reject");
        phoneMapper(r, RENEW_IDP, "reject");
        phoneMapper(r, INVALIDATE_IDP, "reject");
    }

    private static void phoneMapper(TestRealm r, String alias, String conflict) {
        r.addPhoneMapper(alias, conflict);
    }

    private final WeChatSimulator wechat = realm.wechat();
    private final RealmResource admin = realm.resource();
    private final OAuth oauth = realm.oauth();

    @Test
    void phoneAtFirstLoginIsStoredInE164AndReachesTheTokens() {
        Http.Answer answer = login(REJECT_IDP, wechat.newCode(DEMO_APP_ID, "oPhoneLogin_openid_ABCDEFGHIJK", null),
                wechat.newPhoneCode(DEMO_APP_ID, "13800138001", "13800138001", "86"));

        JsonNode claims = claims(answer);
        assertThat(claims.get("phone_number").asText()).isEqualTo("+8613800138001");
        assertThat(claims.get("phone_number_verified").asBoolean()).isTrue();
        UserRepresentation user = admin.users().get(claims.get("sub").asText()).toRepresentation();
        assertThat(user.firstAttribute("phoneNumber")).isEqualTo("+8613800138001");
        assertThat(user.firstAttribute("phoneNumberVerified")).isEqualTo("true");
    }

    @Test
    void anOverseasNumberKeepsItsCountryCodeEvenWhenWeChatSendsItAsANumber() {
        String phoneCode = wechat.phoneCode(DEMO_APP_ID).phoneNumber("+1 2025550123").purePhoneNumber("2025550123")
                .countryCode("1").countryCodeAsNumber().issue();

        Http.Answer answer = login(REJECT_IDP, wechat.newCode(DEMO_APP_ID, "oOverseas_openid_ABCDEFGHIJKL", null), phoneCode);

        assertThat(claims(answer).get("phone_number").asText()).isEqualTo("+12025550123");
    }

    /** Numbers outside +86 (overseas WeChat users): at the first login, bound later, and a conflict, as mainland ones. */
    @ParameterizedTest(name = "+{0} {1}")
    @CsvSource({
            "1,   2025550147, +1 20****0147",
            "852, 51234587,   +852 5****587",
            "44,  7700900147, +44 77****0147"})
    void anOverseasNumberWorksAtTheFirstLoginBoundLaterAndInAConflict(String countryCode, String national, String masked) {
        String e164 = "+" + countryCode + national;

        JsonNode atLogin = claims(login(REJECT_IDP, wechat.newCode(DEMO_APP_ID, thirtyCharacters("oAbroad" + countryCode), null), overseasPhoneCode(countryCode, national)));
        JsonNode silent = login(REJECT_IDP, wechat.newCode(DEMO_APP_ID, thirtyCharacters("oLaterAbroad" + countryCode), null), null).json();
        Http.Answer conflict = bindLater(silent.get("access_token").asText(), overseasPhoneCode(countryCode, national));
        Http.Answer bound = bindLater(silent.get("access_token").asText(), overseasPhoneCode(countryCode, national.substring(0, national.length() - 1) + "9"));
        String refreshed = oauth.refresh(TestRealm.PUBLIC_CLIENT, silent.get("refresh_token").asText()).json().get("access_token").asText();

        assertThat(atLogin.get("phone_number").asText()).isEqualTo(e164);
        assertThat(atLogin.get("phone_number_verified").asBoolean()).isTrue();
        assertThat(admin.users().get(atLogin.get("sub").asText()).toRepresentation().firstAttribute("phoneNumber")).isEqualTo(e164);
        assertThat(conflict.status()).as(conflict.toString()).isEqualTo(409);
        assertThat(conflict.json().get("error").asText()).isEqualTo("phone_number_in_use");
        assertThat(bound.status()).as(bound.toString()).isEqualTo(200);
        assertThat(bound.json().get("phone_number").asText()).isEqualTo(masked.substring(0, masked.length() - 1) + "9");
        assertThat(claimsOf(refreshed).get("phone_number").asText()).isEqualTo(e164.substring(0, e164.length() - 1) + "9");
        assertThat(claimsOf(refreshed).get("phone_number_verified").asBoolean()).isTrue();
    }

    private static String thirtyCharacters(String prefix) {
        return (prefix + "_openid_ABCDEFGHIJKLMNOPQRSTUVWXYZ").substring(0, 30);
    }

    /** WeChat's phone_info of a number outside mainland China: phoneNumber with its country code. */
    private String overseasPhoneCode(String countryCode, String national) {
        return wechat.phoneCode(DEMO_APP_ID).phoneNumber("+" + countryCode + " " + national).purePhoneNumber(national)
                .countryCode(countryCode).issue();
    }

    @Test
    void anInvalidPhoneCodeFailsTheLoginAndCreatesNoUser() {
        int users = realm.userCount();

        Http.Answer answer = login(REJECT_IDP, wechat.newCode(DEMO_APP_ID, "oBadPhoneCode_openid_ABCDEFGHI", null), "not-a-phone-code");

        assertError(answer, 400, "invalid_grant");
        assertThat(answer.json().get("error_description").asText()).contains("phone_code");
        assertThat(realm.userCount()).isEqualTo(users);
    }

    @Test
    void aPhoneCodeOfAnotherMiniProgramFailsTheLogin() {
        String phoneCode = wechat.phoneCode(DEMO_APP_ID).phoneNumber("13800138009").watermarkAppId(OTHER_APP).issue();

        Http.Answer answer = login(REJECT_IDP, wechat.newCode(DEMO_APP_ID, "oForeignPhone_openid_ABCDEFGHI", null), phoneCode);

        assertError(answer, 400, "invalid_grant");
        assertThat(answer.json().get("error_description").asText()).contains("another mini-program");
    }

    @Test
    void withPhoneFailureContinueTheLoginSucceedsAndTheEventSaysWhy() {
        Http.Answer answer = login(CONTINUE_IDP, wechat.newCode(CONTINUE_APP, "oContinue_openid_ABCDEFGHIJKLM", null), "expired-phone-code");

        JsonNode claims = claims(answer);
        assertThat(claims.has("phone_number")).isFalse();
        EventRepresentation event = realm.events("LOGIN", claims.get("sub").asText(), null).get(0);
        assertThat(event.getDetails().get("phone_error")).contains("phone_code");
    }

    @Test
    void aNumberOfAnotherUserIsRefusedUnderReject() {
        bindAtLogin(REJECT_IDP, DEMO_APP_ID, "oRejectOwner_openid_ABCDEFGHIJ", "13900000001");
        int users = realm.userCount();

        Http.Answer answer = login(REJECT_IDP, wechat.newCode(DEMO_APP_ID, "oRejectSecond_openid_ABCDEFGHI", null),
                wechat.newPhoneCode(DEMO_APP_ID, "13900000001", "13900000001", "86"));

        assertError(answer, 403, "access_denied");
        assertThat(answer.json().get("error_description").asText()).contains("another account");
        assertThat(realm.userCount()).as("no user and no half-linked account").isEqualTo(users);
    }

    @Test
    void aNumberOfAnotherUserIsLeftAloneUnderIgnore() {
        bindAtLogin(IGNORE_IDP, IGNORE_APP, "oIgnoreOwner_openid_ABCDEFGHIJ", "13900000002");

        Http.Answer answer = login(IGNORE_IDP, wechat.newCode(IGNORE_APP, "oIgnoreSecond_openid_ABCDEFGHI", null),
                wechat.newPhoneCode(IGNORE_APP, "13900000002", "13900000002", "86"));

        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        assertThat(claims(answer).has("phone_number")).isFalse();
    }

    @Test
    void aProvisionedAccountWithTheVerifiedNumberIsLinkedUnderLink() {
        String provisioned = provisionUser("hr-import-alice", "+8613900000003", true);

        Http.Answer answer = login(LINK_IDP, wechat.newCode(LINK_APP, "oLinkAlice_openid_ABCDEFGHIJKL", "uLinkAlice_unionid_ABCDEFGHIJK"),
                wechat.newPhoneCode(LINK_APP, "13900000003", "13900000003", "86"));

        assertThat(claims(answer).get("sub").asText()).isEqualTo(provisioned);
        List<FederatedIdentityRepresentation> links = admin.users().get(provisioned).getFederatedIdentity();
        assertThat(links).hasSize(1);
        assertThat(links.get(0).getIdentityProvider()).isEqualTo(LINK_IDP);
        assertThat(realm.events("FEDERATED_IDENTITY_LINK", provisioned, null)).hasSize(1);
    }

    @Test
    void aProvisionedAccountWithAnUnverifiedNumberIsNotLinkedButRefused() {
        String provisioned = provisionUser("hr-import-bob", "+8613900000004", false);
        int users = realm.userCount();

        Http.Answer answer = login(LINK_IDP, wechat.newCode(LINK_APP, "oLinkBob_openid_ABCDEFGHIJKLMN", null),
                wechat.newPhoneCode(LINK_APP, "13900000004", "13900000004", "86"));

        assertError(answer, 403, "access_denied");
        assertThat(realm.userCount()).isEqualTo(users);
        assertThat(admin.users().get(provisioned).getFederatedIdentity()).isEmpty();
    }

    /** A recycled or SIM-swapped number must not bypass a password, a second factor or an administrator's role. */
    @Test
    void anAccountWithACredentialOrAnAdministratorsRoleIsNeverLinkedByPhoneNumber() {
        String withPassword = provisionUser("hr-import-carol", "+8613900000015", true);
        admin.users().get(withPassword).resetPassword(TestUsers.password("Carol-Passw0rd"));
        String administrator = provisionUser("hr-import-dave", "+8613900000016", true);
        String realmManagement = admin.clients().findByClientId("realm-management").get(0).getId();
        admin.users().get(administrator).roles().clientLevel(realmManagement)
                .add(List.of(admin.clients().get(realmManagement).roles().get("view-users").toRepresentation()));
        int users = realm.userCount();

        Http.Answer carol = login(LINK_IDP, wechat.newCode(LINK_APP, "oLinkCarol_openid_ABCDEFGHIJKL", null),
                wechat.newPhoneCode(LINK_APP, "13900000015", "13900000015", "86"));
        Http.Answer dave = login(LINK_IDP, wechat.newCode(LINK_APP, "oLinkDave_openid_ABCDEFGHIJKLM", null),
                wechat.newPhoneCode(LINK_APP, "13900000016", "13900000016", "86"));

        assertError(carol, 403, "access_denied");
        assertError(dave, 403, "access_denied");
        assertThat(realm.userCount()).as("no user made either").isEqualTo(users);
        assertThat(admin.users().get(withPassword).getFederatedIdentity()).isEmpty();
        assertThat(admin.users().get(administrator).getFederatedIdentity()).isEmpty();
        assertThat(realm.events("LOGIN_ERROR", null, 20)).extracting(e -> e.getDetails() == null ? null : e.getDetails().get("phone_link_refused"))
                .contains("account_has_credentials", "account_administers_realm");
    }

    @Test
    void twoHundredLoginsWithPhoneCodesFetchTheAccessTokenOnce() throws Exception {
        int before = wechat.calls(WeChatSimulator.STABLE_TOKEN);
        List<Http.Answer> answers = concurrentPhoneLogins(LOAD_IDP, LOAD_APP, 200, 0);

        assertThat(answers).allSatisfy(answer -> assertThat(answer.status()).as(answer.toString()).isEqualTo(200));
        assertThat(wechat.calls(WeChatSimulator.STABLE_TOKEN) - before).isEqualTo(1);
    }

    @Test
    void accessTokensInvalidatedMidRunFailNoLogin() throws Exception {
        concurrentPhoneLogins(INVALIDATE_IDP, INVALIDATE_APP, 1, 0);
        int before = wechat.calls(WeChatSimulator.STABLE_TOKEN);

        List<Http.Answer> answers = concurrentPhoneLogins(INVALIDATE_IDP, INVALIDATE_APP, 60, 30);

        assertThat(answers).allSatisfy(answer -> assertThat(answer.status()).as(answer.toString()).isEqualTo(200));
        assertThat(wechat.calls(WeChatSimulator.STABLE_TOKEN) - before).as("renewed once, by one caller").isEqualTo(1);
    }

    @Test
    void theAccessTokenIsRenewedAheadOfItsExpiry() throws InterruptedException {
        // a token living 185 s is due for renewal 5 s after it was fetched (renewal starts 180 s before expiry)
        wechat.setAccessTokenLifetime(java.time.Duration.ofSeconds(185));
        try {
            int before = wechat.calls(WeChatSimulator.STABLE_TOKEN);
            phoneLogin(RENEW_IDP, RENEW_APP, "oRenew_first_openid_ABCDEFGHIJ", "13500000001");
            phoneLogin(RENEW_IDP, RENEW_APP, "oRenew_second_openid_ABCDEFGHI", "13500000002");
            assertThat(wechat.calls(WeChatSimulator.STABLE_TOKEN) - before).as("cached").isEqualTo(1);

            Thread.sleep(6000);
            phoneLogin(RENEW_IDP, RENEW_APP, "oRenew_third_openid_ABCDEFGHIJ", "13500000003");

            assertThat(wechat.calls(WeChatSimulator.STABLE_TOKEN) - before).as("renewed while still valid").isEqualTo(2);
        } finally {
            wechat.setAccessTokenLifetime(java.time.Duration.ofHours(2));
        }
    }

    private void phoneLogin(String alias, String appId, String openid, String number) {
        Http.Answer answer = login(alias, wechat.newCode(appId, openid, null), wechat.newPhoneCode(appId, number, number, "86"));
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
    }

    @Test
    void theClassicTokenEndpointCanBeChosen() {
        int before = wechat.calls(WeChatSimulator.TOKEN);

        Http.Answer answer = login(TOKEN_IDP, wechat.newCode(TOKEN_APP, "oCgiToken_openid_ABCDEFGHIJKLM", null),
                wechat.newPhoneCode(TOKEN_APP, "13900000005", "13900000005", "86"));

        assertThat(claims(answer).get("phone_number").asText()).isEqualTo("+8613900000005");
        assertThat(wechat.calls(WeChatSimulator.TOKEN) - before).isEqualTo(1);
    }

    @Test
    void aPhoneNumberCanBeBoundAndReplacedAfterASilentLogin() {
        JsonNode tokens = login(REJECT_IDP, wechat.newCode(DEMO_APP_ID, "oLaterPhone_openid_ABCDEFGHIJK", null), null).json();
        String accessToken = tokens.get("access_token").asText();
        assertThat(claimsOf(accessToken).has("phone_number")).isFalse();

        Http.Answer bound = bindLater(accessToken, wechat.newPhoneCode(DEMO_APP_ID, "13700000006", "13700000006", "86"));
        Http.Answer replaced = bindLater(accessToken, wechat.newPhoneCode(DEMO_APP_ID, "13700000007", "13700000007", "86"));

        assertThat(bound.status()).as(bound.toString()).isEqualTo(200);
        assertThat(bound.json().get("phone_number").asText()).isEqualTo("+86 137****0006");
        assertThat(replaced.json().get("phone_number").asText()).isEqualTo("+86 137****0007");
        assertThat(bound.body()).doesNotContain("13700000006");
        Http.Answer refreshed = oauth.refresh(TestRealm.PUBLIC_CLIENT, tokens.get("refresh_token").asText());
        assertThat(claimsOf(refreshed.json().get("access_token").asText()).get("phone_number").asText()).isEqualTo("+8613700000007");
    }

    @Test
    void bindingLaterANumberOfAnotherUserIsAConflict() {
        bindAtLogin(REJECT_IDP, DEMO_APP_ID, "oLaterOwner_openid_ABCDEFGHIJK", "13700000008");
        String accessToken = login(REJECT_IDP, wechat.newCode(DEMO_APP_ID, "oLaterSecond_openid_ABCDEFGHIJ", null), null)
                .json().get("access_token").asText();

        Http.Answer answer = bindLater(accessToken, wechat.newPhoneCode(DEMO_APP_ID, "13700000008", "13700000008", "86"));

        assertThat(answer.status()).as(answer.toString()).isEqualTo(409);
        assertThat(answer.json().get("error").asText()).isEqualTo("phone_number_in_use");
    }

    @Test
    void bindingLaterNeedsATokenAndAGoodPhoneCode() {
        String accessToken = login(REJECT_IDP, wechat.newCode(DEMO_APP_ID, "oLaterErrors_openid_ABCDEFGHIJ", null), null)
                .json().get("access_token").asText();

        Http.Answer noToken = Http.postJson(oauth.wechat("phone"), Map.of("phone_code", "x"), null);
        Http.Answer badCode = bindLater(accessToken, "unknown-phone-code");
        Http.Answer noCode = Http.postJson(oauth.wechat("phone"), Map.of(), accessToken);

        assertThat(noToken.status()).isEqualTo(401);
        assertThat(badCode.status()).isEqualTo(400);
        assertThat(badCode.json().get("error").asText()).isEqualTo("invalid_phone_code");
        assertThat(noCode.status()).isEqualTo(400);
        assertThat(noCode.json().get("error").asText()).isEqualTo("invalid_request");
    }

    /** Phone logins of a few users from 10 threads; the simulator drops every access_token after {@code invalidateAfter} were sent. */
    private List<Http.Answer> concurrentPhoneLogins(String alias, String appId, int logins, int invalidateAfter) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(10);
        List<Future<Http.Answer>> futures = new ArrayList<>();
        for (int i = 0; i < logins; i++) {
            if (invalidateAfter > 0 && i == invalidateAfter) {
                wechat.invalidateAccessTokens();
            }
            int user = i % 7;
            String code = wechat.newCode(appId, "oLoad_" + appId + "_openid_" + user, null);
            String number = (appId.equals(LOAD_APP) ? "1361" : "1362") + "000000" + user;
            String phoneCode = wechat.newPhoneCode(appId, number, null, "86");
            futures.add(pool.submit(() -> login(alias, code, phoneCode)));
        }
        List<Http.Answer> answers = new ArrayList<>();
        for (Future<Http.Answer> future : futures) {
            answers.add(future.get());
        }
        pool.shutdown();
        return answers;
    }

    private void bindAtLogin(String alias, String appId, String openid, String number) {
        Http.Answer answer = login(alias, wechat.newCode(appId, openid, null), wechat.newPhoneCode(appId, number, number, "86"));
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
    }

    private String provisionUser(String username, String phone, boolean verified) {
        UserRepresentation user = TestUsers.named(username);
        user.singleAttribute("phoneNumber", phone);
        user.singleAttribute("phoneNumberVerified", String.valueOf(verified));
        return TestUsers.create(admin, user);
    }

    private Http.Answer login(String alias, String code, String phoneCode) {
        Map<String, String> extra = new LinkedHashMap<>();
        extra.put("idp", alias);
        if (phoneCode != null) {
            extra.put("phone_code", phoneCode);
        }
        return oauth.codeLogin(TestRealm.PUBLIC_CLIENT, code, extra);
    }

    private Http.Answer bindLater(String accessToken, String phoneCode) {
        return Http.postJson(oauth.wechat("phone"), Map.of("phone_code", phoneCode), accessToken);
    }

    private static JsonNode claims(Http.Answer answer) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        return claimsOf(answer.json().get("access_token").asText());
    }

    private static JsonNode claimsOf(String accessToken) {
        return new Jwt(accessToken).claims();
    }
}
