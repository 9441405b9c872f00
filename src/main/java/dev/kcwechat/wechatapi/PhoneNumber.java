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

    /**
     * {@code +86 138****8000}, {@code +852 5****567}: enough for the user to recognise it, not enough
     * to call it. A number of 8 digits or more shows at most its first three and last four and hides
     * at least four (half of a Hong Kong number's 8); a shorter one shows its last two.
     */
    public String masked() {
        int n = nationalNumber.length();
        String national;
        if (n >= 8) {
            int suffix = n >= 10 ? 4 : 3;
            int prefix = Math.min(3, n - 4 - suffix);
            national = nationalNumber.substring(0, prefix) + "*".repeat(n - prefix - suffix) + nationalNumber.substring(n - suffix);
        } else {
            national = "*".repeat(Math.max(0, n - 2)) + nationalNumber.substring(Math.max(0, n - 2));
        }
        return "+" + countryCode + " " + national;
    }

    @Override
    public String toString() {
        return masked();
    }
}
