package dev.kcwechat.cluster;

import static dev.kcwechat.simulator.WeChatSimulator.DEMO_AGENT_ID;
import static dev.kcwechat.simulator.WeChatSimulator.DEMO_CORP_ID;
import static dev.kcwechat.simulator.WeChatSimulator.DEMO_CORP_SECRET;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kcwechat.simulator.WeChatSimulator;
import dev.kcwechat.testing.Http;
import dev.kcwechat.testing.KeycloakAdmin;
import dev.kcwechat.testing.OAuth;
import dev.kcwechat.testing.TestRealm;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.keycloak.admin.client.resource.IdentityProviderResource;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.EventRepresentation;
import org.keycloak.representations.idm.IdentityProviderRepresentation;

/**
 * WeCom's directory across two nodes: a member signed in through one node whom WeCom's callback,
 * sent to the other node, reports as gone is signed out within seconds; a provider's
 * reconciliation runs on one node of the cluster per interval.
 */
@Tag("cluster")
class ClusterDirectoryIT {

    private static final String REALM = "cluster-directory";
    private static final String WECOM = "wecom";
    private static final String TOKEN = "QDG6eK";
    private static final String AES_KEY = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C";
    private static final String RESPONSE = "IDENTITY_PROVIDER_RESPONSE";
    private static final Duration WITHIN = Duration.ofSeconds(5);

    @RegisterExtension
    static final ClusterRealm realm = ClusterRealm.named(REALM).with(r -> {
        r.representation().setEventsEnabled(true);
        r.representation().setEnabledEventTypes(List.of("LOGIN", "LOGIN_ERROR", RESPONSE, "IDENTITY_PROVIDER_RESPONSE_ERROR"));
    });

    private final WeChatSimulator wechat = realm.wechat();
    private final KeycloakAdmin admin = realm.cluster().admin();
    private final RealmResource resource = admin.realm(REALM);
    private final OAuth onA = realm.on(realm.cluster().a());

    @BeforeAll
    static void weComProviderWithACallbackOnNodeB() {
        KeycloakCluster cluster = realm.cluster();
        cluster.vaultSecret(REALM, "idp." + WECOM + ".callback-token", TOKEN);
        cluster.vaultSecret(REALM, "idp." + WECOM + ".callback-aes-key", AES_KEY);
        IdentityProviderRepresentation idp = new IdentityProviderRepresentation();
        idp.setAlias(WECOM);
        idp.setProviderId("wecom-mini-program");
        idp.setEnabled(true);
        idp.setConfig(new HashMap<>(Map.of("clientId", DEMO_CORP_ID, "clientSecret", DEMO_CORP_SECRET,
                "agentId", Integer.toString(DEMO_AGENT_ID), "apiBaseUrl", realm.wechat().baseUrl(), "allowedClients", TestRealm.PUBLIC_CLIENT,
                "callbackToken", "${vault.idp." + WECOM + ".callback-token}", "callbackAesKey", "${vault.idp." + WECOM + ".callback-aes-key}",
                "directorySyncHours", "0")));
        try (KeycloakAdmin admin = cluster.admin(); Response created = admin.realm(REALM).identityProviders().create(idp)) {
            assertThat(created.getStatus()).as(() -> created.readEntity(String.class)).isEqualTo(201);
        }
        realm.wechat().weComCallbackTarget(DEMO_CORP_ID, DEMO_AGENT_ID,
                cluster.b().baseUrl() + "/realms/" + REALM + "/wechat/wecom/" + WECOM + "/callback", TOKEN, AES_KEY);
    }

    @Test
    void aMemberWhoLeavesIsSignedOutOnTheOtherNodeWithinSeconds() {
        Http.Answer login = signedInOnA("emp-cluster-leaver");
        String refreshToken = login.json().get("refresh_token").asText();
        assertThat(onA.refresh(TestRealm.PUBLIC_CLIENT, refreshToken).status()).isEqualTo(200);

        Instant sent = Instant.now();
        assertThat(wechat.weComMemberLeaves(DEMO_CORP_ID, "emp-cluster-leaver")).as("node B's answer").isEqualTo(200);

        awaitWithin("the refresh on node A fails", () -> onA.refresh(TestRealm.PUBLIC_CLIENT, refreshToken).status() == 400);
        System.out.printf("[cluster] a member who left: refresh refused on the other node %d ms after the callback was sent%n",
                Duration.between(sent, Instant.now()).toMillis());
        String sub = subOf(login);
        assertThat(resource.users().get(sub).toRepresentation().isEnabled()).isFalse();
        assertThat(resource.users().get(sub).getUserSessions()).isEmpty();
    }

    @Test
    void theReconciliationRunsOnOneNodePerInterval() throws InterruptedException {
        Http.Answer login = signedInOnA("emp-cluster-silent");
        String sub = subOf(login);
        wechat.weComRemoveMember(DEMO_CORP_ID, "emp-cluster-silent");
        int listCalls = wechat.calls(WeChatSimulator.WECOM_USER_LIST_ID);

        IdentityProviderResource provider = resource.identityProviders().get(WECOM);
        IdentityProviderRepresentation representation = provider.toRepresentation();
        representation.getConfig().put("directorySyncHours", "1");
        representation.getConfig().put("clientSecret", DEMO_CORP_SECRET);
        provider.update(representation);

        awaitWithin(Duration.ofSeconds(4 * KeycloakCluster.DIRECTORY_CHECK_SECONDS + 10), "the reconciliation offboards the member",
                () -> !resource.users().get(sub).toRepresentation().isEnabled());
        // several checks on both nodes later, still one run
        Thread.sleep(3000L * KeycloakCluster.DIRECTORY_CHECK_SECONDS);
        List<EventRepresentation> runs = resource.getEvents(List.of(RESPONSE), null, null, null, null, null, null, 100).stream()
                .filter(event -> "directory_sync".equals(event.getDetails().get("wecom_change"))).toList();
        assertThat(runs).hasSize(1);
        assertThat(wechat.calls(WeChatSimulator.WECOM_USER_LIST_ID) - listCalls).as("directory reads").isEqualTo(1);
        assertThat(runs.get(0).getDetails()).containsEntry("wecom_offboarded", "1");
    }

    private Http.Answer signedInOnA(String userid) {
        wechat.weComMember(DEMO_CORP_ID, userid, "员工", List.of(1), WeChatSimulator.WECOM_STATUS_ACTIVE, null, null);
        Http.Answer login = onA.codeLogin(TestRealm.PUBLIC_CLIENT, wechat.newWeComCode(DEMO_CORP_ID, DEMO_AGENT_ID, userid),
                Map.of("idp", WECOM));
        assertThat(login.status()).as(login.toString()).isEqualTo(200);
        return login;
    }

    private static String subOf(Http.Answer login) {
        return new dev.kcwechat.testing.Jwt(login.json().get("access_token").asText()).claims().get("sub").asText();
    }

    private static void awaitWithin(String what, BooleanSupplier condition) {
        awaitWithin(WITHIN, what, condition);
    }

    private static void awaitWithin(Duration within, String what, BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(within);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError(what + ": not within " + within);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
