package dev.kcwechat.wechatapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PhoneNumberTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static final String CHINA = "{\"phoneNumber\":\"13800138000\",\"purePhoneNumber\":\"13800138000\",\"countryCode\":\"86\"}";
    private static final String USA = "{\"phoneNumber\":\"+1 2025550123\",\"purePhoneNumber\":\"2025550123\",\"countryCode\":\"1\"}";

    // ---------------------------------------------------------------- reading phone_info

    @Test
    void chineseNumber() {
        PhoneNumber phone = PhoneNumber.fromPhoneInfo(json(CHINA));

        assertThat(phone.e164()).isEqualTo("+8613800138000");
        assertThat(phone.countryCode()).isEqualTo("86");
        assertThat(phone.nationalNumber()).isEqualTo("13800138000");
    }

    @Test
    void countryCodeAsAJsonNumber() {
        PhoneNumber phone = PhoneNumber.fromPhoneInfo(
                json("{\"phoneNumber\":\"13800138000\",\"purePhoneNumber\":\"13800138000\",\"countryCode\":86}"));

        assertThat(phone.e164()).isEqualTo("+8613800138000");
    }

    @Test
    void overseasNumber() {
        PhoneNumber phone = PhoneNumber.fromPhoneInfo(json(USA));

        assertThat(phone.e164()).isEqualTo("+12025550123");
        assertThat(phone.countryCode()).isEqualTo("1");
        assertThat(phone.nationalNumber()).isEqualTo("2025550123");
    }

    @Test
    void phoneInfoWithAWatermarkIsReadLikeWeChatSendsIt() {
        PhoneNumber phone = PhoneNumber.fromPhoneInfo(json("{\"phoneNumber\":\"13800138000\",\"purePhoneNumber\":\"13800138000\","
                + "\"countryCode\":\"86\",\"watermark\":{\"timestamp\":1700000000,\"appid\":\"wx4f4bc4dec97d474b\"}}"));

        assertThat(phone.e164()).isEqualTo("+8613800138000");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "{\"phoneNumber\":\"13800138000\",\"countryCode\":\"86\"}              | +8613800138000",
            "{\"phoneNumber\":\"13800138000\",\"countryCode\":86}                  | +8613800138000",
            "{\"phoneNumber\":\"+1 2025550123\",\"countryCode\":\"1\"}             | +12025550123",
            "{\"phoneNumber\":\"+1 2025550123\",\"countryCode\":1}                 | +12025550123",
            "{\"phoneNumber\":\"+44 20-7946-0958\",\"countryCode\":\"44\"}         | +442079460958",
            "{\"phoneNumber\":\"+8613800138000\",\"countryCode\":\"86\"}           | +8613800138000",
            "{\"phoneNumber\":\"13800138000\",\"purePhoneNumber\":\"\",\"countryCode\":\"86\"}   | +8613800138000",
            "{\"phoneNumber\":\"13800138000\",\"purePhoneNumber\":null,\"countryCode\":\"86\"}   | +8613800138000",
    })
    void purePhoneNumberMissingIsDerivedFromPhoneNumber(String phoneInfo, String e164) {
        assertThat(PhoneNumber.fromPhoneInfo(json(phoneInfo)).e164()).isEqualTo(e164);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "{\"phoneNumber\":\"13800138000\",\"purePhoneNumber\":\"13800138000\",\"countryCode\":\"+86\"} | +8613800138000",
            "{\"phoneNumber\":\"13800138000\",\"purePhoneNumber\":\"13800138000\",\"countryCode\":\" 86 \"} | +8613800138000",
            "{\"phoneNumber\":\"+1 2025550123\",\"purePhoneNumber\":\"2025550123\",\"countryCode\":\"+1\"} | +12025550123",
            "{\"purePhoneNumber\":\"138 0013 8000\",\"countryCode\":\"86\"}                              | +8613800138000",
            "{\"purePhoneNumber\":\"138-0013-8000\",\"countryCode\":\"86\"}                              | +8613800138000",
            "{\"phoneNumber\":\"+8613800138000\",\"countryCode\":\"+86\"}                            | +8613800138000",
            "{\"phoneNumber\":\"+1 2025550123\",\"countryCode\":\"+1\"}                              | +12025550123",
    })
    void toleratesAPlusInTheCountryCodeAndSeparatorsInTheNumber(String phoneInfo, String e164) {
        assertThat(PhoneNumber.fromPhoneInfo(json(phoneInfo)).e164()).isEqualTo(e164);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            // countryCode missing, empty, null, blank, or not a country code
            "{\"phoneNumber\":\"13800138000\",\"purePhoneNumber\":\"13800138000\"}",
            "{\"phoneNumber\":\"13800138000\",\"purePhoneNumber\":\"13800138000\",\"countryCode\":\"\"}",
            "{\"phoneNumber\":\"13800138000\",\"purePhoneNumber\":\"13800138000\",\"countryCode\":null}",
            "{\"phoneNumber\":\"13800138000\",\"purePhoneNumber\":\"13800138000\",\"countryCode\":\"  \"}",
            "{\"phoneNumber\":\"13800138000\",\"purePhoneNumber\":\"13800138000\",\"countryCode\":\"CN\"}",
            "{\"phoneNumber\":\"13800138000\",\"purePhoneNumber\":\"13800138000\",\"countryCode\":\"8a\"}",
            "{\"phoneNumber\":\"13800138000\",\"purePhoneNumber\":\"13800138000\",\"countryCode\":\"1234\"}",
            "{\"phoneNumber\":\"13800138000\",\"purePhoneNumber\":\"13800138000\",\"countryCode\":-86}",
            "{\"phoneNumber\":\"13800138000\",\"purePhoneNumber\":\"13800138000\",\"countryCode\":{}}",
            // letters in the number
            "{\"phoneNumber\":\"1380013800O\",\"purePhoneNumber\":\"1380013800O\",\"countryCode\":\"86\"}",
            "{\"phoneNumber\":\"138abc38000\",\"purePhoneNumber\":\"138abc38000\",\"countryCode\":\"86\"}",
            "{\"phoneNumber\":\"tel:13800138000\",\"countryCode\":\"86\"}",
            "{\"phoneNumber\":\"13800138000\",\"purePhoneNumber\":\"１３８００１３８０００\",\"countryCode\":\"86\"}",
            // more than 15 digits in total
            "{\"phoneNumber\":\"1380013800012345\",\"purePhoneNumber\":\"1380013800012345\",\"countryCode\":\"86\"}",
            "{\"phoneNumber\":\"+1 202555012345678\",\"purePhoneNumber\":\"202555012345678\",\"countryCode\":\"1\"}",
            "{\"phoneNumber\":\"+852 1234567890123\",\"purePhoneNumber\":\"1234567890123\",\"countryCode\":\"852\"}",
            // no number at all
            "{\"countryCode\":\"86\"}",
            "{\"phoneNumber\":\"\",\"purePhoneNumber\":\"\",\"countryCode\":\"86\"}",
            "{\"phoneNumber\":\"+86\",\"countryCode\":\"86\"}",
            "{}",
    })
    void invalidPhoneInfoIsUnavailable(String phoneInfo) {
        WeChatException e = catchThrowableOfType(WeChatException.class, () -> PhoneNumber.fromPhoneInfo(json(phoneInfo)));

        assertThat(e).as("fromPhoneInfo must throw WeChatException").isNotNull();
        assertThat(e.failure()).isEqualTo(WeChatFailure.UNAVAILABLE);
        assertThat(e.errcode()).isEqualTo(WeChatException.NO_ERRCODE);
        assertThat(e.getMessage()).isNotBlank();
    }

    @Test
    void exactlyFifteenDigitsIsAccepted() {
        PhoneNumber phone = PhoneNumber.fromPhoneInfo(
                json("{\"purePhoneNumber\":\"1380013800012\",\"countryCode\":\"86\"}"));

        assertThat(phone.e164()).isEqualTo("+861380013800012").matches("\\+[0-9]{15}");
    }

    @Test
    void constructorValidatesToo() {
        WeChatException e = catchThrowableOfType(WeChatException.class, () -> new PhoneNumber("86", "138-0013-8000"));

        assertThat(e).isNotNull();
        assertThat(e.failure()).isEqualTo(WeChatFailure.UNAVAILABLE);
        assertThat(catchThrowableOfType(WeChatException.class, () -> new PhoneNumber(null, "13800138000"))).isNotNull();
        assertThat(catchThrowableOfType(WeChatException.class, () -> new PhoneNumber("86", null))).isNotNull();
    }

    @Test
    void invalidNumberIsNotEchoedInTheMessage() {
        WeChatException e = catchThrowableOfType(WeChatException.class, () -> PhoneNumber.fromPhoneInfo(
                json("{\"purePhoneNumber\":\"13800138000999999\",\"countryCode\":\"86\"}")));

        assertThat(e.getMessage()).doesNotContain("13800138000");
    }

    // ---------------------------------------------------------------- masking

    @Test
    void chineseNumberIsMasked() {
        assertThat(PhoneNumber.fromPhoneInfo(json(CHINA)).masked()).isEqualTo("+86 138****8000");
    }

    @Test
    void usNumberIsMasked() {
        assertThat(PhoneNumber.fromPhoneInfo(json(USA)).masked()).isEqualTo("+1 20****0123");
    }

    @ParameterizedTest(name = "+{0} {1} -> {2}")
    @CsvSource({
            "86,  13800138000, +86 138****8000",
            "1,   2025550123,  +1 20****0123",
            "44,  2079460958,  +44 20****0958",
            "44,  7700900123,  +44 77****0123",
            "852, 51234567,    +852 5****567",
            "852, 612345678,   +852 61****678",
            "852, 1234567,     +852 *****67",
            "354, 123456,      +354 ****56",
            "1,   123,         +1 *23",
            "1,   12,          +1 12",
            "1,   1,           +1 1",
    })
    void masking(String countryCode, String nationalNumber, String masked) {
        assertThat(new PhoneNumber(countryCode, nationalNumber).masked()).isEqualTo(masked);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1234567", "123456", "12345", "1234", "123"})
    void shortNumbersMaskAllButTheLastTwoDigits(String nationalNumber) {
        String masked = new PhoneNumber("1", nationalNumber).masked();
        int n = nationalNumber.length();

        assertThat(masked).isEqualTo("+1 " + "*".repeat(n - 2) + nationalNumber.substring(n - 2));
    }

    @ParameterizedTest
    @ValueSource(strings = {"12345678", "123456789", "2025550123", "13800138000", "1380013800012"})
    void longNumbersShowAtMostSevenDigitsAndHideAtLeastFour(String nationalNumber) {
        String masked = new PhoneNumber("86", nationalNumber).masked();
        String national = masked.substring("+86 ".length());
        long hidden = national.chars().filter(c -> c == '*').count();

        assertThat(national).hasSameSizeAs(nationalNumber);
        assertThat(national.chars().filter(Character::isDigit).count()).isLessThanOrEqualTo(7);
        assertThat(hidden).isGreaterThanOrEqualTo(4);
        assertThat(masked).doesNotContain(nationalNumber);
    }

    @ParameterizedTest
    @ValueSource(strings = {CHINA, USA})
    void toStringIsTheMaskedNumber(String phoneInfo) {
        PhoneNumber phone = PhoneNumber.fromPhoneInfo(json(phoneInfo));

        assertThat(phone.toString())
                .isEqualTo(phone.masked())
                .doesNotContain(phone.nationalNumber())
                .doesNotContain(phone.e164());
        assertThat(String.valueOf(phone)).isEqualTo(phone.masked());
        assertThat("phone " + phone).doesNotContain(phone.nationalNumber());
    }

    @Test
    void equalityIsByValue() {
        assertThat(PhoneNumber.fromPhoneInfo(json(CHINA)))
                .isEqualTo(new PhoneNumber("86", "13800138000"))
                .hasSameHashCodeAs(new PhoneNumber("86", "13800138000"))
                .isNotEqualTo(new PhoneNumber("852", "13800138000"));
    }

    private static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (Exception e) {
            throw new AssertionError("bad test JSON: " + text, e);
        }
    }
}
