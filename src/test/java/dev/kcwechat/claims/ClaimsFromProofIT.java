package dev.kcwechat.claims;

import static dev.kcwechat.simulator.WeChatSimulator.DEMO_APP_ID;
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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Claims and links come from what WeChat proved, never from what a user may type: a realm whose
 * user profile lets users edit {@code wechat_unionid} or {@code phoneNumberVerified} gives them no
 * way to forge a claim or take over an account.
 */
class ClaimsFromProofIT {

    private static final String REALM = "claimsproof";
    private static final String LINK_IDP = "wechat-link";
    private static final String LINK_APP = "wx1212121212121212";
    private static final String OTHER_APP = "wx3434343434343434";
    private static final String OTHER_IDP = "wechat-other";
    private static final String SECRET = "cdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcd";
    private static final String PASSWORD = "a-Password-1";

    @RegisterExtension
    static final WeChatRealmExtension realm = WeChatRealmExtension.named(REALM).with(r -> {
        r.simulator().registerApp(LINK_APP, SECRET);
        r.simulator().registerApp(OTHER_APP, SECRET);
        r.addIdentityProvider(LINK_IDP, LINK_APP, SECRET, TestRealm.PUBLIC_CLIENT);
        r.addIdentityProvider(OTHER_IDP, OTHER_APP, SECRET, TestRealm.PUBLIC_CLIENT);
        r.addPhoneMapper(LINK_IDP, "link");
        ((ObjectNode) r.representation().withArray("clients").get(2)).put("directAccessGrantsEnabled", true);
    });

    private final WeChatSimulator wechat = realm.wechat();
    private final KeycloakAdmin admin = realm.admin();
    private final OAuth oauth = realm.oauth();

    @Test
    void aUnionidAttributeTheUserChangedDoesNotReachTheTokens() {
        String unionid = "oProvenUnion_unionid_ABCDEFGHIJ";
        JsonNode tokens = oauth.codeLogin(TestRealm.PUBLIC_CLIENT, wechat.newCode(DEMO_APP_ID, "oProven_openid_ABCDEFGHIJKLMN", unionid),
                Map.of("idp", TestRealm.IDP_ALIAS, "scope", "openid")).json();
        String sub = new Jwt(tokens.get("access_token").asText()).claims().get("sub").asText();

        setAttribute(sub, "wechat_unionid", "oSomebodyElses_unionid_ABCDEFG");
        Http.Answer refreshed = oauth.refresh(TestRealm.PUBLIC_CLIENT, tokens.get("refresh_token").asText());
        Http.Answer userinfo = oauth.userinfo(refreshed.json().get("access_token").asText());

        assertThat(claims(refreshed).get("wechat_unionid").asText()).isEqualTo(unionid);
        assertThat(userinfo.status()).as(userinfo.toString()).isEqualTo(200);
        assertThat(userinfo.json().get("wechat_unionid").asText()).isEqualTo(unionid);
    }

    @Test
    void aUserWithoutAWeChatLinkGetsNoUnionidClaimWhateverItsAttributeSays() {
        String user = createPasswordUser("typed-unionid", Map.of("wechat_unionid", "oTyped_unionid_ABCDEFGHIJKLMNO"));

        Http.Answer answer = passwordLogin("typed-unionid");

        JsonNode claims = claims(answer);
        assertThat(claims.get("sub").asText()).isEqualTo(user);
        assertThat(claims.has("wechat_unionid")).isFalse();
        assertThat(claims.has("wechat_openid")).isFalse();
    }

    @Test
    void aWeChatUserSigningInAnotherWayGetsTheUnionidOfItsLinkNotOfItsAttribute() {
        String unionid = "oLinkedUnion_unionid_ABCDEFGHIJ";
        String sub = claims(login(TestRealm.IDP_ALIAS, wechat.newCode(DEMO_APP_ID, "oLinked_openid_ABCDEFGHIJKLMNO", unionid)))
                .get("sub").asText();
        setAttribute(sub, "wechat_unionid", "oForged_unionid_ABCDEFGHIJKLMN");
        setPassword(sub);
        String username = admin.getJson(realm.path("/users/" + sub)).get("username").asText();

        JsonNode claims = claims(passwordLogin(username));

        assertThat(claims.get("wechat_unionid").asText()).isEqualTo(unionid);
        assertThat(claims.has("wechat_openid")).as("no mini-program session").isFalse();
    }

    @Test
    void aUserKeyedByOpenidHasNoUnionidClaimUntilWeChatSendsOne() {
        JsonNode claims = claims(login(TestRealm.IDP_ALIAS, wechat.newCode(DEMO_APP_ID, "oNoUnion_openid_ABCDEFGHIJKLMN", null)));

        assertThat(claims.has("wechat_unionid")).isFalse();
        assertThat(claims.get("wechat_openid").asText()).isEqualTo("oNoUnion_openid_ABCDEFGHIJKLMN");
    }

    /**
     * With policy {@code link}, a proven number links to the account provisioned with it only while
     * users cannot edit {@code phoneNumberVerified} (nor the number) themselves; where they can, the
     * policy refuses like {@code reject}, and nothing is linked.
     */
    @Test
    void linkingByPhoneTrustsTheVerifiedFlagOnlyWhereUsersCannotEditIt() {
        String provisioned = provisionUser("hr-import-carol", "+8613900000031");
        declarePhoneAttributes(List.of("admin", "user"));
        int users = realm.userCount();

        Http.Answer refused = login(LINK_IDP, wechat.newCode(LINK_APP, "oCarolFirst_openid_ABCDEFGHIJK", null),
                wechat.newPhoneCode(LINK_APP, "13900000031", "13900000031", "86"));

        assertError(refused, 403, "access_denied");
        assertThat(realm.userCount()).isEqualTo(users);
        assertThat(admin.getJson(realm.path("/users/" + provisioned + "/federated-identity"))).isEmpty();

        declarePhoneAttributes(List.of("admin"));

        Http.Answer linked = login(LINK_IDP, wechat.newCode(LINK_APP, "oCarolFirst_openid_ABCDEFGHIJK", null),
                wechat.newPhoneCode(LINK_APP, "13900000031", "13900000031", "86"));

        assertThat(claims(linked).get("sub").asText()).isEqualTo(provisioned);
        assertThat(admin.getJson(realm.path("/users/" + provisioned + "/federated-identity"))).hasSize(1);
    }

    /** Declares phoneNumber and phoneNumberVerified in the realm's user profile, editable by these roles. */
    private void declarePhoneAttributes(List<String> editors) {
        ObjectNode profile = (ObjectNode) admin.getJson(realm.path("/users/profile"));
        ArrayNode attributes = profile.withArray("attributes");
        for (int i = attributes.size() - 1; i >= 0; i--) {
            String name = attributes.get(i).get("name").asText();
            if (name.equals("phoneNumber") || name.equals("phoneNumberVerified")) {
                attributes.remove(i);
            }
        }
        for (String name : List.of("phoneNumber", "phoneNumberVerified")) {
            ObjectNode permissions = attributes.addObject().put("name", name).put("displayName", name).putObject("permissions");
            permissions.putArray("view").add("admin").add("user");
            ArrayNode edit = permissions.putArray("edit");
            editors.forEach(edit::add);
        }
        Http.Answer updated = admin.put(realm.path("/users/profile"), profile);
        assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
    }

    private String provisionUser(String username, String phone) {
        ObjectNode user = Http.JSON.createObjectNode().put("username", username).put("enabled", true);
        user.putObject("attributes").putArray("phoneNumber").add(phone);
        ((ObjectNode) user.get("attributes")).putArray("phoneNumberVerified").add("true");
        Http.Answer created = admin.post(realm.path("/users"), user);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return admin.getJson(realm.path("/users?exact=true&username=" + username)).get(0).get("id").asText();
    }

    private String createPasswordUser(String username, Map<String, String> attributes) {
        ObjectNode user = Http.JSON.createObjectNode().put("username", username).put("enabled", true)
                .put("email", username + "@example.com").put("emailVerified", true).put("firstName", "A").put("lastName", "B");
        attributes.forEach((name, value) -> user.with("attributes").putArray(name).add(value));
        user.putArray("credentials").addObject().put("type", "password").put("value", PASSWORD).put("temporary", false);
        Http.Answer created = admin.post(realm.path("/users"), user);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return admin.getJson(realm.path("/users?exact=true&username=" + username)).get(0).get("id").asText();
    }

    private void setAttribute(String userId, String name, String value) {
        ObjectNode user = (ObjectNode) admin.getJson(realm.path("/users/" + userId));
        user.with("attributes").putArray(name).add(value);
        Http.Answer updated = admin.put(realm.path("/users/" + userId), user);
        assertThat(updated.status()).as(updated.toString()).isEqualTo(204);
        assertThat(admin.getJson(realm.path("/users/" + userId)).get("attributes").get(name).get(0).asText()).isEqualTo(value);
    }

    private void setPassword(String userId) {
        ObjectNode user = (ObjectNode) admin.getJson(realm.path("/users/" + userId));
        user.put("email", userId + "@example.com").put("emailVerified", true).put("firstName", "W").put("lastName", "X");
        assertThat(admin.put(realm.path("/users/" + userId), user).status()).isEqualTo(204);
        ObjectNode credential = Http.JSON.createObjectNode().put("type", "password").put("value", PASSWORD).put("temporary", false);
        Http.Answer reset = admin.put(realm.path("/users/" + userId + "/reset-password"), credential);
        assertThat(reset.status()).as(reset.toString()).isEqualTo(204);
    }

    private Http.Answer passwordLogin(String username) {
        return Http.postForm(oauth.tokenUrl(), Map.of("grant_type", "password", "client_id", TestRealm.NOT_ALLOWED_CLIENT,
                "username", username, "password", PASSWORD), null);
    }

    private Http.Answer login(String alias, String code) {
        return oauth.codeLogin(TestRealm.PUBLIC_CLIENT, code, Map.of("idp", alias));
    }

    private Http.Answer login(String alias, String code, String phoneCode) {
        return oauth.codeLogin(TestRealm.PUBLIC_CLIENT, code, Map.of("idp", alias, "phone_code", phoneCode));
    }

    private static JsonNode claims(Http.Answer answer) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        return new Jwt(answer.json().get("access_token").asText()).claims();
    }

}
