package dev.kcwechat.login;

/** WeChat sent no unionid while the identity provider is keyed by unionid only. */
public final class MissingUnionidException extends RuntimeException {

    public MissingUnionidException(String alias) {
        super("WeChat sent no unionid for this user, and identity provider '" + alias + "' requires one (identityKey=unionid):"
                + " bind the mini-program to a WeChat Open Platform account or use identityKey=unionid-or-openid", null, false, false);
    }
}
