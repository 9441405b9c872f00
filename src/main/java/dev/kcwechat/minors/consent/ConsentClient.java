package dev.kcwechat.minors.consent;

import java.util.Set;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelDuplicateException;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;

/**
 * The public client {@value #CLIENT_ID} through which a guardian signs in to the consent page,
 * created in a realm the first time a guardian needs it, like Keycloak's own built-in clients:
 * standard flow only, PKCE, redirects only to the consent page, no roles in its tokens.
 */
final class ConsentClient {

    static final String CLIENT_ID = "wechat-guardian-consent";

    private ConsentClient() {
    }

    static ClientModel ensure(KeycloakSession session, RealmModel realm) {
        ClientModel client = session.clients().getClientByClientId(realm, CLIENT_ID);
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
        client.setRedirectUris(Set.of("/realms/" + realm.getName() + "/wechat/guardian/consent/*"));
        client.setAttribute("pkce.code.challenge.method", "S256");
        client.setAttribute("post.logout.redirect.uris", "+");
    }
}
