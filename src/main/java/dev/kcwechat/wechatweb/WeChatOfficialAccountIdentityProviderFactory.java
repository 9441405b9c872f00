package dev.kcwechat.wechatweb;

/** {@code wechat-official-account}: OAuth inside WeChat's browser ({@code snsapi_base} or {@code snsapi_userinfo}). */
public final class WeChatOfficialAccountIdentityProviderFactory extends WeChatWebIdentityProviderFactory {

    public WeChatOfficialAccountIdentityProviderFactory() {
        super(WeChatWebFlavor.OFFICIAL_ACCOUNT);
    }

    @Override
    public String getName() {
        return "WeChat Official Account";
    }

    @Override
    public String getHelpText() {
        return "Sign-in inside WeChat's own browser through an official account's OAuth; users are keyed by unionid and are"
                + " the same users as the mini-program's.";
    }
}
