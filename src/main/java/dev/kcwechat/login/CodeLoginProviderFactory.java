package dev.kcwechat.login;

import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakSession;

/**
 * The factory of an identity provider whose codes the mini-program grant trades. The grant finds a
 * realm's code login providers by this type of their factory, never by provider id, so that a new
 * provider family needs nothing of the grant.
 */
public interface CodeLoginProviderFactory {

    /** The provider of that model, as the grant sees it. */
    CodeLoginProvider createCodeLoginProvider(KeycloakSession session, IdentityProviderModel model);
}
