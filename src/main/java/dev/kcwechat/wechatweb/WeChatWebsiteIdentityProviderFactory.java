package dev.kcwechat.wechatweb;

/** {@code wechat-website}: QR-code login of an Open Platform website app ({@code snsapi_login}). */
public final class WeChatWebsiteIdentityProviderFactory extends WeChatWebIdentityProviderFactory {

    public WeChatWebsiteIdentityProviderFactory() {
        super(WeChatWebFlavor.WEBSITE);
    }

    @Override
    public String getName() {
        return "WeChat Website (QR code)";
    }

    @Override
    public String getHelpText() {
        return "Sign-in by scanning a QR code with WeChat (Open Platform website app, snsapi_login); users are keyed by unionid"
                + " and are the same users as the mini-program's.";
    }
}
