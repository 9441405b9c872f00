package dev.kcwechat.minors.consent;

import dev.kcwechat.minors.policy.GuardianPolicy;
import java.util.Set;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelDuplicateException;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;

/**
 * The public client {@value #CLIENT_ID} through which a guardian signs in to the consent page,
 * created in a realm with its first consent request (a child's login, never an anonymous request),
 * like Keycloak's own built-in clients:
 * standard flow only, PKCE, redirects only to the guardian and consent pages, no roles in its tokens.
 */
public final class ConsentClients {

    static final String CLIENT_ID = GuardianPolicy.CONSENT_CLIENT_ID;

    private ConsentClients() {
    }

    /** The realm's consent client, or null before the realm's first consent request. */
    public static ClientModel find(KeycloakSession session, RealmModel realm) {
        return session.clients().getClientByClientId(realm, CLIENT_ID);
    }

    /** The realm's consent client, created if the realm has none yet (in a transaction of its own). */
    public static ClientModel ensure(KeycloakSession session, RealmModel realm) {
        ClientModel client = find(session, realm);
        if (client != null) {
            return client;
        }
        String realmId = realm.getId();
        try {
            KeycloakModelUtils.runJobInTransaction(session.getKeycloakSessionFactory(), s -> create(s, s.realms().getRealm(realmId)));
        } catch (ModelDuplicateException e) {
            // created meanwhile by another request
        }
        return session.clients().getClientByClientId(realm, CLIENT_ID);
    }

    private static void create(KeycloakSession session, RealmModel realm) {
        ClientModel client = session.clients().addClient(realm, CLIENT_ID);
        client.setName("Guardian consent (keycloak-wechat)");
        client.setDescription("Guardians sign in here to decide a child's consent request. Created by keycloak-wechat.");
        client.setProtocol(OIDCLoginProtocol.LOGIN_PROTOCOL);
        client.setEnabled(true);
        client.setPublicClient(true);
        client.setStandardFlowEnabled(true);
        client.setImplicitFlowEnabled(false);
        client.setDirectAccessGrantsEnabled(false);
        client.setServiceAccountsEnabled(false);
        client.setConsentRequired(false);
        client.setFullScopeAllowed(false);
        client.setRootUrl("${authBaseUrl}");
        String pages = "/realms/" + realm.getName() + "/wechat/guardian";
        client.setRedirectUris(Set.of(pages, pages + "/consent/*"));
        client.setAttribute("pkce.code.challenge.method", "S256");
        client.setAttribute("post.logout.redirect.uris", "+");
    }
}
