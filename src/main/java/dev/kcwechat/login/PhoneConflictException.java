package dev.kcwechat.login;

/** A verified phone number belongs to another user and the conflict policy refuses it. */
public final class PhoneConflictException extends RuntimeException {

    public PhoneConflictException() {
        super("This phone number belongs to another account", null, false, false);
    }
}
