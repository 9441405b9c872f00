package dev.kcwechat.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;

/** A code as wx.login hands it to the mini-program, and how /sns/jscode2session answers it. */
record LoginCode(
        String appId,
        String openid,
        String unionid,
        String sessionKey,
        ScriptedError error,
        BodyStyle bodyStyle,
        Duration latency,
        Instant expiresAt,
        AtomicBoolean used) {

    /** What the 200 answer looks like: normal JSON, or the broken bodies WeChat sometimes sends. */
    enum BodyStyle { JSON, EMPTY, GARBAGE }

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
