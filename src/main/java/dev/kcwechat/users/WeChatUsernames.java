package dev.kcwechat.users;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * Keycloak usernames for WeChat users. Keycloak lowercases usernames while WeChat ids are
 * case-sensitive ({@code oAbC} and {@code oabc} are different users), so the id is written in
 * lowercase hex: two different ids can never get the same username.
 */
public final class WeChatUsernames {

    public static final String PREFIX = "wechat-";

    private WeChatUsernames() {
    }

    public static final String WECOM_PREFIX = "wecom-";

    public static String forIdentity(String wechatId) {
        return PREFIX + HexFormat.of().formatHex(wechatId.getBytes(StandardCharsets.UTF_8));
    }

    /** A WeCom member's: {@code wecom-} and the hex of {@code <corpid>:<userid>}. */
    public static String forWeComMember(String brokeredId) {
        return WECOM_PREFIX + HexFormat.of().formatHex(brokeredId.getBytes(StandardCharsets.UTF_8));
    }
}
