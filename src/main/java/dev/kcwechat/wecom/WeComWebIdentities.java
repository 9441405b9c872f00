package dev.kcwechat.wecom;

import dev.kcwechat.browser.BrowserIdentities;
import dev.kcwechat.browser.BrowserLoginRefused;
import dev.kcwechat.common.IdentityProviderCalls;
import dev.kcwechat.login.LoginRefusedException;
import dev.kcwechat.users.LinkedUsers;
import dev.kcwechat.users.WeChatUsernames;
import dev.kcwechat.wechatapi.AccessTokenCache;
import dev.kcwechat.wechatapi.WeChatApiClient;
import dev.kcwechat.wechatapi.WeChatException;
import dev.kcwechat.wechatapi.WeComMember;
import dev.kcwechat.wechatapi.WeComWebUser;
import org.keycloak.broker.provider.BrokeredIdentityContext;
import org.keycloak.models.KeycloakSession;

/**
 * A WeCom browser login's code made an identity: traded for the member's userid, the member's
 * status checked (a member who is not active is refused, and offboarded when known), the identity
 * linked to the user the WeCom mini-program made for the same member.
 */
final class WeComWebIdentities implements BrowserIdentities {

    private final KeycloakSession session;
    private final WeComWebIdentityProvider provider;

    WeComWebIdentities(KeycloakSession session, WeComWebIdentityProvider provider) {
        this.session = session;
        this.provider = provider;
    }

    @Override
    public BrokeredIdentityContext identify(String code) throws WeChatException, BrowserLoginRefused {
        WeComWebConfig config = provider.getConfig();
        WeChatApiClient client = provider.client();
        AccessTokenCache tokens = new AccessTokenCache(session, client);
        WeComWebUser user = tokens.call(token -> client.weComWebUser(token, code));
        if (user.userid() == null) {
            throw BrowserLoginRefused.accessDenied("Not a member of the corp");
        }
        String id = config.getCorpId() + ":" + user.userid();
        WeComMember member = tokens.call(token -> client.weComMember(token, user.userid()));
        if (!member.isActive()) {
            LoginRefusedException refused = Offboarding.refuse(session, session.getContext().getRealm(), id, member.status());
            throw BrowserLoginRefused.accessDenied("The WeCom member is not active", refused.eventDetails(), refused.userId());
        }
        BrokeredIdentityContext identity = new BrokeredIdentityContext(id, config);
        IdentityProviderCalls.setIdp(identity, provider);
        identity.setUsername(user.userid());
        identity.setModelUsername(WeChatUsernames.forWeComMember(id));
        identity.getContextData().put(WeComMiniProgramIdentityProvider.CORP_ID, config.getCorpId());
        identity.getContextData().put(WeComMiniProgramIdentityProvider.USER_ID, user.userid());
        if (user.userTicket() != null) {
            String email = tokens.call(token -> client.weComConsentedEmail(token, user.userTicket()));
            if (email != null) {
                identity.setEmail(email);
            }
        }
        LinkedUsers.linkToSameUser(session, session.getContext().getRealm(), WeComUsers.PROVIDER_IDS, config.getAlias(), identity);
        return identity;
    }
}
