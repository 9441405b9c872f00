package dev.kcwechat.records;

import static dev.kcwechat.simulator.WeChatSimulator.DEMO_APP_ID;
import static dev.kcwechat.testing.OAuthErrors.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcwechat.simulator.WeChatSimulator;
import dev.kcwechat.testing.Http;
import dev.kcwechat.testing.Jwt;
import dev.kcwechat.testing.OAuth;
import dev.kcwechat.testing.TestEnvironment;
import dev.kcwechat.testing.TestRealm;
import dev.kcwechat.testing.TestUsers;
import dev.kcwechat.testing.WeChatRealmExtension;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.keycloak.admin.client.resource.IdentityProviderResource;
import org.keycloak.representations.idm.IdentityProviderRepresentation;
import org.keycloak.representations.idm.RoleRepresentation;

/**
 * The authorization trail on a real Keycloak: each act records once, a refused act records
 * nothing, the privacy policy version is required and recorded, the user sees their own records,
 * deletes their account with a fresh login only, and the records outlive the account.
 */
class AuthorizationTrailIT {

    @RegisterExtension
    static final WeChatRealmExtension realm = WeChatRealmExtension.named("authztrail").with(r -> {
        r.addPhoneMapper(TestRealm.IDP_ALIAS, "reject");
        r.client(TestRealm.NOT_ALLOWED_CLIENT).setDirectAccessGrantsEnabled(true);
    });
    private static final String PASSWORD = "Staff-Passw0rd";

    private final WeChatSimulator wechat = realm.wechat();
    private final OAuth oauth = realm.oauth();

    @Test
    void aFirstLoginIsRecordedOnceAsARegistrationAndTheUserSeesIt() {
        Http.Answer first = login("oTrailFirst_openid_ABCDEFGHIJKL", Map.of());
        Http.Answer again = login("oTrailFirst_openid_ABCDEFGHIJKL", Map.of());

        assertThat(again.status()).isEqualTo(200);
        List<JsonNode> records = own(first);
        assertThat(kinds(records)).as("a second login with the same scopes adds nothing").containsExactlyInAnyOrder("register", "scope");
        assertThat(ofKind(records, "scope").get(0).get("detail").asText().split(" ")).contains("wechat", "profile");
        JsonNode register = ofKind(records, "register").get(0);
        assertThat(register.get("kind").asText()).isEqualTo("register");
        assertThat(register.get("clientId").asText()).isEqualTo(TestRealm.PUBLIC_CLIENT);
        assertThat(register.get("detail").asText()).isEqualTo(TestRealm.IDP_ALIAS);
        assertThat(register.get("userId").asText()).isEqualTo(sub(first));
        assertThat(register.get("ipAddress").asText()).isNotBlank();
        assertThat(register.get("createdAt").asText()).endsWith("Z");
    }

    @Test
    void otherScopesAndANewPhoneNumberAreRecordedWhenTheyChange() {
        String openid = "oTrailScope_openid_ABCDEFGHIJKL";
        login(openid, Map.of());
        Http.Answer offline = login(openid, Map.of("scope", "openid offline_access"));
        assertThat(offline.status()).isEqualTo(200);
        Http.Answer withPhone = login(openid, Map.of("phone_code", wechat.newPhoneCode(DEMO_APP_ID, "13800138123", "13800138123", "86")));
        assertThat(withPhone.status()).as(withPhone.toString()).isEqualTo(200);
        login(openid, Map.of("phone_code", wechat.newPhoneCode(DEMO_APP_ID, "13800138123", "13800138123", "86")));

        List<JsonNode> records = own(withPhone);
        assertThat(kinds(records)).containsExactlyInAnyOrder("register", "scope", "scope", "phone");
        assertThat(ofKind(records, "scope")).extracting(r -> r.get("detail").asText()).contains("offline_access");
        assertThat(ofKind(records, "phone").get(0).get("detail").asText()).isEqualTo("+8613*****8123");
    }

    @Test
    void theCurrentPrivacyPolicyIsRequiredBeforeWeChatIsAskedAndRecordedOncePerVersion() {
        setPrivacyPolicyVersion("2026-12");
        try {
            String code = wechat.newCode(DEMO_APP_ID, "oTrailPrivacy_openid_ABCDEFGHI", unionid("oTrailPrivacy_openid_ABCDEFGHI"));
            int users = realm.userCount();
            int exchanges = wechat.calls(WeChatSimulator.JSCODE2SESSION);

            Http.Answer without = oauth.codeLogin(TestRealm.PUBLIC_CLIENT, code, Map.of());
            Http.Answer older = oauth.codeLogin(TestRealm.PUBLIC_CLIENT, code, Map.of("privacy_version", "2026-11"));

            for (Http.Answer refused : List.of(without, older)) {
                assertError(refused, 403, "consent_required");
                assertThat(refused.json().get("privacy_policy_version").asText()).isEqualTo("2026-12");
            }
            assertThat(wechat.calls(WeChatSimulator.JSCODE2SESSION)).as("WeChat is not asked").isEqualTo(exchanges);
            assertThat(realm.userCount()).as("a refused login creates no user").isEqualTo(users);

            Http.Answer accepted = oauth.codeLogin(TestRealm.PUBLIC_CLIENT, code, Map.of("privacy_version", "2026-12"));
            assertThat(accepted.status()).as("the same code, once the policy is accepted: " + accepted).isEqualTo(200);
            Http.Answer returning = login("oTrailPrivacy_openid_ABCDEFGHI", Map.of("privacy_version", "2026-12"));
            assertThat(returning.status()).isEqualTo(200);
            assertThat(kinds(own(returning))).containsExactlyInAnyOrder("register", "privacy_policy", "scope");
            assertThat(ofKind(own(returning), "register").get(0).get("privacyVersion").asText()).isEqualTo("2026-12");

            setPrivacyPolicyVersion("2027-01");
            assertError(login("oTrailPrivacy_openid_ABCDEFGHI", Map.of("privacy_version", "2026-12")), 403, "consent_required");
            Http.Answer newVersion = login("oTrailPrivacy_openid_ABCDEFGHI", Map.of("privacy_version", "2027-01"));
            assertThat(newVersion.status()).isEqualTo(200);
            List<JsonNode> records = own(newVersion);
            assertThat(kinds(records)).containsExactlyInAnyOrder("register", "privacy_policy", "scope", "privacy_policy");
            assertThat(ofKind(records, "privacy_policy")).extracting(r -> r.get("detail").asText()).containsExactly("2026-12", "2027-01");
        } finally {
            setPrivacyPolicyVersion("");
        }
    }

    @Test
    void aFreshLoginDeletesTheAccountAndTheRecordsStay() {
        Http.Answer login = login("oTrailLeaver_openid_ABCDEFGHIJK", Map.of());
        String sub = sub(login);

        Http.Answer deleted = Http.delete(oauth.wechat("me"), login.json().get("access_token").asText());

        assertThat(deleted.status()).as(deleted.toString()).isEqualTo(204);
        assertThat(realm.resource().users().search("", 0, 1000).stream().map(u -> u.getId())).doesNotContain(sub);
        assertError(oauth.refresh(TestRealm.PUBLIC_CLIENT, login.json().get("refresh_token").asText()), 400, "invalid_grant");
        Http.Answer kept = realm.admin().get(realm.path("/wechat/authorizations?user=" + sub));
        assertThat(kept.status()).isEqualTo(200);
        List<String> kinds = new ArrayList<>();
        kept.json().forEach(record -> kinds.add(record.get("kind").asText()));
        assertThat(kinds).containsExactlyInAnyOrder("register", "scope", "account_deleted");
        assertThat(realm.events("DELETE_ACCOUNT", null, 10)).extracting(event -> event.getUserId()).contains(sub);
    }

    @Test
    void aStaleLoginCannotDeleteTheAccount() throws InterruptedException {
        Http.Answer login = login("oTrailStale_openid_ABCDEFGHIJKL", Map.of());
        Thread.sleep((TestEnvironment.ACCOUNT_DELETION_MAX_AUTH_AGE + 2) * 1000L);
        Http.Answer refreshed = oauth.refresh(TestRealm.PUBLIC_CLIENT, login.json().get("refresh_token").asText());
        assertThat(refreshed.status()).isEqualTo(200);

        Http.Answer refused = Http.delete(oauth.wechat("me"), refreshed.json().get("access_token").asText());

        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.json().get("error").asText()).isEqualTo("invalid_token");
        assertThat(realm.resource().users().get(sub(login)).toRepresentation().isEnabled()).isTrue();
    }

    @Test
    void theAdminExportFiltersByKindAndClient() {
        Http.Answer login = login("oTrailExport_openid_ABCDEFGHIJK", Map.of());
        String sub = sub(login);

        Http.Answer byKind = realm.admin().get(realm.path("/wechat/authorizations?kind=register&client=" + TestRealm.PUBLIC_CLIENT
                + "&user=" + sub));
        Http.Answer otherClient = realm.admin().get(realm.path("/wechat/authorizations?client=nobody&user=" + sub));
        Http.Answer badKind = realm.admin().get(realm.path("/wechat/authorizations?kind=everything"));

        assertThat(byKind.json()).hasSize(1);
        assertThat(otherClient.json()).isEmpty();
        assertThat(badKind.status()).isEqualTo(400);
        assertThat(Http.get(oauth.wechat("me/authorizations"), null).status()).as("without a bearer").isEqualTo(401);
    }

    @Test
    void theAdminExportIsCsvWithTheSameColumnsAndPagesWithFirstAndMax() {
        Http.Answer login = login("oTrailCsv_openid_ABCDEFGHIJKLMN", Map.of());
        String sub = sub(login);
        List<JsonNode> json = new ArrayList<>();
        realm.admin().get(realm.path("/wechat/authorizations?user=" + sub)).json().forEach(json::add);

        Http.Answer csv = realm.admin().get(realm.path("/wechat/authorizations?user=" + sub), "text/csv");

        assertThat(csv.status()).as(csv.toString()).isEqualTo(200);
        assertThat(csv.raw().headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        assertThat(csv.raw().headers().firstValue("Content-Disposition").orElse("")).contains("authorizations-authztrail.csv");
        List<String> lines = csv.body().lines().toList();
        assertThat(lines.get(0)).isEqualTo("id,userId,clientId,kind,detail,privacyVersion,createdAt,ipAddress,userAgent");
        assertThat(lines).hasSize(1 + json.size());
        assertThat(json).extracting(record -> record.get("kind").asText()).containsExactly("register", "scope");
        assertThat(lines.get(1)).isEqualTo(String.join(",", json.get(0).get("id").asText(), sub, TestRealm.PUBLIC_CLIENT, "register",
                TestRealm.IDP_ALIAS, "", json.get(0).get("createdAt").asText(), json.get(0).get("ipAddress").asText(),
                json.get(0).get("userAgent").asText()));
        assertThat(realm.admin().get(realm.path("/wechat/authorizations?user=" + sub + "&kind=scope"), "text/csv").body().lines())
                .hasSize(2).last().asString().contains(",scope,");

        JsonNode second = realm.admin().get(realm.path("/wechat/authorizations?user=" + sub + "&first=1&max=1")).json();
        assertThat(second).hasSize(1);
        assertThat(second.get(0).get("id").asText()).isEqualTo(json.get(1).get("id").asText());
        assertThat(realm.admin().get(realm.path("/wechat/authorizations?user=" + sub + "&first=2")).json()).isEmpty();
        assertThat(realm.admin().get(realm.path("/wechat/authorizations?max=0")).status()).isEqualTo(400);
        assertThat(realm.admin().get(realm.path("/wechat/authorizations?from=yesterday")).status()).isEqualTo(400);
    }

    @Test
    void onlyAnAdministratorWhoMayViewUsersReadsTheRealmsRecords() {
        String sub = sub(login("oTrailLesser_openid_ABCDEFGHIJK", Map.of()));
        String clerk = staff("trail-clerk", "view-clients", "view-events");
        String auditor = staff("trail-auditor", "view-users");
        String path = realm.server().baseUrl() + "/admin/realms/" + realm.name() + "/wechat/authorizations?user=" + sub;

        Http.Answer byClerk = Http.get(path, passwordToken(clerk));
        Http.Answer byClerkCsv = Http.get(path, passwordToken(clerk), "text/csv");
        Http.Answer byAuditor = Http.get(path, passwordToken(auditor));

        assertThat(byClerk.status()).as("view-clients and view-events are not enough").isEqualTo(403);
        assertThat(byClerkCsv.status()).isEqualTo(403);
        assertThat(byClerk.body()).doesNotContain(sub);
        assertThat(byAuditor.status()).as(byAuditor.toString()).isEqualTo(200);
        assertThat(byAuditor.json()).extracting(record -> record.get("userId").asText()).containsOnly(sub);
    }

    @Test
    void aUserSeesOnlyTheirOwnRecords() {
        String other = sub(login("oTrailOther_openid_ABCDEFGHIJKL", Map.of()));
        Http.Answer mine = login("oTrailMine_openid_ABCDEFGHIJKLM", Map.of());

        Http.Answer asked = Http.get(oauth.wechat("me/authorizations?user=" + other), mine.json().get("access_token").asText());

        assertThat(asked.status()).isEqualTo(200);
        assertThat(asked.json()).isNotEmpty().extracting(record -> record.get("userId").asText()).containsOnly(sub(mine));
    }

    /** A realm user with these roles of realm-management, signed in with a password. */
    private String staff(String username, String... roles) {
        String id = TestUsers.create(realm.resource(), TestUsers.withPassword(username, PASSWORD, username + "@example.com", "Staff",
                username));
        String realmManagement = realm.resource().clients().findByClientId("realm-management").get(0).getId();
        List<RoleRepresentation> granted = new ArrayList<>();
        for (String role : roles) {
            granted.add(realm.resource().clients().get(realmManagement).roles().get(role).toRepresentation());
        }
        realm.resource().users().get(id).roles().clientLevel(realmManagement).add(granted);
        return username;
    }

    private String passwordToken(String username) {
        Http.Answer answer = Http.postForm(oauth.tokenUrl(), Map.of("grant_type", "password", "client_id", TestRealm.NOT_ALLOWED_CLIENT,
                "username", username, "password", PASSWORD), null);
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        return answer.json().get("access_token").asText();
    }

    /** A login with a fresh code of that openid (and a unionid made from it); without extra parameters it must succeed. */
    private Http.Answer login(String openid, Map<String, String> extra) {
        Http.Answer answer = oauth.codeLogin(TestRealm.PUBLIC_CLIENT, wechat.newCode(DEMO_APP_ID, openid, unionid(openid)), extra);
        if (extra.isEmpty()) {
            assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        }
        return answer;
    }

    private static String unionid(String openid) {
        return "u" + openid.substring(1, openid.indexOf('_')) + "_unionid_ABCDEFGHIJ";
    }

    private List<JsonNode> own(Http.Answer login) {
        Http.Answer answer = Http.get(oauth.wechat("me/authorizations"), login.json().get("access_token").asText());
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        List<JsonNode> records = new ArrayList<>();
        answer.json().forEach(records::add);
        return records;
    }

    private static List<JsonNode> ofKind(List<JsonNode> records, String kind) {
        return records.stream().filter(record -> kind.equals(record.get("kind").asText())).toList();
    }

    private static List<String> kinds(List<JsonNode> records) {
        return records.stream().map(record -> record.get("kind").asText()).toList();
    }

    private static String sub(Http.Answer login) {
        return new Jwt(login.json().get("access_token").asText()).claims().get("sub").asText();
    }

    private void setPrivacyPolicyVersion(String version) {
        IdentityProviderResource provider = realm.resource().identityProviders().get(TestRealm.IDP_ALIAS);
        IdentityProviderRepresentation representation = provider.toRepresentation();
        Map<String, String> config = new HashMap<>(representation.getConfig());
        config.put("privacyPolicyVersion", version);
        config.put("clientSecret", WeChatSimulator.DEMO_APP_SECRET);
        representation.setConfig(config);
        provider.update(representation);
    }
}
