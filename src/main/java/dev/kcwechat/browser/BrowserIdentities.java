package dev.kcwechat.browser;

import dev.kcwechat.wechatapi.WeChatException;
import org.keycloak.broker.provider.BrokeredIdentityContext;

/** What a browser provider makes of the code its vendor's page returned: the brokered identity, or a refusal. */
@FunctionalInterface
public interface BrowserIdentities {

    /** The identity (with its provider set), linked to the user the same person already has where the provider does that. */
    BrokeredIdentityContext identify(String code) throws WeChatException, BrowserLoginRefused;
}
