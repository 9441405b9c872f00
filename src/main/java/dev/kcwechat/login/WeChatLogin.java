package dev.kcwechat.login;

import org.keycloak.broker.provider.BrokeredIdentityContext;

/**
 * A code login: the brokered identity, and the session_key that must stay on the server
 * ({@link #toString()} hides it).
 */
public record WeChatLogin(BrokeredIdentityContext identity, String sessionKey) {

    @Override
    public String toString() {
        return "WeChatLogin[identity=" + identity.getId() + ", sessionKey=<hidden>]";
    }
}
