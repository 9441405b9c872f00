package dev.kcwechat.wecom;

import dev.kcwechat.wechatapi.AccessTokenEndpoint;
import dev.kcwechat.wechatapi.AppSecrets;
import dev.kcwechat.wechatapi.WeChatApiClient;
import dev.kcwechat.wechatapi.WeChatApp;
import org.keycloak.models.KeycloakSession;

/** The WeCom server API as a WeCom provider's app calls it: its corpid, its secret (from the vault when a reference), corp tokens. */
public final class WeComApiClients {

    private WeComApiClients() {
    }

    /** @param keys the provider's settings (a {@code wecom} provider's through {@link WeComWebConfig#sharedKeys()}) */
    public static WeChatApiClient of(KeycloakSession session, WeComMiniProgramConfig keys) {
        String corpSecret = AppSecrets.resolve(session, keys.getAlias(), keys.getSecretReference());
        return new WeChatApiClient(session, new WeChatApp(keys.getAlias(), keys.getApiBaseUrl(), keys.getCorpId(), corpSecret,
                AccessTokenEndpoint.WECOM_GETTOKEN, keys.getConnectTimeoutMs(), keys.getReadTimeoutMs()));
    }
}
