package dev.kcwechat.wecom;

import static dev.kcwechat.simulator.WeChatSimulator.DEMO_AGENT_ID;
import static dev.kcwechat.simulator.WeChatSimulator.DEMO_APP_ID;
import static dev.kcwechat.simulator.WeChatSimulator.DEMO_CORP_ID;
import static dev.kcwechat.simulator.WeChatSimulator.DEMO_CORP_SECRET;
import static dev.kcwechat.testing.OAuthErrors.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kcwechat.simulator.WeChatSimulator;
import dev.kcwechat.testing.Http;
import dev.kcwechat.testing.Jwt;
import dev.kcwechat.testing.KeycloakAdmin;
import dev.kcwechat.testing.OAuth;
import dev.kcwechat.testing.TestRealm;
import dev.kcwechat.testing.WeChatRealmExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * WeCom mini-program login on a real Keycloak and the simulator's WeCom: wx.qy.login codes
 * through the same grant, users keyed by corpid:userid, only active members, offboarding, the
 * corp token's recovery, and a WeChat and a WeCom provider side by side.
 */
class WeComMiniProgramIT {

    private static final String WECOM = "wecom";

    @RegisterExtension
    static final WeChatRealmExtension realm = WeChatRealmExtension.named("wecommp").with(r -> r.representation()
            .put("eventsEnabled", true).putArray("enabledEventTypes").add("LOGIN_ERROR").add("LOGIN").add("REGISTER"));

    private final WeChatSimulator wechat = realm.wechat();
    private final KeycloakAdmin admin = realm.admin();
    private final OAuth oauth = realm.oauth();

    @BeforeAll
    static void weComProvider() {
        ObjectNode idp = Http.JSON.createObjectNode().put("alias", WECOM).put("providerId", "wecom-mini-program").put("enabled", true);
        idp.putObject("config").put("clientId", DEMO_CORP_ID).put("clientSecret", DEMO_CORP_SECRET)
                .put("agentId", Integer.toString(DEMO_AGENT_ID)).put("apiBaseUrl", realm.wechat().baseUrl())
                .put("allowedClients", TestRealm.PUBLIC_CLIENT).put("syncMode", "IMPORT");
        Http.Answer created = realm.admin().post(realm.path("/identity-provider/instances"), idp);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(realm.admin().post(realm.path("/groups"), Map.of("name", "engineering")).status()).isEqualTo(201);
        mapper("name", "wecom-name-idp-mapper", Map.of("syncMode", "FORCE"));
        mapper("engineering", "wecom-department-group-idp-mapper", Map.of("syncMode", "FORCE", "department", "2", "group", "/engineering"));
    }

    private static void mapper(String name, String type, Map<String, String> config) {
        ObjectNode mapper = Http.JSON.createObjectNode().put("name", name).put("identityProviderAlias", WECOM)
                .put("identityProviderMapper", type);
        config.forEach(mapper.putObject("config")::put);
        Http.Answer created = realm.admin().post(realm.path("/identity-provider/instances/" + WECOM + "/mappers"), mapper);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
    }

    @Test
    void theNameAndTheDepartmentsComeFromWeComsDirectory() {
        wechat.weComMember(DEMO_CORP_ID, "emp-dept", "王小二", List.of(2, 7), WeChatSimulator.WECOM_STATUS_ACTIVE, null, null);
        String sub = claims(login("emp-dept")).get("sub").asText();

        assertThat(admin.getJson(realm.path("/users/" + sub)).get("firstName").asText()).isEqualTo("王小二");
        assertThat(groupsOf(sub)).containsExactly("engineering");

        wechat.weComMember(DEMO_CORP_ID, "emp-dept", "王小二", List.of(7), WeChatSimulator.WECOM_STATUS_ACTIVE, null, null);
        assertThat(login("emp-dept").status()).isEqualTo(200);
        assertThat(groupsOf(sub)).as("moved out of department 2").isEmpty();
    }

    private List<String> groupsOf(String userId) {
        List<String> names = new ArrayList<>();
        admin.getJson(realm.path("/users/" + userId + "/groups")).forEach(group -> names.add(group.get("name").asText()));
        return names;
    }

    @Test
    void anEmployeeSignsInAndIsTheSameUserNextTime() {
        wechat.weComMember(DEMO_CORP_ID, "emp-first", "赵六", List.of(1), WeChatSimulator.WECOM_STATUS_ACTIVE, null, null);

        JsonNode first = claims(login("emp-first"));
        String sub = first.get("sub").asText();
        JsonNode user = admin.getJson(realm.path("/users/" + sub));   // after the first login alone
        JsonNode again = claims(login("emp-first"));

        assertThat(again.get("sub").asText()).isEqualTo(sub);
        assertThat(first.get("wecom_corpid").asText()).isEqualTo(DEMO_CORP_ID);
        assertThat(first.get("wecom_userid").asText()).isEqualTo("emp-first");
        assertThat(first.has("wechat_openid")).isFalse();
        assertThat(user.get("username").asText()).startsWith("wecom-");
        assertThat(user.path("attributes").path("wecom_corpid").path(0).asText()).isEqualTo(DEMO_CORP_ID);
        assertThat(user.path("attributes").path("wecom_userid").path(0).asText()).isEqualTo("emp-first");
        assertThat(user.path("attributes").has("wechat_unionid")).as("no WeChat attribute for a WeCom member").isFalse();
        assertThat(user.has("email")).as("WeCom gives a new app no e-mail: none, and no placeholder").isFalse();
        JsonNode links = admin.getJson(realm.path("/users/" + sub + "/federated-identity"));
        assertThat(links.get(0).get("userId").asText()).isEqualTo(DEMO_CORP_ID + ":emp-first");
        JsonNode registered = admin.getJson(realm.path("/events?type=REGISTER&user=" + sub));
        assertThat(registered).hasSize(1);
        assertThat(registered.get(0).path("details").path("identity_provider").asText()).isEqualTo(WECOM);
        assertThat(registered.get(0).path("details").path("register_method").asText()).isEqualTo("wecom-mini-program");
    }

    @Test
    void anAdminFindsAMemberByWeComUseridAfterTheirFirstLogin() {
        wechat.weComMember(DEMO_CORP_ID, "emp-search", "孙八", List.of(1), WeChatSimulator.WECOM_STATUS_ACTIVE, null, null);
        String sub = claims(login("emp-search")).get("sub").asText();

        JsonNode found = admin.getJson(realm.path("/users?exact=true&q=wecom_userid:emp-search"));

        assertThat(found).hasSize(1);
        assertThat(found.get(0).get("id").asText()).isEqualTo(sub);
    }

    @Test
    void anEmployeeWhoLeftIsRefusedDisabledAndSignedOut() {
        wechat.weComMember(DEMO_CORP_ID, "emp-leaving", "钱七", List.of(2), WeChatSimulator.WECOM_STATUS_ACTIVE, null, null);
        Http.Answer working = login("emp-leaving");
        String sub = claims(working).get("sub").asText();
        wechat.weComMemberStatus(DEMO_CORP_ID, "emp-leaving", WeChatSimulator.WECOM_STATUS_LEFT);

        Http.Answer left = login("emp-leaving");

        assertError(left, 403, "access_denied");
        assertThat(admin.getJson(realm.path("/users/" + sub)).get("enabled").asBoolean()).as("offboarded").isFalse();
        assertThat(admin.getJson(realm.path("/users/" + sub + "/sessions"))).isEmpty();
        assertError(oauth.refresh(TestRealm.PUBLIC_CLIENT, working.json().get("refresh_token").asText()), 400, "invalid_grant");
        JsonNode event = admin.getJson(realm.path("/events?type=LOGIN_ERROR&user=" + sub)).get(0);
        assertThat(event.path("details").path("offboarded").asText()).isEqualTo("true");
        assertThat(event.path("details").path("wecom_status").asText()).isEqualTo("5");
    }

    @Test
    void anEmployeeDisabledInWeComIsRefusedAndDisabled() {
        wechat.weComMember(DEMO_CORP_ID, "emp-suspended", "沈十三", List.of(2), WeChatSimulator.WECOM_STATUS_ACTIVE, null, null);
        String sub = claims(login("emp-suspended")).get("sub").asText();
        wechat.weComMemberStatus(DEMO_CORP_ID, "emp-suspended", WeChatSimulator.WECOM_STATUS_DISABLED);

        assertError(login("emp-suspended"), 403, "access_denied");
        assertThat(admin.getJson(realm.path("/users/" + sub)).get("enabled").asBoolean()).isFalse();
    }

    @Test
    void aDisabledOrInvisibleMemberIsRefusedAndGetsNoUser() {
        wechat.weComMember(DEMO_CORP_ID, "emp-disabled", "孙八", List.of(3), WeChatSimulator.WECOM_STATUS_DISABLED, null, null);
        wechat.weComMember(DEMO_CORP_ID, "emp-hidden", "周九", List.of(3), WeChatSimulator.WECOM_STATUS_ACTIVE, null, null);
        wechat.weComVisible(DEMO_CORP_ID, DEMO_AGENT_ID, "emp-hidden", false);
        int users = realm.userCount();

        assertError(login("emp-disabled"), 403, "access_denied");
        assertError(login("emp-hidden"), 403, "access_denied");
        assertThat(realm.userCount()).isEqualTo(users);
    }

    @Test
    void anExpiredCorpTokenIsFetchedAgainOnce() {
        wechat.weComMember(DEMO_CORP_ID, "emp-token", "吴十", List.of(1), WeChatSimulator.WECOM_STATUS_ACTIVE, null, null);
        assertThat(login("emp-token").status()).isEqualTo(200);
        int fetches = wechat.calls(WeChatSimulator.WECOM_GETTOKEN);
        wechat.invalidateWeComAccessTokens();

        Http.Answer recovered = login("emp-token");

        assertThat(recovered.status()).as(recovered.toString()).isEqualTo(200);
        assertThat(wechat.calls(WeChatSimulator.WECOM_GETTOKEN)).isEqualTo(fetches + 1);
    }

    @Test
    void aCorpTokenWeComSaysExpiredIsFetchedAgain() {
        wechat.weComMember(DEMO_CORP_ID, "emp-expiry", "卫十二", List.of(1), WeChatSimulator.WECOM_STATUS_ACTIVE, null, null);
        wechat.invalidateWeComAccessTokens();
        wechat.setWeComAccessTokenLifetime(Duration.ofSeconds(30));
        assertThat(login("emp-expiry").status()).isEqualTo(200);
        int fetches = wechat.calls(WeChatSimulator.WECOM_GETTOKEN);
        wechat.advanceClock(Duration.ofSeconds(31));   // WeCom answers 42001 for the token Keycloak still holds

        Http.Answer recovered = login("emp-expiry");

        assertThat(recovered.status()).as(recovered.toString()).isEqualTo(200);
        assertThat(wechat.calls(WeChatSimulator.WECOM_GETTOKEN)).isEqualTo(fetches + 1);
        wechat.setWeComAccessTokenLifetime(Duration.ofHours(2));
    }

    @Test
    void aWeChatAndAWeComProviderSideBySide() {
        wechat.weComMember(DEMO_CORP_ID, "emp-both", "郑十一", List.of(1), WeChatSimulator.WECOM_STATUS_ACTIVE, null, null);

        Http.Answer weCom = login("emp-both");
        Http.Answer weChat = oauth.codeLogin(TestRealm.PUBLIC_CLIENT, wechat.newCode(DEMO_APP_ID, "oSideBySide_openid_ABCDEFGHIJKL", null),
                Map.of("idp", TestRealm.IDP_ALIAS));
        Http.Answer ambiguous = oauth.codeLogin(wechat.newCode(DEMO_APP_ID, "oSideBySide_openid_ABCDEFGHIJKL", null));

        assertThat(claims(weCom).get("sub").asText()).isNotEqualTo(claims(weChat).get("sub").asText());
        assertError(ambiguous, 400, "invalid_request");
    }

    @Test
    void aWeChatCodeIsNotAWeComCode() {
        Http.Answer answer = oauth.codeLogin(TestRealm.PUBLIC_CLIENT, wechat.newCode(DEMO_APP_ID, "oNotWeCom_openid_ABCDEFGHIJKLMN", null),
                Map.of("idp", WECOM));

        assertError(answer, 400, "invalid_grant");
    }

    private Http.Answer login(String userid) {
        return oauth.codeLogin(TestRealm.PUBLIC_CLIENT, wechat.newWeComCode(DEMO_CORP_ID, DEMO_AGENT_ID, userid), Map.of("idp", WECOM));
    }

    private static JsonNode claims(Http.Answer answer) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        return new Jwt(answer.json().get("access_token").asText()).claims();
    }
}
