package dev.kcwechat.simulator;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;

/** A code the browser pages hand to the redirect_uri, and what /sns/oauth2/access_token answers for it. */
record WebCode(String appId, BrowserUser user, String scope, boolean snapshotUser, Instant expiresAt, AtomicBoolean used) {

    boolean isExpiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }

    boolean isUsed() {
        return used.get();
    }

    /** Marks the code used: exactly one caller wins, however many race for it. */
    boolean consume() {
        return used.compareAndSet(false, true);
    }
}
