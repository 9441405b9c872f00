package dev.kcwechat.miniprogram;

import dev.kcwechat.login.LoginNotes;
import dev.kcwechat.users.LinkedUsers;
import dev.kcwechat.users.UserAttributes;
import java.util.Set;
import org.keycloak.broker.provider.BrokeredIdentityContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * The WeChat identity providers that key users by the same unionid: mini-programs, website QR
 * login, official accounts. One person is one Keycloak user across them ({@link LinkedUsers}).
 */
public final class WeChatFamily {

    public static final String WEBSITE_PROVIDER_ID = "wechat-website";
    public static final String OFFICIAL_ACCOUNT_PROVIDER_ID = "wechat-official-account";
    public static final Set<String> PROVIDER_IDS = Set.of(WeChatMiniProgramIdentityProviderFactory.PROVIDER_ID,
            WEBSITE_PROVIDER_ID, OFFICIAL_ACCOUNT_PROVIDER_ID);

    private WeChatFamily() {
    }

    /**
     * The attributes every provider of the family keeps, only what changed (a returning login with
     * the same ids writes nothing): {@code wechat_unionid}, {@code wechat_openid_<AppID>}.
     */
    public static void updateAttributes(UserModel user, String appId, BrokeredIdentityContext identity) {
        UserAttributes.setIfChanged(user, LoginNotes.UNIONID,
                identity.getContextData().get(LoginNotes.UNIONID));
        UserAttributes.setIfChanged(user, WeChatMiniProgramIdentityProvider.openidAttribute(appId),
                identity.getContextData().get(LoginNotes.OPENID));
    }

    /** The user another provider of the family linked to this unionid (not counting {@code alias} itself). */
    public static UserModel userOfUnionid(KeycloakSession session, RealmModel realm, String unionid, String alias) {
        return LinkedUsers.linkedElsewhere(session, realm, PROVIDER_IDS, unionid, alias);
    }
}
