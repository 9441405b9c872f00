package dev.kcwechat.login;

import org.keycloak.models.ClientModel;
import org.keycloak.services.clientpolicy.ClientPolicyEvent;
import org.keycloak.services.clientpolicy.context.ClientModelContext;
import org.keycloak.services.clientpolicy.context.ScopeParameterContext;

/**
 * What client policies see of a code login before WeChat is asked. Keycloak's client-policy
 * events are a closed list without one for extension grants; this request is announced as
 * {@link ClientPolicyEvent#SERVICE_ACCOUNT_TOKEN_REQUEST}, the token request whose executors judge
 * the client alone (client authentication, confidential clients, holder-of-key, lightweight tokens,
 * reject-request) and none of which expects a context of Keycloak's own classes (the ones of
 * {@code TOKEN_REQUEST} read an authorization code this grant has not). Keycloak 26.6 and later
 * only: {@link ClientPolicyContexts} chooses what older ones get.
 */
record MiniProgramTokenRequestContext(ClientModel client, String scope) implements ClientModelContext, ScopeParameterContext {

    @Override
    public ClientPolicyEvent getEvent() {
        return ClientPolicyEvent.SERVICE_ACCOUNT_TOKEN_REQUEST;
    }

    @Override
    public ClientModel getClient() {
        return client;
    }

    @Override
    public String getScopeParameter() {
        return scope;
    }
}
