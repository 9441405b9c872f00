package dev.kcwechat.resource;

import static dev.kcwechat.simulator.WeChatSimulator.DEMO_APP_ID;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcwechat.session.SessionKeyStore;
import dev.kcwechat.simulator.WeChatSimulator;
import dev.kcwechat.testing.Http;
import dev.kcwechat.testing.Jwt;
import dev.kcwechat.testing.OAuth;
import dev.kcwechat.testing.TestRealm;
import dev.kcwechat.testing.TestUsers;
import dev.kcwechat.testing.WeChatRealmExtension;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.keycloak.admin.client.resource.IdentityProviderResource;
import org.keycloak.representations.idm.IdentityProviderRepresentation;

/**
 * Open data and the WeChat session, through {@code /realms/{realm}/wechat/...} with the access
 * token of a code login: the session_key those calls need stays in Keycloak.
 */
class OpenDataIT {

    private static final String REALM = "opendata";
    private static final String PASSWORD_USER = "password-user";
    private static final String PASSWORD = "a-Password-1";
    private static final String STORED_NOTE_CLAIM = "stored_session_key_note";

    @RegisterExtension
    static final WeChatRealmExtension realm = WeChatRealmExtension.named(REALM).with(r -> {
        r.client(TestRealm.NOT_ALLOWED_CLIENT).setDirectAccessGrantsEnabled(true);
        // lets theSessionKeyIsStoredOnlySealed see the note as Keycloak holds it in the user session
        r.client(TestRealm.CONFIDENTIAL_CLIENT).setProtocolMappers(List.of(TestRealm.protocolMapper("stored session_key note",
                "oidc-usersessionmodel-note-mapper", Map.of("user.session.note", SessionKeyStore.NOTE, "claim.name", STORED_NOTE_CLAIM,
                        "access.token.claim", "true", "jsonType.label", "String"))));
        r.representation().setUsers(List.of(TestUsers.withPassword(PASSWORD_USER, PASSWORD, "pw@example.com", "Pass", "Word")));
    });

    private final WeChatSimulator wechat = realm.wechat();
    private final OAuth oauth = realm.oauth();
    private final SecureRandom random = new SecureRandom();

    @Test
    void encryptedDataIsDecryptedWithTheSessionsKey() {
        String sessionKey = newSessionKey();
        String accessToken = login("oDecrypt_openid_ABCDEFGHIJKLMN", sessionKey);
        String plain = "{\"openId\":\"oDecrypt_openid_ABCDEFGHIJKLMN\",\"nickName\":\"微信用户\",\"watermark\":{\"appid\":\""
                + DEMO_APP_ID + "\",\"timestamp\":1700000000}}";

        Http.Answer answer = decrypt(accessToken, encrypt(plain, sessionKey));

        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        assertThat(answer.json().get("nickName").asText()).isEqualTo("微信用户");
        assertThat(answer.body()).doesNotContain(sessionKey);
        List<JsonNode> records = openDataRecords(accessToken);
        assertThat(records).as("a decryption is an open_data record").hasSize(1);
        assertThat(records.get(0).get("detail").asText()).as("the fields handed over, never their values").isEqualTo("nickName openId");
        assertThat(records.get(0).get("clientId").asText()).isEqualTo(TestRealm.PUBLIC_CLIENT);
    }

    @Test
    void aDecryptionThatFailsIsNotRecorded() {
        String sessionKey = newSessionKey();
        String accessToken = login("oDecryptRefused_openid_ABCDEFGHI", sessionKey);

        Http.Answer otherApp = decrypt(accessToken, encrypt("{\"nickName\":\"x\",\"watermark\":{\"appid\":\"wx4f4bc4dec97d474b\"}}",
                sessionKey));
        Http.Answer otherKey = decrypt(accessToken, encrypt("{\"nickName\":\"x\",\"watermark\":{\"appid\":\"" + DEMO_APP_ID
                + "\"}}", newSessionKey()));

        assertThat(otherApp.status()).isEqualTo(400);
        assertThat(otherKey.status()).isEqualTo(400);
        assertThat(openDataRecords(accessToken)).isEmpty();
    }

    private List<JsonNode> openDataRecords(String accessToken) {
        Http.Answer own = Http.get(oauth.wechat("me/authorizations"), accessToken);
        assertThat(own.status()).as(own.toString()).isEqualTo(200);
        List<JsonNode> records = new ArrayList<>();
        own.json().forEach(record -> {
            if ("open_data".equals(record.get("kind").asText())) {
                records.add(record);
            }
        });
        return records;
    }

    @Test
    void dataEncryptedAfterTheKeyRotatedIsAClearErrorNotAServerError() {
        String openid = "oRotated_openid_ABCDEFGHIJKLMN";
        String firstToken = login(openid, newSessionKey());
        String secondKey = newSessionKey();
        login(openid, secondKey);
        String plain = "{\"watermark\":{\"appid\":\"" + DEMO_APP_ID + "\"}}";

        Http.Answer answer = decrypt(firstToken, encrypt(plain, secondKey));

        assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
        assertThat(answer.json().get("error").asText()).isEqualTo("session_key_rotated");
        assertThat(answer.json().get("error_description").asText()).contains("wx.login()");
    }

    @Test
    void dataWithTheWatermarkOfAnotherAppIdIsRefused() {
        String sessionKey = newSessionKey();
        String accessToken = login("oWatermark_openid_ABCDEFGHIJKL", sessionKey);

        Http.Answer answer = decrypt(accessToken, encrypt("{\"watermark\":{\"appid\":\"wx4f4bc4dec97d474b\"}}", sessionKey));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().get("error").asText()).isEqualTo("wrong_appid");
    }

    @Test
    void malformedBase64IsInvalidRequest() {
        String accessToken = login("oMalformed_openid_ABCDEFGHIJKL", newSessionKey());

        Http.Answer answer = Http.postJson(oauth.wechat("open-data/decrypt"),
                Map.of("encryptedData", "%%% not base64 %%%", "iv", "r7BXXKkLb8qrSNn05n0qiA=="), accessToken);
        Http.Answer missing = Http.postJson(oauth.wechat("open-data/decrypt"), Map.of("iv", "r7BXXKkLb8qrSNn05n0qiA=="), accessToken);

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().get("error").asText()).isEqualTo("invalid_request");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().get("error").asText()).isEqualTo("invalid_request");
    }

    @Test
    void rawDataSignaturesAreCheckedWithTheSessionsKey() throws GeneralSecurityException {
        String sessionKey = newSessionKey();
        String accessToken = login("oVerify_openid_ABCDEFGHIJKLMNO", sessionKey);
        String rawData = "{\"nickName\":\"Band\",\"gender\":1}";
        String signature = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                .digest((rawData + sessionKey).getBytes(StandardCharsets.UTF_8)));

        Http.Answer good = Http.postJson(oauth.wechat("open-data/verify"), Map.of("rawData", rawData, "signature", signature), accessToken);
        Http.Answer bad = Http.postJson(oauth.wechat("open-data/verify"), Map.of("rawData", rawData + " ", "signature", signature),
                accessToken);

        assertThat(good.json().get("valid").asBoolean()).isTrue();
        assertThat(bad.json().get("valid").asBoolean()).isFalse();
    }

    @Test
    void theWeChatSessionIsValidUntilTheNextWxLoginRotatesItsKey() {
        String openid = "oCheckSession_openid_ABCDEFGHI";
        String firstToken = login(openid, newSessionKey());

        Http.Answer before = Http.get(oauth.wechat("session"), firstToken);
        login(openid, newSessionKey());
        Http.Answer after = Http.get(oauth.wechat("session"), firstToken);

        assertThat(before.status()).as(before.toString()).isEqualTo(200);
        assertThat(before.json().get("valid").asBoolean()).isTrue();
        assertThat(after.json().get("valid").asBoolean()).isFalse();
        assertThat(wechat.calls(WeChatSimulator.CHECK_SESSION)).isGreaterThanOrEqualTo(2);
    }

    @Test
    void aSessionThatDidNotComeFromTheCodeGrantIsRefused() {
        Http.Answer passwordLogin = Http.postForm(oauth.tokenUrl(), Map.of("grant_type", "password", "client_id",
                TestRealm.NOT_ALLOWED_CLIENT, "username", PASSWORD_USER, "password", PASSWORD, "scope", "openid"), null);
        assertThat(passwordLogin.status()).as(passwordLogin.toString()).isEqualTo(200);

        Http.Answer answer = Http.get(oauth.wechat("session"), passwordLogin.json().get("access_token").asText());

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().get("error").asText()).isEqualTo("not_a_wechat_session");
    }

    @Test
    void afterLogoutTheSessionAndItsKeyAreGone() {
        String sessionKey = newSessionKey();
        String code = wechat.code(DEMO_APP_ID).openid("oLogout_openid_ABCDEFGHIJKLMNO").unionid(null).sessionKey(sessionKey).issue();
        com.fasterxml.jackson.databind.JsonNode tokens = oauth.codeLogin(code).json();
        String accessToken = tokens.get("access_token").asText();
        assertThat(Http.get(oauth.wechat("session"), accessToken).status()).isEqualTo(200);

        Http.Answer logout = Http.postForm(oauth.issuer() + "/protocol/openid-connect/logout",
                Map.of("client_id", TestRealm.PUBLIC_CLIENT, "refresh_token", tokens.get("refresh_token").asText()), null);

        assertThat(logout.status()).as(logout.toString()).isEqualTo(204);
        assertThat(Http.get(oauth.wechat("session"), accessToken).status()).isEqualTo(401);
    }

    @Test
    void bindingAPhoneNumberNeedsThePhoneMapper() {
        String accessToken = login("oNoMapper_openid_ABCDEFGHIJKLM", newSessionKey());

        Http.Answer answer = Http.postJson(oauth.wechat("phone"), Map.of("phone_code", "any"), accessToken);

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().get("error").asText()).isEqualTo("phone_not_configured");
    }

    @Test
    void aTokenOfAClientNotAllowedOnTheProviderIsRefused() {
        String code = wechat.newCode(DEMO_APP_ID, "oOtherClient_openid_ABCDEFGHIJ", null);
        Http.Answer login = oauth.codeLogin(TestRealm.CONFIDENTIAL_CLIENT, code, Map.of("client_secret", TestRealm.CONFIDENTIAL_SECRET));
        String accessToken = login.json().get("access_token").asText();
        assertThat(Http.get(oauth.wechat("session"), accessToken).status()).as("allowed client").isEqualTo(200);

        allowedClients(TestRealm.PUBLIC_CLIENT);
        try {
            Http.Answer answer = Http.get(oauth.wechat("session"), accessToken);

            assertThat(answer.status()).isEqualTo(403);
            assertThat(answer.json().get("error").asText()).isEqualTo("unauthorized_client");
        } finally {
            allowedClients(TestRealm.PUBLIC_CLIENT + "," + TestRealm.CONFIDENTIAL_CLIENT);
        }
    }

    private void allowedClients(String clients) {
        IdentityProviderResource resource = realm.resource().identityProviders().get(TestRealm.IDP_ALIAS);
        IdentityProviderRepresentation idp = resource.toRepresentation();
        idp.getConfig().put("allowedClients", clients);
        resource.update(idp);
    }

    @Test
    void withoutABearerTokenTheEndpointsAnswer401() {
        assertThat(Http.get(oauth.wechat("session"), null).status()).isEqualTo(401);
        assertThat(Http.get(oauth.wechat("session"), "not.a.token").status()).isEqualTo(401);
        assertThat(Http.postJson(oauth.wechat("open-data/verify"), Map.of("rawData", "x", "signature", "y"), null).status())
                .isEqualTo(401);
    }

    @Test
    void theSessionKeyIsStoredOnlySealed() {
        String sessionKey = newSessionKey();
        String code = wechat.code(DEMO_APP_ID).openid("oSealed_openid_ABCDEFGHIJKLMNO").unionid(null).sessionKey(sessionKey).issue();
        Http.Answer login = oauth.codeLogin(TestRealm.CONFIDENTIAL_CLIENT, code, Map.of("client_secret", TestRealm.CONFIDENTIAL_SECRET));
        assertThat(login.status()).as(login.toString()).isEqualTo(200);
        String accessToken = login.json().get("access_token").asText();

        // the note as the user session holds it, through Keycloak's own user-session-note mapper
        String note = new Jwt(accessToken).claims().path(STORED_NOTE_CLAIM).asText(null);

        assertThat(note).as("note %s of the user session", SessionKeyStore.NOTE).isNotNull()
                .matches("v1\\.[^.]+\\.[A-Za-z0-9_-]{16}\\.[A-Za-z0-9_-]{" + sealedLength(sessionKey) + "}");
        assertThat(note.split("\\.")[1]).as("sealed under the realm's active AES key").isEqualTo(activeAesKid());
        assertThat(note).doesNotContain(sessionKey).doesNotContain(sessionKey.replace("=", ""))
                .doesNotContain(Base64.getUrlEncoder().withoutPadding().encodeToString(sessionKey.getBytes(StandardCharsets.UTF_8)))
                .doesNotContain(Base64.getUrlEncoder().withoutPadding().encodeToString(Base64.getDecoder().decode(sessionKey)));
        assertThat(realm.server().log()).doesNotContain(sessionKey);
        assertThat(Http.get(oauth.wechat("session"), accessToken).json().get("valid").asBoolean())
                .as("the sealed key still serves the session").isTrue();
    }

    /** Unpadded base64url length of AES-GCM output for the session_key: as long as the key, plus the 16-byte tag. */
    private static int sealedLength(String sessionKey) {
        int bytes = sessionKey.getBytes(StandardCharsets.UTF_8).length + 16;
        return (bytes * 4 + 2) / 3;
    }

    private String activeAesKid() {
        return realm.resource().keys().getKeyMetadata().getActive().get("AES");
    }

    private String login(String openid, String sessionKey) {
        String code = wechat.code(DEMO_APP_ID).openid(openid).unionid(null).sessionKey(sessionKey).issue();
        Http.Answer answer = oauth.codeLogin(code);
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        return answer.json().get("access_token").asText();
    }

    private Http.Answer decrypt(String accessToken, Map<String, String> encrypted) {
        return Http.postJson(oauth.wechat("open-data/decrypt"), encrypted, accessToken);
    }

    private String newSessionKey() {
        byte[] key = new byte[16];
        random.nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    /** What WeChat does to open data: AES-128-CBC, PKCS#7, key = base64(session_key), a random iv. */
    private Map<String, String> encrypt(String plain, String sessionKey) {
        try {
            byte[] iv = new byte[16];
            random.nextBytes(iv);
            Cipher aes = Cipher.getInstance("AES/CBC/PKCS5Padding");
            aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(Base64.getDecoder().decode(sessionKey), "AES"), new IvParameterSpec(iv));
            byte[] encrypted = aes.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            return Map.of("encryptedData", Base64.getEncoder().encodeToString(encrypted), "iv", Base64.getEncoder().encodeToString(iv));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
