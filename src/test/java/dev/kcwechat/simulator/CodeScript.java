package dev.kcwechat.simulator;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Scripts one wx.login code and how /sns/jscode2session answers it. Obtain with
 * {@link WeChatSimulator#code(String)}, finish with {@link #issue()}. Not thread-safe; the
 * issued code is.
 */
public final class CodeScript {

    private final WeChatSimulator simulator;
    private final String appId;
    private String openid;
    private String unionid;
    private String sessionKey;
    private int errcode;
    private int errorTimes;
    private LoginCode.BodyStyle bodyStyle = LoginCode.BodyStyle.JSON;
    private Duration latency = Duration.ZERO;
    private Duration validFor = WeChatSimulator.CODE_VALIDITY;

    CodeScript(WeChatSimulator simulator, String appId, String openid, String unionid, String sessionKey) {
        this.simulator = simulator;
        this.appId = Objects.requireNonNull(appId, "appId");
        this.openid = openid;
        this.unionid = unionid;
        this.sessionKey = sessionKey;
    }

    public CodeScript openid(String openid) {
        this.openid = Objects.requireNonNull(openid, "openid");
        return this;
    }

    /** null: the mini-program is not bound to an Open Platform account, the answer has no unionid. */
    public CodeScript unionid(String unionid) {
        this.unionid = unionid;
        return this;
    }

    /** The session_key to hand out (base64 of 16 bytes in real life); default random. */
    public CodeScript sessionKey(String sessionKey) {
        if (sessionKey == null || sessionKey.isEmpty()) {
            throw new IllegalArgumentException("sessionKey must not be empty");
        }
        this.sessionKey = sessionKey;
        return this;
    }

    /**
     * Every exchange of the code answers this WeChat error. -1 (busy) and 45011 (quota) leave
     * the code unused; any other error (e.g. 40226 high-risk user) burns it.
     */
    public CodeScript errcode(int errcode) {
        return errcode(errcode, Integer.MAX_VALUE);
    }

    /** The first {@code times} exchanges answer this error, later ones behave normally. */
    public CodeScript errcode(int errcode, int times) {
        this.errcode = errcode;
        this.errorTimes = times;
        return this;
    }

    /** A real delay before the answer, so that client read timeouts can fire. */
    public CodeScript latency(Duration latency) {
        this.latency = Objects.requireNonNull(latency, "latency");
        return this;
    }

    /** Answer 200 with an empty text/html body, as WeChat sometimes does for a bad secret. */
    public CodeScript emptyBody() {
        this.bodyStyle = LoginCode.BodyStyle.EMPTY;
        return this;
    }

    /** Answer 200 with a non-JSON text/html body. */
    public CodeScript garbageBody() {
        this.bodyStyle = LoginCode.BodyStyle.GARBAGE;
        return this;
    }

    /** How long the code can be exchanged, by the simulated clock; default 5 minutes. */
    public CodeScript validFor(Duration validFor) {
        this.validFor = Objects.requireNonNull(validFor, "validFor");
        return this;
    }

    /** Registers the code and returns it, as wx.login would give it to the mini-program. */
    public String issue() {
        LoginCode code = new LoginCode(appId, openid, unionid, sessionKey,
                new ScriptedError(errcode, errorTimes), bodyStyle, latency,
                simulator.now().plus(validFor), new AtomicBoolean());
        return simulator.store(code);
    }
}
