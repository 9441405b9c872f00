package dev.kcwechat.simulator;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A code from the getPhoneNumber button, and the phone_info /wxa/business/getuserphonenumber
 * answers for it. {@code countryCode} is a String, or an Integer when scripted as a JSON number;
 * {@code watermarkAppId} null means "the appid of the access token".
 */
record PhoneCode(
        String appId,
        String phoneNumber,
        String purePhoneNumber,
        Object countryCode,
        String watermarkAppId,
        ScriptedError error,
        Instant expiresAt,
        AtomicBoolean used) {

    boolean isExpiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }

    /** Marks the code used: exactly one caller wins, however many race for it. */
    boolean consume() {
        return used.compareAndSet(false, true);
    }
}
