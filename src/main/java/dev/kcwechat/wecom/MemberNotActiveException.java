package dev.kcwechat.wecom;

/** WeCom says the member may not sign in: left, disabled or not activated (status other than 1). */
public final class MemberNotActiveException extends RuntimeException {

    private final String brokeredId;
    private final int status;

    MemberNotActiveException(String brokeredId, int status) {
        super("The WeCom member is not active (status " + status + ")", null, false, false);
        this.brokeredId = brokeredId;
        this.status = status;
    }

    /** {@code <corpid>:<userid>}. */
    public String brokeredId() {
        return brokeredId;
    }

    public int status() {
        return status;
    }
}
