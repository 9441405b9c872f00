package dev.kcwechat.wecom;

import static dev.kcwechat.simulator.WeChatSimulator.DEMO_AGENT_ID;
import static dev.kcwechat.simulator.WeChatSimulator.DEMO_CORP_ID;
import static dev.kcwechat.simulator.WeChatSimulator.DEMO_CORP_SECRET;
import static dev.kcwechat.testing.OAuthErrors.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kcwechat.simulator.WeChatSimulator;
import dev.kcwechat.simulator.WeComCallbacks;
import dev.kcwechat.simulator.WeComContactEvents;
import dev.kcwechat.testing.Http;
import dev.kcwechat.testing.Jwt;
import dev.kcwechat.testing.OAuth;
import dev.kcwechat.testing.TestEnvironment;
import dev.kcwechat.testing.TestRealm;
import dev.kcwechat.testing.WeChatRealmExtension;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.keycloak.admin.client.resource.UserResource;
import org.keycloak.admin.client.resource.UsersResource;
import org.keycloak.representations.idm.EventRepresentation;
import org.keycloak.representations.idm.IdentityProviderRepresentation;

/**
 * WeCom's directory on a real Keycloak: the contact-change callback (URL verification, a member
 * who leaves or is disabled signed out everywhere at once, forged, stale, replayed or foreign
 * callbacks refused with nothing changed, a renamed userid re-keyed, a reused userid refused) and
 * the reconciliation that catches what a lost callback missed.
 */
class WeComDirectoryIT {

    private static final String REALM = "wecomdirectory";
    private static final String WECOM = "wecom";
    private static final String TOKEN = "QDG6eK";
    private static final String AES_KEY = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C";
    private static final String RESPONSE = "IDENTITY_PROVIDER_RESPONSE";
    private static final String RESPONSE_ERROR = "IDENTITY_PROVIDER_RESPONSE_ERROR";

    @RegisterExtension
    static final WeChatRealmExtension realm = WeChatRealmExtension.named(REALM).with(r -> {
        r.representation().setEventsEnabled(true);
        r.representation().setEnabledEventTypes(List.of("LOGIN", "LOGIN_ERROR", "REGISTER", RESPONSE, RESPONSE_ERROR));
    });

    private final WeChatSimulator wechat = realm.wechat();
    private final UsersResource accounts = realm.resource().users();
    private final OAuth oauth = realm.oauth();
    private final WeComCallbacks callbacks = wechat.weComCallbacks(DEMO_CORP_ID);

    @BeforeAll
    static void weComProviderWithACallback() {
        TestEnvironment.vaultSecret(REALM, "idp." + WECOM + ".callback-token", TOKEN);
        TestEnvironment.vaultSecret(REALM, "idp." + WECOM + ".callback-aes-key", AES_KEY);
        Map<String, String> config = new HashMap<>(Map.of("clientId", DEMO_CORP_ID, "clientSecret", DEMO_CORP_SECRET,
                "agentId", Integer.toString(DEMO_AGENT_ID), "apiBaseUrl", realm.wechat().baseUrl(), "allowedClients", TestRealm.PUBLIC_CLIENT,
                "callbackToken", "${vault.idp." + WECOM + ".callback-token}", "callbackAesKey", "${vault.idp." + WECOM + ".callback-aes-key}"));
        try (Response created = realm.resource().identityProviders().create(provider(WECOM, config))) {
            assertThat(created.getStatus()).as(() -> created.readEntity(String.class)).isEqualTo(201);
        }
        realm.wechat().weComCallbackTarget(DEMO_CORP_ID, DEMO_AGENT_ID, callbackUrl(WECOM), TOKEN, AES_KEY);
    }

    private static IdentityProviderRepresentation provider(String alias, Map<String, String> config) {
        IdentityProviderRepresentation idp = new IdentityProviderRepresentation();
        idp.setAlias(alias);
        idp.setProviderId("wecom-mini-program");
        idp.setEnabled(true);
        idp.setConfig(config);
        return idp;
    }

    private static String callbackUrl(String alias) {
        return realm.server().baseUrl() + "/realms/" + REALM + "/wechat/wecom/" + alias + "/callback";
    }

    @Test
    void weComVerifiesTheCallbackUrl() {
        WeComCallbacks.Verification verification = callbacks.verifyUrl();

        assertThat(verification.passed()).as(verification.answer().toString()).isTrue();
        assertThat(verification.answer().body()).isEqualTo(verification.check().echo());
    }

    @Test
    void aMemberDeletedInWeComIsDisabledAndSignedOutEverywhereAtOnce() {
        Member member = signedIn("emp-deleted");

        int status = wechat.weComMemberLeaves(DEMO_CORP_ID, "emp-deleted");

        assertThat(status).isEqualTo(200);
        member.assertOffboarded();
        EventRepresentation event = realm.events(RESPONSE, member.id, 1).get(0);
        assertThat(event.getDetails()).containsEntry("offboarded", "true").containsEntry("wecom_change", "delete_user")
                .containsEntry("identity_provider", WECOM).containsEntry("identity_provider_identity", DEMO_CORP_ID + ":emp-deleted");
    }

    @Test
    void aMemberDisabledInWeComStaysDisabledWhenWeComMakesThemActiveAgain() {
        Member member = signedIn("emp-suspended");

        assertThat(wechat.weComMemberDisabled(DEMO_CORP_ID, "emp-suspended")).isEqualTo(200);
        member.assertOffboarded();
        assertThat(realm.events(RESPONSE, member.id, 1).get(0).getDetails()).containsEntry("wecom_status", "2");

        wechat.weComMemberStatus(DEMO_CORP_ID, "emp-suspended", WeChatSimulator.WECOM_STATUS_ACTIVE);
        assertThat(callbacks.send(WeComContactEvents.updateUserStatus(DEMO_CORP_ID, "emp-suspended", 1)).status()).isEqualTo(200);

        assertThat(member.user().toRepresentation().isEnabled()).as("re-enabling is an administrator's act").isFalse();
        Http.Answer again = login("emp-suspended");
        assertError(again, 400, "invalid_grant");
        assertThat(again.json().get("error_description").asText()).contains("offboarded").contains(DEMO_CORP_ID + ":emp-suspended");
    }

    @Test
    void forgedStaleReplayedAndForeignCallbacksChangeNothing() {
        Member member = signedIn("emp-target");
        String delete = WeComContactEvents.deleteUser(DEMO_CORP_ID, "emp-target");
        String timestamp = Long.toString(Instant.now().getEpochSecond());

        WeComCallbacks.Answer forged = callbacks.post(callbacks.event(delete).withSignature("0123456789abcdef0123456789abcdef01234567"));
        WeComCallbacks.Answer foreign = callbacks.post(callbacks.eventFor("wwOtherCorp0000000", delete));
        WeComCallbacks.Answer stale = callbacks.post(callbacks.event(delete, Long.toString(Instant.now().getEpochSecond() - 600), "stale-1"));
        WeComCallbacks.Event harmless = callbacks.event(WeComContactEvents.updateUserStatus(DEMO_CORP_ID, "emp-target", 1), timestamp,
                "replayed-1");
        WeComCallbacks.Answer first = callbacks.post(harmless);
        WeComCallbacks.Answer replayed = callbacks.post(harmless);
        WeComCallbacks.Answer garbage = callbacks.post(callbacks.event(delete, "not-a-number", "garbage-1"));

        assertThat(forged.status()).isEqualTo(403);
        assertThat(foreign.status()).isEqualTo(403);
        assertThat(stale.status()).isEqualTo(403);
        assertThat(first.status()).isEqualTo(200);
        assertThat(replayed.status()).isEqualTo(403);
        assertThat(garbage.status()).isEqualTo(400);
        member.assertUntouched();
        assertThat(realm.events(RESPONSE_ERROR, null, 20)).extracting(EventRepresentation::getError)
                .contains("invalid_signature", "wrong_corp", "stale_timestamp", "replayed_nonce", "invalid_request");
    }

    @Test
    void aRenamedUseridKeepsItsUserAndTheOldOneLeadsNowhere() {
        Member member = signedIn("emp-oldname");

        assertThat(wechat.weComMemberUseridChanged(DEMO_CORP_ID, "emp-oldname", "emp-newname")).isEqualTo(200);

        member.assertUntouched();
        assertThat(new Jwt(login("emp-newname").json().get("access_token").asText()).claims().get("sub").asText()).isEqualTo(member.id);
        assertThat(member.user().getFederatedIdentity()).extracting(link -> link.getUserId()).containsExactly(DEMO_CORP_ID + ":emp-newname");
        assertThat(member.user().toRepresentation().firstAttribute("wecom_userid")).isEqualTo("emp-newname");
    }

    @Test
    void aUseridGivenToANewHireDoesNotInheritTheOffboardedUser() {
        Member leaver = signedIn("emp-reused");
        assertThat(wechat.weComMemberLeaves(DEMO_CORP_ID, "emp-reused")).isEqualTo(200);
        wechat.weComMember(DEMO_CORP_ID, "emp-reused", "新人", List.of(1), WeChatSimulator.WECOM_STATUS_ACTIVE, null, null);
        int users = realm.userCount();

        Http.Answer newHire = login("emp-reused");

        assertError(newHire, 400, "invalid_grant");
        assertThat(newHire.json().get("error_description").asText()).contains("offboarded").contains("re-enable or delete");
        assertThat(realm.userCount()).isEqualTo(users);
        assertThat(leaver.user().toRepresentation().isEnabled()).isFalse();
    }

    @Test
    void theReconciliationOffboardsWhatALostCallbackMissed() {
        Member gone = signedIn("emp-silent-gone");
        Member suspended = signedIn("emp-silent-suspended");
        Member staying = signedIn("emp-silent-staying");
        wechat.weComRemoveMember(DEMO_CORP_ID, "emp-silent-gone");
        wechat.weComMemberStatus(DEMO_CORP_ID, "emp-silent-suspended", WeChatSimulator.WECOM_STATUS_DISABLED);
        int listCalls = wechat.calls(WeChatSimulator.WECOM_USER_LIST_ID);

        Http.Answer summary = realm.admin().post("/" + REALM + "/wecom-directory/" + WECOM + "/sync", Map.of());

        assertThat(summary.status()).as(summary.toString()).isEqualTo(200);
        assertThat(summary.json().get("offboarded").asInt()).isGreaterThanOrEqualTo(2);
        assertThat(summary.json().get("failed").asInt()).isZero();
        assertThat(wechat.calls(WeChatSimulator.WECOM_USER_LIST_ID)).isGreaterThan(listCalls);
        gone.assertOffboarded();
        suspended.assertOffboarded();
        staying.assertUntouched();
        EventRepresentation event = realm.events(RESPONSE, null, 10).stream()
                .filter(e -> "directory_sync".equals(e.getDetails().get("wecom_change"))).findFirst().orElseThrow();
        assertThat(event.getDetails()).containsEntry("wecom_offboarded", summary.json().get("offboarded").asText());
    }

    @Test
    void aProviderWithoutACallbackHasNoCallbackUrl() {
        Http.Answer answer = Http.get(callbackUrl(TestRealm.IDP_ALIAS) + "?msg_signature=a&timestamp=1&nonce=n&echostr=e", null);

        assertThat(answer.status()).isEqualTo(404);
    }

    @Test
    void theCallbackSecretsAreVaultReferencesOnly() {
        Map<String, String> config = new HashMap<>(Map.of("clientId", DEMO_CORP_ID, "clientSecret", DEMO_CORP_SECRET,
                "agentId", Integer.toString(DEMO_AGENT_ID), "apiBaseUrl", wechat.baseUrl(),
                "callbackToken", TOKEN, "callbackAesKey", AES_KEY));

        try (Response answer = realm.resource().identityProviders().create(provider("wecom-literal", config))) {
            assertThat(answer.getStatus()).isEqualTo(400);
            assertThat(answer.readEntity(String.class)).contains("${vault.idp.wecom-literal.callback-token}").doesNotContain(TOKEN);
        }
    }

    /** A member signed in from the mini-program, with a refresh token and an offline token. */
    private Member signedIn(String userid) {
        wechat.weComMember(DEMO_CORP_ID, userid, "员工", List.of(1), WeChatSimulator.WECOM_STATUS_ACTIVE, null, null);
        Http.Answer online = login(userid);
        assertThat(online.status()).as(online.toString()).isEqualTo(200);
        Http.Answer offline = oauth.codeLogin(TestRealm.PUBLIC_CLIENT, wechat.newWeComCode(DEMO_CORP_ID, DEMO_AGENT_ID, userid),
                Map.of("idp", WECOM, "scope", "openid offline_access"));
        assertThat(offline.status()).as(offline.toString()).isEqualTo(200);
        String id = new Jwt(online.json().get("access_token").asText()).claims().get("sub").asText();
        return new Member(id, online.json().get("refresh_token").asText(), offline.json().get("refresh_token").asText());
    }

    private Http.Answer login(String userid) {
        return oauth.codeLogin(TestRealm.PUBLIC_CLIENT, wechat.newWeComCode(DEMO_CORP_ID, DEMO_AGENT_ID, userid), Map.of("idp", WECOM));
    }

    private final class Member {
        private final String id;
        private final String refreshToken;
        private final String offlineToken;

        Member(String id, String refreshToken, String offlineToken) {
            this.id = id;
            this.refreshToken = refreshToken;
            this.offlineToken = offlineToken;
        }

        UserResource user() {
            return accounts.get(id);
        }

        void assertOffboarded() {
            assertThat(user().toRepresentation().isEnabled()).as("disabled").isFalse();
            assertThat(user().getUserSessions()).as("sessions").isEmpty();
            assertThat(user().getOfflineSessions(clientUuid())).as("offline sessions").isEmpty();
            assertError(oauth.refresh(TestRealm.PUBLIC_CLIENT, refreshToken), 400, "invalid_grant");
            assertError(oauth.refresh(TestRealm.PUBLIC_CLIENT, offlineToken), 400, "invalid_grant");
        }

        void assertUntouched() {
            assertThat(user().toRepresentation().isEnabled()).as("enabled").isTrue();
            assertThat(user().getOfflineSessions(clientUuid())).as("offline sessions").isNotEmpty();
            assertThat(oauth.refresh(TestRealm.PUBLIC_CLIENT, refreshToken).status()).as("refresh").isEqualTo(200);
        }

        private String clientUuid() {
            return realm.resource().clients().findByClientId(TestRealm.PUBLIC_CLIENT).get(0).getId();
        }
    }
}
