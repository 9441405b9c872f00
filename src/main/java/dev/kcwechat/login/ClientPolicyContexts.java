package dev.kcwechat.login;

import dev.kcwechat.common.KeycloakFeatures;
import jakarta.ws.rs.core.MultivaluedMap;
import org.keycloak.OAuth2Constants;
import org.keycloak.models.ClientModel;
import org.keycloak.services.clientpolicy.ClientPolicyContext;
import org.keycloak.services.clientpolicy.context.ServiceAccountTokenRequestContext;

/**
 * What client policies see of a code login before WeChat is asked, on the Keycloak that runs. From
 * Keycloak 26.6 on, conditions read the client and the scope parameter from any context that names
 * them: {@link MiniProgramTokenRequestContext} does (that class exists only there, so it is created
 * only there). Before, their {@code SERVICE_ACCOUNT_TOKEN_REQUEST} branch casts to Keycloak's own
 * {@code ServiceAccountTokenRequestContext}: it gets one, without a client session (there is none
 * yet), so a client-scopes condition does not match this event there; the others read the client
 * from the session's context.
 */
final class ClientPolicyContexts {

    private ClientPolicyContexts() {
    }

    static ClientPolicyContext tokenRequest(ClientModel client, MultivaluedMap<String, String> formParams) {
        if (KeycloakFeatures.CLIENT_POLICY_CLIENT_CONTEXTS) {
            return new MiniProgramTokenRequestContext(client, formParams.getFirst(OAuth2Constants.SCOPE));
        }
        return new ServiceAccountTokenRequestContext(formParams, null);
    }
}
