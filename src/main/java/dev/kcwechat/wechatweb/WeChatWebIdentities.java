package dev.kcwechat.wechatweb;

import dev.kcwechat.browser.BrowserIdentities;
import dev.kcwechat.browser.BrowserLoginRefused;
import dev.kcwechat.common.IdentityProviderCalls;
import dev.kcwechat.login.LoginNotes;
import dev.kcwechat.miniprogram.WeChatFamily;
import dev.kcwechat.users.LinkedUsers;
import dev.kcwechat.users.WeChatUsernames;
import dev.kcwechat.wechatapi.WeChatApiClient;
import dev.kcwechat.wechatapi.WeChatException;
import dev.kcwechat.wechatapi.WebAuthorization;
import org.jboss.logging.Logger;
import org.keycloak.broker.provider.BrokeredIdentityContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserModel;

/**
 * A WeChat browser login's code made an identity: traded at WeChat, a page snapshot's virtual user
 * refused, keyed like the mini-program's (unionid, openid fallback), and linked to the user
 * another WeChat provider already knows by the same unionid.
 */
final class WeChatWebIdentities implements BrowserIdentities {

    private static final Logger LOG = Logger.getLogger(WeChatWebIdentities.class);

    private final KeycloakSession session;
    private final WeChatWebIdentityProvider provider;

    WeChatWebIdentities(KeycloakSession session, WeChatWebIdentityProvider provider) {
        this.session = session;
        this.provider = provider;
    }

    @Override
    public BrokeredIdentityContext identify(String code) throws WeChatException, BrowserLoginRefused {
        WeChatWebConfig config = provider.getConfig();
        WeChatApiClient client = provider.client();
        WebAuthorization answer = client.webAuthorization(code);
        if (answer.snapshotUser()) {
            throw BrowserLoginRefused.unexpected("WeChat signed in a page snapshot's virtual user (is_snapshotuser)");
        }
        String unionid = answer.hasUnionid() || "snsapi_base".equals(config.getScope()) ? answer.unionid() : client.webUnionid(answer);
        String id = config.getIdentityKey().select(answer.openid(), unionid)
                .orElseThrow(() -> BrowserLoginRefused.unexpected("WeChat sent no unionid and identityKey=unionid"));
        BrokeredIdentityContext identity = new BrokeredIdentityContext(id, config);
        IdentityProviderCalls.setIdp(identity, provider);
        identity.setUsername(answer.openid());
        identity.setModelUsername(WeChatUsernames.forIdentity(id));
        identity.getContextData().put(LoginNotes.OPENID, answer.openid());
        if (unionid != null) {
            identity.getContextData().put(LoginNotes.UNIONID, unionid);
        }
        linkToSamePerson(identity, unionid);
        return identity;
    }

    /**
     * When another WeChat provider of the realm has linked this unionid to a user, this provider's
     * link goes to the same user, so Keycloak signs that user in rather than creating a second one.
     */
    private void linkToSamePerson(BrokeredIdentityContext identity, String unionid) {
        if (unionid == null || !unionid.equals(identity.getId())) {
            return;
        }
        String alias = provider.getConfig().getAlias();
        UserModel user = LinkedUsers.linkToSameUser(session, session.getContext().getRealm(), WeChatFamily.PROVIDER_IDS, alias, identity);
        if (user != null) {
            LOG.debugf("Linked identity provider %s to user %s by its WeChat unionid", alias, user.getId());
        }
    }
}
