package dev.kcwechat.wecom;

import dev.kcwechat.users.LinkedUsers;
import dev.kcwechat.users.UserAttributes;
import java.util.Set;
import org.keycloak.broker.provider.BrokeredIdentityContext;
import org.keycloak.models.FederatedIdentityModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/** An employee is one Keycloak user across the realm's WeCom providers: found by the {@code <corpid>:<userid>} of their links. */
public final class WeComUsers {

    public static final String WEB_PROVIDER_ID = "wecom";
    public static final Set<String> PROVIDER_IDS = Set.of(WeComMiniProgramIdentityProviderFactory.PROVIDER_ID, WEB_PROVIDER_ID);

    private WeComUsers() {
    }

    /** The attributes both WeCom providers keep, only what changed: {@code wecom_corpid}, {@code wecom_userid}. */
    public static void updateAttributes(UserModel user, BrokeredIdentityContext identity) {
        for (String attribute : new String[] {WeComMiniProgramIdentityProvider.CORP_ID, WeComMiniProgramIdentityProvider.USER_ID}) {
            UserAttributes.setIfChanged(user, attribute, identity.getContextData().get(attribute));
        }
    }

    /** The id a WeCom provider links a member by: {@code <corpid>:<userid>}. */
    public static String brokeredId(String corpId, String userId) {
        return corpId + ':' + userId;
    }

    /**
     * An administrator changed a member's userid in WeCom: every WeCom link of the realm to the old
     * id now names the new one, so that the member keeps their user and the old userid, which
     * WeCom may give to someone else, no longer leads to it. Nothing changes when the new id is
     * linked already (to anyone).
     *
     * @return the user re-keyed, or null
     */
    public static UserModel rekey(KeycloakSession session, RealmModel realm, String corpId, String oldUserId, String newUserId) {
        String oldId = brokeredId(corpId, oldUserId);
        String newId = brokeredId(corpId, newUserId);
        UserModel user = linkedTo(session, realm, oldId, null);
        if (user == null || linkedTo(session, realm, newId, null) != null) {
            return null;
        }
        session.users().getFederatedIdentitiesStream(realm, user).filter(link -> oldId.equals(link.getUserId())).toList()
                .forEach(link -> {
                    session.users().removeFederatedIdentity(realm, user, link.getIdentityProvider());
                    session.users().addFederatedIdentity(realm, user,
                            new FederatedIdentityModel(link.getIdentityProvider(), newId, newUserId, link.getToken()));
                });
        UserAttributes.setIfChanged(user, WeComMiniProgramIdentityProvider.USER_ID, newUserId);
        return user;
    }

    /** The user a WeCom provider of the realm (but {@code exceptAlias}, may be null) linked to that member. */
    public static UserModel linkedTo(KeycloakSession session, RealmModel realm, String brokeredId, String exceptAlias) {
        return LinkedUsers.linkedElsewhere(session, realm, PROVIDER_IDS, brokeredId, exceptAlias);
    }
}
