package dev.kcwechat.wecom;

import dev.kcwechat.common.ProviderConfig;
import dev.kcwechat.limits.AbuseLimits;
import dev.kcwechat.wechatapi.WeChatApiClient;
import java.util.regex.Pattern;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.RealmModel;

/**
 * The settings of a WeCom mini-program: {@code clientId} = corpid, {@code clientSecret} = the
 * app's secret, {@code agentId}, {@code apiBaseUrl} (default {@code https://qyapi.weixin.qq.com}),
 * {@code allowedClients}, timeouts.
 */
public final class WeComMiniProgramConfig extends ProviderConfig {

    public static final String AGENT_ID = "agentId";

    private static final Pattern CORP_ID = Pattern.compile("[0-9A-Za-z]{6,40}");
    private static final Pattern NUMBER = Pattern.compile("[0-9]{1,20}");

    public WeComMiniProgramConfig() {
    }

    public WeComMiniProgramConfig(IdentityProviderModel model) {
        super(model);
    }

    public String getCorpId() {
        return clientId();
    }

    /** The app's secret as configured: a literal or a {@code ${vault.key}} reference. */
    public String getSecretReference() {
        return secretReference();
    }

    public String getAgentId() {
        return trimmed(AGENT_ID);
    }

    public String getApiBaseUrl() {
        return apiBaseUrl(WeChatApiClient.DEFAULT_WECOM_API_BASE_URL);
    }

    /** The mini-program provider's abuse limits, at their defaults. */
    public AbuseLimits getAbuseLimits() {
        return AbuseLimits.of(AbuseLimits.DEFAULT_WINDOW_SECONDS, AbuseLimits.DEFAULT_FAILED_CODES_PER_IP,
                AbuseLimits.DEFAULT_CALLS_PER_USER, AbuseLimits.DEFAULT_CALLS_PER_IP);
    }

    @Override
    public void validate(RealmModel realm) {
        String corpId = getCorpId();
        if (corpId == null || !CORP_ID.matcher(corpId).matches()) {
            throw new IllegalArgumentException("Client ID must be the WeCom corpid (e.g. ww followed by 16 letters or digits); got '"
                    + (corpId == null ? "" : corpId) + "'");
        }
        requireSecret("the WeCom app's secret (corpsecret)");
        String agentId = getAgentId();
        if (agentId == null || !NUMBER.matcher(agentId).matches()) {
            throw new IllegalArgumentException("agentId must be the WeCom app's AgentId (digits); got '" + (agentId == null ? "" : agentId) + "'");
        }
        requireUrl("WeCom API base URL", getApiBaseUrl(), WeChatApiClient.DEFAULT_WECOM_API_BASE_URL);
        getConnectTimeoutMs();
        getReadTimeoutMs();
    }
}
