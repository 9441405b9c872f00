package dev.kcwechat.wecom;

import static dev.kcwechat.simulator.WeChatSimulator.DEMO_AGENT_ID;
import static dev.kcwechat.simulator.WeChatSimulator.DEMO_APP_ID;
import static dev.kcwechat.simulator.WeChatSimulator.DEMO_CORP_ID;
import static dev.kcwechat.simulator.WeChatSimulator.DEMO_CORP_SECRET;
import static dev.kcwechat.testing.OAuthErrors.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcwechat.simulator.WeChatSimulator;
import dev.kcwechat.testing.Http;
import dev.kcwechat.testing.Jwt;
import dev.kcwechat.testing.OAuth;
import dev.kcwechat.testing.TestRealm;
import dev.kcwechat.testing.WeChatRealmExtension;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.keycloak.admin.client.resource.UsersResource;
import org.keycloak.representations.idm.EventRepresentation;
import org.keycloak.representations.idm.FederatedIdentityRepresentation;
import org.keycloak.representations.idm.GroupRepresentation;
import org.keycloak.representations.idm.IdentityProviderMapperRepresentation;
import org.keycloak.representations.idm.IdentityProviderRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

/**
 * WeCom mini-program login on a real Keycloak and the simulator's WeCom: wx.qy.login codes
 * through the same grant, users keyed by corpid:userid, only active members, offboarding, the
 * corp token's recovery, and a WeChat and a WeCom provider side by side.
 */
class WeComMiniProgramIT {

    private static final String WECOM = "wecom";

    @RegisterExtension
    static final WeChatRealmExtension realm = WeChatRealmExtension.named("wecommp").with(r -> {
        r.representation().setEventsEnabled(true);
        r.representation().setEnabledEventTypes(List.of("LOGIN_ERROR", "LOGIN", "REGISTER"));
    });

    private final WeChatSimulator wechat = realm.wechat();
    private final UsersResource accounts = realm.resource().users();
    private final OAuth oauth = realm.oauth();

    @BeforeAll
    static void weComProvider() {
        IdentityProviderRepresentation idp = new IdentityProviderRepresentation();
        idp.setAlias(WECOM);
        idp.setProviderId("wecom-mini-program");
        idp.setEnabled(true);
        idp.setConfig(Map.of("clientId", DEMO_CORP_ID, "clientSecret", DEMO_CORP_SECRET, "agentId", Integer.toString(DEMO_AGENT_ID),
                "apiBaseUrl", realm.wechat().baseUrl(), "allowedClients", TestRealm.PUBLIC_CLIENT, "syncMode", "IMPORT"));
        try (Response created = realm.resource().identityProviders().create(idp)) {
            assertThat(created.getStatus()).as(() -> created.readEntity(String.class)).isEqualTo(201);
        }
        GroupRepresentation engineering = new GroupRepresentation();
        engineering.setName("engineering");
        try (Response created = realm.resource().groups().add(engineering)) {
            assertThat(created.getStatus()).isEqualTo(201);
        }
        mapper("name", "wecom-name-idp-mapper", Map.of("syncMode", "FORCE"));
        mapper("engineering", "wecom-department-group-idp-mapper", Map.of("syncMode", "FORCE", "department", "2", "group", "/engineering"));
    }

    private static void mapper(String name, String type, Map<String, String> config) {
        IdentityProviderMapperRepresentation mapper = new IdentityProviderMapperRepresentation();
        mapper.setName(name);
        mapper.setIdentityProviderAlias(WECOM);
        mapper.setIdentityProviderMapper(type);
        mapper.setConfig(config);
        try (Response created = realm.resource().identityProviders().get(WECOM).addMapper(mapper)) {
            assertThat(created.getStatus()).as(() -> created.readEntity(String.class)).isEqualTo(201);
        }
    }

    @Test
    void theNameAndTheDepartmentsComeFromWeComsDirectory() {
        wechat.weComMember(DEMO_CORP_ID, "emp-dept", "王小二", List.of(2, 7), WeChatSimulator.WECOM_STATUS_ACTIVE, null, null);
        String sub = claims(login("emp-dept")).get("sub").asText();

        assertThat(accounts.get(sub).toRepresentation().getFirstName()).isEqualTo("王小二");
        assertThat(groupsOf(sub)).containsExactly("engineering");

        wechat.weComMember(DEMO_CORP_ID, "emp-dept", "王小二", List.of(7), WeChatSimulator.WECOM_STATUS_ACTIVE, null, null);
        assertThat(login("emp-dept").status()).isEqualTo(200);
        assertThat(groupsOf(sub)).as("moved out of department 2").isEmpty();
    }

    private List<String> groupsOf(String userId) {
        List<String> names = new ArrayList<>();
        accounts.get(userId).groups().forEach(group -> names.add(group.getName()));
        return names;
    }

    @Test
    void anEmployeeSignsInAndIsTheSameUserNextTime() {
        wechat.weComMember(DEMO_CORP_ID, "emp-first", "赵六", List.of(1), WeChatSimulator.WECOM_STATUS_ACTIVE, null, null);

        JsonNode first = claims(login("emp-first"));
        String sub = first.get("sub").asText();
        UserRepresentation user = accounts.get(sub).toRepresentation();   // after the first login alone
        JsonNode again = claims(login("emp-first"));

        assertThat(again.get("sub").asText()).isEqualTo(sub);
        assertThat(first.get("wecom_corpid").asText()).isEqualTo(DEMO_CORP_ID);
        assertThat(first.get("wecom_userid").asText()).isEqualTo("emp-first");
        assertThat(first.has("wechat_openid")).isFalse();
        assertThat(user.getUsername()).startsWith("wecom-");
        assertThat(user.firstAttribute("wecom_corpid")).isEqualTo(DEMO_CORP_ID);
        assertThat(user.firstAttribute("wecom_userid")).isEqualTo("emp-first");
        assertThat(user.getAttributes()).as("no WeChat attribute for a WeCom member").doesNotContainKey("wechat_unionid");
        assertThat(user.getEmail()).as("WeCom gives a new app no e-mail: none, and no placeholder").isNull();
        List<FederatedIdentityRepresentation> links = accounts.get(sub).getFederatedIdentity();
        assertThat(links.get(0).getUserId()).isEqualTo(DEMO_CORP_ID + ":emp-first");
        List<EventRepresentation> registered = realm.events("REGISTER", sub, null);
        assertThat(registered).hasSize(1);
        assertThat(registered.get(0).getDetails().get("identity_provider")).isEqualTo(WECOM);
        assertThat(registered.get(0).getDetails().get("register_method")).isEqualTo("wecom-mini-program");
    }

    @Test
    void anAdminFindsAMemberByWeComUseridAfterTheirFirstLogin() {
        wechat.weComMember(DEMO_CORP_ID, "emp-search", "孙八", List.of(1), WeChatSimulator.WECOM_STATUS_ACTIVE, null, null);
        String sub = claims(login("emp-search")).get("sub").asText();

        List<UserRepresentation> found = accounts.searchByAttributes("wecom_userid:emp-search", true);

        assertThat(found).hasSize(1);
        assertThat(found.get(0).getId()).isEqualTo(sub);
    }

    @Test
    void anEmployeeWhoLeftIsRefusedDisabledAndSignedOut() {
        wechat.weComMember(DEMO_CORP_ID, "emp-leaving", "钱七", List.of(2), WeChatSimulator.WECOM_STATUS_ACTIVE, null, null);
        Http.Answer working = login("emp-leaving");
        String sub = claims(working).get("sub").asText();
        wechat.weComMemberStatus(DEMO_CORP_ID, "emp-leaving", WeChatSimulator.WECOM_STATUS_LEFT);

        Http.Answer left = login("emp-leaving");

        assertError(left, 403, "access_denied");
        assertThat(accounts.get(sub).toRepresentation().isEnabled()).as("offboarded").isFalse();
        assertThat(accounts.get(sub).getUserSessions()).isEmpty();
        assertError(oauth.refresh(TestRealm.PUBLIC_CLIENT, working.json().get("refresh_token").asText()), 400, "invalid_grant");
        EventRepresentation event = realm.events("LOGIN_ERROR", sub, null).get(0);
        assertThat(event.getDetails().get("offboarded")).isEqualTo("true");
        assertThat(event.getDetails().get("wecom_status")).isEqualTo("5");
    }

    @Test
    void anEmployeeDisabledInWeComIsRefusedAndDisabled() {
        wechat.weComMember(DEMO_CORP_ID, "emp-suspended", "沈十三", List.of(2), WeChatSimulator.WECOM_STATUS_ACTIVE, null, null);
        String sub = claims(login("emp-suspended")).get("sub").asText();
        wechat.weComMemberStatus(DEMO_CORP_ID, "emp-suspended", WeChatSimulator.WECOM_STATUS_DISABLED);

        assertError(login("emp-suspended"), 403, "access_denied");
        assertThat(accounts.get(sub).toRepresentation().isEnabled()).isFalse();
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
