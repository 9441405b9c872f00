package dev.kcwechat.claims;

import static dev.kcwechat.simulator.WeChatSimulator.DEMO_APP_ID;
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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.keycloak.admin.client.resource.UserProfileResource;
import org.keycloak.admin.client.resource.UsersResource;
import org.keycloak.representations.idm.UserRepresentation;
import org.keycloak.representations.userprofile.config.UPAttribute;
import org.keycloak.representations.userprofile.config.UPAttributePermissions;
import org.keycloak.representations.userprofile.config.UPConfig;

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
        r.client(TestRealm.NOT_ALLOWED_CLIENT).setDirectAccessGrantsEnabled(true);
    });

    private final WeChatSimulator wechat = realm.wechat();
    private final UsersResource accounts = realm.resource().users();
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
        String username = accounts.get(sub).toRepresentation().getUsername();

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
        assertThat(accounts.get(provisioned).getFederatedIdentity()).isEmpty();

        declarePhoneAttributes(List.of("admin"));

        Http.Answer linked = login(LINK_IDP, wechat.newCode(LINK_APP, "oCarolFirst_openid_ABCDEFGHIJK", null),
                wechat.newPhoneCode(LINK_APP, "13900000031", "13900000031", "86"));

        assertThat(claims(linked).get("sub").asText()).isEqualTo(provisioned);
        assertThat(accounts.get(provisioned).getFederatedIdentity()).hasSize(1);
    }

    /** Declares phoneNumber and phoneNumberVerified in the realm's user profile, editable by these roles. */
    private void declarePhoneAttributes(List<String> editors) {
        UserProfileResource userProfile = accounts.userProfile();
        UPConfig profile = userProfile.getConfiguration();
        for (String name : List.of("phoneNumber", "phoneNumberVerified")) {
            profile.removeAttribute(name);
            UPAttribute attribute = new UPAttribute(name);
            attribute.setDisplayName(name);
            UPAttributePermissions permissions = new UPAttributePermissions();
            permissions.setView(new LinkedHashSet<>(List.of("admin", "user")));
            permissions.setEdit(new LinkedHashSet<>(editors));
            attribute.setPermissions(permissions);
            profile.getAttributes().add(attribute);
        }
        userProfile.update(profile);
    }

    private String provisionUser(String username, String phone) {
        UserRepresentation user = TestUsers.named(username);
        user.singleAttribute("phoneNumber", phone);
        user.singleAttribute("phoneNumberVerified", "true");
        return TestUsers.create(realm.resource(), user);
    }

    private String createPasswordUser(String username, Map<String, String> attributes) {
        UserRepresentation user = TestUsers.withPassword(username, PASSWORD, username + "@example.com", "A", "B");
        attributes.forEach(user::singleAttribute);
        return TestUsers.create(realm.resource(), user);
    }

    private void setAttribute(String userId, String name, String value) {
        UserRepresentation user = accounts.get(userId).toRepresentation();
        user.singleAttribute(name, value);
        accounts.get(userId).update(user);
        assertThat(accounts.get(userId).toRepresentation().firstAttribute(name)).isEqualTo(value);
    }

    private void setPassword(String userId) {
        UserRepresentation user = accounts.get(userId).toRepresentation();
        user.setEmail(userId + "@example.com");
        user.setEmailVerified(true);
        user.setFirstName("W");
        user.setLastName("X");
        accounts.get(userId).update(user);
        accounts.get(userId).resetPassword(TestUsers.password(PASSWORD));
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
