package dev.kcwechat.users;

import java.util.Objects;
import java.util.Set;
import org.keycloak.broker.provider.BrokeredIdentityContext;
import org.keycloak.models.FederatedIdentityModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * One person, one Keycloak user across a group of identity providers that key them by the same
 * brokered id (the WeChat family by unionid, the WeCom pair by {@code <corpid>:<userid>}): found
 * through the links those providers made from WeChat's or WeCom's own answers, never through
 * attributes.
 */
public final class LinkedUsers {

    private LinkedUsers() {
    }

    /**
     * The user a provider of the group ({@code providerIds}; not {@code exceptAlias}, may be null)
     * linked to that id: the link is looked up in the database through each provider, whose list is
     * kept ({@link RealmProviders}).
     */
    public static UserModel linkedElsewhere(KeycloakSession session, RealmModel realm, Set<String> providerIds, String brokeredId,
                                            String exceptAlias) {
        return RealmProviders.aliasesOf(session, realm, providerIds::contains).stream()
                .filter(alias -> !alias.equals(exceptAlias))
                .sorted()
                .map(alias -> session.users().getUserByFederatedIdentity(realm, new FederatedIdentityModel(alias, brokeredId, null)))
                .filter(Objects::nonNull)
                .findFirst().orElse(null);
    }

    /**
     * In a browser login of {@code alias}: when {@code alias} has no link for the identity yet but
     * another provider of the group has, links {@code alias} to that user too, so that Keycloak's
     * broker signs that user in rather than creating a second one.
     *
     * @return the user now linked, or null
     */
    public static UserModel linkToSameUser(KeycloakSession session, RealmModel realm, Set<String> providerIds, String alias,
                                           BrokeredIdentityContext identity) {
        if (session.users().getUserByFederatedIdentity(realm, new FederatedIdentityModel(alias, identity.getId(), null)) != null) {
            return null;
        }
        UserModel user = linkedElsewhere(session, realm, providerIds, identity.getId(), alias);
        if (user != null) {
            session.users().addFederatedIdentity(realm, user, new FederatedIdentityModel(alias, identity.getId(), identity.getUsername()));
        }
        return user;
    }
}
