package dev.kcwechat.wecom;

import dev.kcwechat.common.ConfigNumbers;
import dev.kcwechat.common.ProviderConfig;
import dev.kcwechat.common.VaultReferences;
import dev.kcwechat.limits.AbuseLimits;
import dev.kcwechat.wechatapi.WeChatApiClient;
import java.util.regex.Pattern;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.RealmModel;

/**
 * The settings of a WeCom mini-program: {@code clientId} = corpid, {@code clientSecret} = the
 * app's secret, {@code agentId}, {@code apiBaseUrl} (default {@code https://qyapi.weixin.qq.com}),
 * {@code allowedClients}, timeouts; and what both WeCom providers share for the directory: the
 * contact-change callback's {@code callbackToken} and {@code callbackAesKey} (references to the
 * provider's own vault keys: Keycloak's admin API masks only the Client Secret, and would show a
 * literal), and {@code directorySyncHours}.
 */
public final class WeComMiniProgramConfig extends ProviderConfig {

    public static final String AGENT_ID = "agentId";
    public static final String CALLBACK_TOKEN = "callbackToken";
    public static final String CALLBACK_AES_KEY = "callbackAesKey";
    public static final String DIRECTORY_SYNC_HOURS = "directorySyncHours";
    public static final int DEFAULT_DIRECTORY_SYNC_HOURS = 24;
    public static final int MAX_DIRECTORY_SYNC_HOURS = 24 * 30;

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

    /** Whether WeCom's contact-change callbacks are set up: both the token and the EncodingAESKey. */
    public boolean hasCallback() {
        return getCallbackTokenReference() != null && getCallbackAesKeyReference() != null;
    }

    /** The callback's Token, a {@code ${vault.idp.<alias>.<name>}} reference; null when unset. */
    public String getCallbackTokenReference() {
        return trimmed(CALLBACK_TOKEN);
    }

    /** The callback's EncodingAESKey, a {@code ${vault.idp.<alias>.<name>}} reference; null when unset. */
    public String getCallbackAesKeyReference() {
        return trimmed(CALLBACK_AES_KEY);
    }

    /** Hours between reconciliations with WeCom's directory; 0 = never. */
    public int getDirectorySyncHours() {
        return ConfigNumbers.parse(DIRECTORY_SYNC_HOURS, getConfig().get(DIRECTORY_SYNC_HOURS), 0, MAX_DIRECTORY_SYNC_HOURS,
                DEFAULT_DIRECTORY_SYNC_HOURS);
    }

    public String getApiBaseUrl() {
        return apiBaseUrl(WeChatApiClient.DEFAULT_WECOM_API_BASE_URL);
    }

    /** The mini-program provider's abuse limits, at their defaults. */
    public AbuseLimits getAbuseLimits() {
        return AbuseLimits.of(AbuseLimits.DEFAULT_WINDOW_SECONDS, AbuseLimits.DEFAULT_FAILED_CODES_PER_IP,
                AbuseLimits.DEFAULT_CALLS_PER_USER, AbuseLimits.DEFAULT_CALLS_PER_IP);
    }

    private void requireCallbackSecrets() {
        String token = getCallbackTokenReference();
        String aesKey = getCallbackAesKeyReference();
        if ((token == null) != (aesKey == null)) {
            throw new IllegalArgumentException("Set both the callback Token (callbackToken) and EncodingAESKey (callbackAesKey), or neither");
        }
        requireOwnVaultReference("Callback Token (callbackToken)", token, "callback-token");
        requireOwnVaultReference("Callback EncodingAESKey (callbackAesKey)", aesKey, "callback-aes-key");
    }

    private void requireOwnVaultReference(String label, String value, String exampleName) {
        if (value != null && (VaultReferences.key(value).isEmpty() || !VaultReferences.isAllowed(getAlias(), value))) {
            throw new IllegalArgumentException(label + " must be a reference to this provider's own vault key, such as ${vault."
                    + VaultReferences.ownPrefix(getAlias()) + exampleName + "}: the admin API would show a value typed here");
        }
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
        requireCallbackSecrets();
        getDirectorySyncHours();
        requirePrivacyPolicyVersion();
        getConnectTimeoutMs();
        getReadTimeoutMs();
    }
}
