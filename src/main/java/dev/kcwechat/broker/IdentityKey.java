package dev.kcwechat.broker;

import dev.kcwechat.wechat.Code2Session;
import java.util.Arrays;
import java.util.Optional;

/** Which WeChat id keys the brokered identity (config key {@code identityKey}). */
public enum IdentityKey {
    /** The unionid when WeChat sends one, else the openid (default). */
    UNIONID_OR_OPENID("unionid-or-openid"),
    /** Only the unionid; a login without one is refused. */
    UNIONID("unionid"),
    /** Always the openid of this mini-program, even when a unionid is sent. */
    OPENID("openid");

    private final String configValue;

    IdentityKey(String configValue) {
        this.configValue = configValue;
    }

    public String configValue() {
        return configValue;
    }

    /** The id to key the identity by, or empty when this key needs a unionid WeChat did not send. */
    public Optional<String> select(Code2Session answer) {
        return switch (this) {
            case UNIONID_OR_OPENID -> Optional.of(answer.hasUnionid() ? answer.unionid() : answer.openid());
            case UNIONID -> answer.hasUnionid() ? Optional.of(answer.unionid()) : Optional.empty();
            case OPENID -> Optional.of(answer.openid());
        };
    }

    /** Parses a config value; null or blank means the default. */
    public static IdentityKey fromConfig(String value) {
        if (value == null || value.isBlank()) {
            return UNIONID_OR_OPENID;
        }
        return Arrays.stream(values()).filter(k -> k.configValue.equals(value.trim())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("identityKey must be one of unionid-or-openid, unionid, openid; got '"
                        + value + "'"));
    }
}
