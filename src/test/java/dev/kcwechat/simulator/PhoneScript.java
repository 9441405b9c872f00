package dev.kcwechat.simulator;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Scripts one getPhoneNumber-button code and how /wxa/business/getuserphonenumber answers it.
 * Obtain with {@link WeChatSimulator#phoneCode(String)}, finish with {@link #issue()}.
 * Not thread-safe; the issued code is.
 */
public final class PhoneScript {

    private final WeChatSimulator simulator;
    private final String appId;
    private String phoneNumber = "13800138000";
    private String purePhoneNumber;
    private String countryCode = "86";
    private boolean countryCodeAsNumber;
    private String watermarkAppId;
    private int errcode;
    private int errorTimes;
    private Duration validFor = WeChatSimulator.CODE_VALIDITY;

    PhoneScript(WeChatSimulator simulator, String appId) {
        this.simulator = simulator;
        this.appId = Objects.requireNonNull(appId, "appId");
    }

    /** As WeChat shows it: "13800138000" for China, "+1 2025550123" elsewhere. */
    public PhoneScript phoneNumber(String phoneNumber) {
        this.phoneNumber = Objects.requireNonNull(phoneNumber, "phoneNumber");
        return this;
    }

    /** Without country code; default: phoneNumber without its "+NN " prefix. */
    public PhoneScript purePhoneNumber(String purePhoneNumber) {
        this.purePhoneNumber = purePhoneNumber;
        return this;
    }

    public PhoneScript countryCode(String countryCode) {
        this.countryCode = Objects.requireNonNull(countryCode, "countryCode");
        return this;
    }

    /** Render countryCode as a JSON number (documented as a string, seen as a number). */
    public PhoneScript countryCodeAsNumber() {
        this.countryCodeAsNumber = true;
        return this;
    }

    /** The watermark.appid of the answer; default the appid of the access token used. */
    public PhoneScript watermarkAppId(String watermarkAppId) {
        this.watermarkAppId = watermarkAppId;
        return this;
    }

    /** Every use of the code answers this error; -1 and 45011 leave the code unused. */
    public PhoneScript errcode(int errcode) {
        return errcode(errcode, Integer.MAX_VALUE);
    }

    /** The first {@code times} uses answer this error, later ones behave normally. */
    public PhoneScript errcode(int errcode, int times) {
        this.errcode = errcode;
        this.errorTimes = times;
        return this;
    }

    public PhoneScript validFor(Duration validFor) {
        this.validFor = Objects.requireNonNull(validFor, "validFor");
        return this;
    }

    /** Registers the code and returns it, as the getPhoneNumber button would give it. */
    public String issue() {
        PhoneCode code = new PhoneCode(appId, phoneNumber, purePhoneNumber(), countryCodeValue(),
                watermarkAppId, new ScriptedError(errcode, errorTimes),
                simulator.now().plus(validFor), new AtomicBoolean());
        return simulator.store(code);
    }

    private String purePhoneNumber() {
        if (purePhoneNumber != null) {
            return purePhoneNumber;
        }
        int space = phoneNumber.indexOf(' ');
        return phoneNumber.startsWith("+") && space > 0 ? phoneNumber.substring(space + 1) : phoneNumber;
    }

    private Object countryCodeValue() {
        return countryCodeAsNumber ? Integer.valueOf(countryCode) : countryCode;
    }
}
