package dev.kcwechat.wecom;

import dev.kcwechat.users.LinkedUsers;
import dev.kcwechat.users.UserAttributes;
import java.util.Set;
import org.keycloak.broker.provider.BrokeredIdentityContext;
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

    /** The user a WeCom provider of the realm (but {@code exceptAlias}, may be null) linked to that member. */
    public static UserModel linkedTo(KeycloakSession session, RealmModel realm, String brokeredId, String exceptAlias) {
        return LinkedUsers.linkedElsewhere(session, realm, PROVIDER_IDS, brokeredId, exceptAlias);
    }
}
