package dev.kcwechat.simulator;

import java.util.concurrent.atomic.AtomicInteger;

/** An error a test makes WeChat answer, a limited number of times. */
final class ScriptedError {

    private final int errcode;
    private final AtomicInteger remaining;

    ScriptedError(int errcode, int times) {
        this.errcode = errcode;
        this.remaining = new AtomicInteger(Math.max(times, 0));
    }

    static ScriptedError none() {
        return new ScriptedError(0, 0);
    }

    int errcode() {
        return errcode;
    }

    /** Claims one occurrence: true when this call must answer the error. */
    boolean take() {
        return remaining.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
    }

    /**
     * WeChat turns busy (-1) and quota (45011) calls away before looking at the code, so the code
     * stays usable; other errors (e.g. 40226 high-risk user) burn it.
     */
    boolean consumesCode() {
        return errcode != WeChatError.SYSTEM_BUSY && errcode != WeChatError.MINUTE_QUOTA;
    }
}
