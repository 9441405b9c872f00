package dev.kcwechat.wechatapi;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.regex.Pattern;

/**
 * A verified phone number from WeChat's getuserphonenumber, in E.164 ({@code +8613800138000}).
 * WeChat gives the national number and the country code (documented as a string, seen as a
 * number); {@code phoneNumber} carries the country code for non-Chinese numbers.
 */
public record PhoneNumber(String countryCode, String nationalNumber) {

    private static final Pattern DIGITS = Pattern.compile("[0-9]+");

    public PhoneNumber {
        if (countryCode == null || !DIGITS.matcher(countryCode).matches() || countryCode.length() > 3 || countryCode.startsWith("0")
                || nationalNumber == null || !DIGITS.matcher(nationalNumber).matches()
                || countryCode.length() + nationalNumber.length() > 15) {
            throw WeChatException.unavailable("WeChat answered with a phone number that is not a valid international number");
        }
    }

    /** Reads WeChat's {@code phone_info} object. */
    static PhoneNumber fromPhoneInfo(JsonNode phoneInfo) {
        JsonNode countryCode = phoneInfo.path("countryCode");
        String country = (countryCode.isIntegralNumber() ? countryCode.asText() : countryCode.asText("").trim()).replaceFirst("^\\+", "");
        String national = phoneInfo.path("purePhoneNumber").asText("").replaceAll("[\\s-]", "");
        if (national.isEmpty()) {
            national = phoneInfo.path("phoneNumber").asText("").replaceAll("[\\s-]", "").replaceFirst("^\\+" + Pattern.quote(country), "");
        }
        return new PhoneNumber(country, national);
    }

    /** {@code +8613800138000} */
    public String e164() {
        return "+" + countryCode + nationalNumber;
    }

    /** {@code +86 138****8000}: enough for the user to recognise it, not enough to call it. */
    public String masked() {
        int n = nationalNumber.length();
        String national = n >= 8
                ? nationalNumber.substring(0, 3) + "*".repeat(n - 7) + nationalNumber.substring(n - 4)
                : "*".repeat(Math.max(0, n - 2)) + nationalNumber.substring(Math.max(0, n - 2));
        return "+" + countryCode + " " + national;
    }

    @Override
    public String toString() {
        return masked();
    }
}
