package dev.kcwechat.miniprogram;

import dev.kcwechat.wechatapi.Code2Session;
import dev.kcwechat.common.ConfigChoice;
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
        return select(answer.openid(), answer.unionid());
    }

    /** The same for any WeChat answer: the openid, and the unionid or null. */
    public Optional<String> select(String openid, String unionid) {
        boolean hasUnionid = unionid != null && !unionid.isBlank();
        return switch (this) {
            case UNIONID_OR_OPENID -> Optional.of(hasUnionid ? unionid : openid);
            case UNIONID -> hasUnionid ? Optional.of(unionid) : Optional.empty();
            case OPENID -> Optional.of(openid);
        };
    }

    /** Parses a config value; null or blank means {@link #UNIONID_OR_OPENID}. */
    public static IdentityKey fromConfig(String value) {
        return ConfigChoice.parse("identityKey", value, values(), IdentityKey::configValue, UNIONID_OR_OPENID);
    }
}
