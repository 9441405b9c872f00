package dev.kcwechat.wechatapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class WeChatResponsesTest {

    private static final String OPENID = "oGZUI0egBJY1zhBYw2KhdUfwVJJE";
    private static final String UNIONID = "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o";
    private static final String SESSION_KEY = "tiihtNczf5v6AKRyjwEUhQ==";

    @Test
    void successWithoutErrcodeIsReturnedAsIs() {
        JsonNode json = WeChatResponses.parse("{\"openid\":\"" + OPENID + "\"}");

        assertThat(json.path("openid").asText()).isEqualTo(OPENID);
    }

    @Test
    void errcodeZeroMeansSuccess() {
        JsonNode json = WeChatResponses.parse("{\"errcode\":0,\"errmsg\":\"ok\",\"access_token\":\"T\"}");

        assertThat(json.path("access_token").asText()).isEqualTo("T");
    }

    @ParameterizedTest
    @CsvSource({
        "40029, INVALID_CODE",
        "40163, CODE_USED",
        "40226, HIGH_RISK_USER",
        "-1, BUSY",
        "45011, BUSY",
        "40013, BAD_CREDENTIALS",
        "40125, BAD_CREDENTIALS",
        "40243, BAD_CREDENTIALS",
        "40164, BAD_CREDENTIALS",
        "40001, ACCESS_TOKEN_INVALID",
        "40014, ACCESS_TOKEN_INVALID",
        "42001, ACCESS_TOKEN_INVALID",
        "87009, INVALID_SIGNATURE",
        "60111, NOT_A_VISIBLE_MEMBER",
        "60011, NOT_A_VISIBLE_MEMBER",
    })
    void knownErrcodeMapsToItsFailureKind(int errcode, WeChatFailure expected) {
        WeChatException e = failureOf("{\"errcode\":" + errcode + ",\"errmsg\":\"some error\"}");

        assertThat(e.failure()).isEqualTo(expected);
        assertThat(e.errcode()).isEqualTo(errcode);
        assertThat(WeChatFailure.ofErrcode(errcode)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(ints = {45009, 61010, 47001, 1, 99999})
    void unknownErrcodeIsUnexpected(int errcode) {
        WeChatException e = failureOf("{\"errcode\":" + errcode + ",\"errmsg\":\"whatever\"}");

        assertThat(e.failure()).isEqualTo(WeChatFailure.UNEXPECTED);
        assertThat(e.errcode()).isEqualTo(errcode);
    }

    @Test
    void errmsgIsInTheExceptionMessage() {
        WeChatException e = failureOf("{\"errcode\":40029,\"errmsg\":\"invalid code, rid: 6592a1b2-0c1d\"}");

        assertThat(e.getMessage()).contains("40029").contains("invalid code, rid: 6592a1b2-0c1d");
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "   ", "\n\t"})
    void emptyBodyMeansWeChatIsUnavailable(String body) {
        WeChatException e = failureOf(body);

        assertThat(e.failure()).isEqualTo(WeChatFailure.UNAVAILABLE);
        assertThat(e.errcode()).isEqualTo(WeChatException.NO_ERRCODE);
    }

    @Test
    void htmlBodyMeansWeChatIsUnavailable() {
        WeChatException e = failureOf("<html><body><h1>502 Bad Gateway</h1></body></html>");

        assertThat(e.failure()).isEqualTo(WeChatFailure.UNAVAILABLE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "[{\"openid\":\"x\"}]", "\"text\"", "42", "null", "true"})
    void jsonThatIsNotAnObjectMeansWeChatIsUnavailable(String body) {
        WeChatException e = failureOf(body);

        assertThat(e.failure()).isEqualTo(WeChatFailure.UNAVAILABLE);
    }

    @Test
    void code2SessionReadsAllThreeIds() {
        Code2Session answer = WeChatResponses.code2Session(
                "{\"openid\":\"" + OPENID + "\",\"session_key\":\"" + SESSION_KEY + "\",\"unionid\":\"" + UNIONID + "\"}");

        assertThat(answer.openid()).isEqualTo(OPENID);
        assertThat(answer.unionid()).isEqualTo(UNIONID);
        assertThat(answer.sessionKey()).isEqualTo(SESSION_KEY);
        assertThat(answer.hasUnionid()).isTrue();
    }

    @Test
    void code2SessionWithoutUnionidHasNullUnionid() {
        Code2Session answer = WeChatResponses.code2Session(
                "{\"openid\":\"" + OPENID + "\",\"session_key\":\"" + SESSION_KEY + "\"}");

        assertThat(answer.unionid()).isNull();
        assertThat(answer.hasUnionid()).isFalse();
    }

    @Test
    void code2SessionWithErrcodeZeroSucceeds() {
        Code2Session answer = WeChatResponses.code2Session(
                "{\"errcode\":0,\"errmsg\":\"ok\",\"openid\":\"" + OPENID + "\",\"session_key\":\"" + SESSION_KEY + "\"}");

        assertThat(answer.openid()).isEqualTo(OPENID);
    }

    @Test
    void unknownExtraFieldsAreIgnored() {
        Code2Session answer = WeChatResponses.code2Session("{\"openid\":\"" + OPENID + "\",\"session_key\":\""
                + SESSION_KEY + "\",\"new_field\":{\"nested\":[1,2]},\"another\":true}");

        assertThat(answer.openid()).isEqualTo(OPENID);
        assertThat(answer.sessionKey()).isEqualTo(SESSION_KEY);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"session_key\":\"" + SESSION_KEY + "\"}",
        "{\"openid\":\"\",\"session_key\":\"" + SESSION_KEY + "\"}",
        "{\"openid\":123,\"session_key\":\"" + SESSION_KEY + "\"}",
        "{\"openid\":\"" + OPENID + "\"}",
        "{\"openid\":\"" + OPENID + "\",\"session_key\":\"  \"}",
        "{\"openid\":\"" + OPENID + "\",\"session_key\":null}",
    })
    void code2SessionWithoutOpenidOrSessionKeyMeansWeChatIsUnavailable(String body) {
        WeChatException e = catchThrowableOfType(WeChatException.class, () -> WeChatResponses.code2Session(body));

        assertThat(e).isNotNull();
        assertThat(e.failure()).isEqualTo(WeChatFailure.UNAVAILABLE);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"errcode\":40029,\"errmsg\":\"invalid code\",\"session_key\":\"" + SESSION_KEY + "\"}",
        "{\"session_key\":\"" + SESSION_KEY + "\"}",
        "{\"openid\":\"\",\"session_key\":\"" + SESSION_KEY + "\"}",
    })
    void exceptionMessageNeverContainsTheSessionKey(String body) {
        WeChatException e = catchThrowableOfType(WeChatException.class, () -> WeChatResponses.code2Session(body));

        assertThat(e).isNotNull();
        assertThat(e.getMessage()).doesNotContain(SESSION_KEY);
        assertThat(e.toString()).doesNotContain(SESSION_KEY);
    }

    private static WeChatException failureOf(String body) {
        WeChatException e = catchThrowableOfType(WeChatException.class, () -> WeChatResponses.parse(body));
        assertThat(e).as("WeChatException for body %s", body).isNotNull();
        return e;
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"errcode\":4294967296}", "{\"errcode\":\"abc\"}", "{\"errcode\":1.5}", "{\"errcode\":{}}"})
    void errcodeThatIsNotAWholeNumberMeansWeChatIsUnavailable(String body) {
        WeChatException e = catchThrowableOfType(WeChatException.class, () -> WeChatResponses.parse(body));

        assertThat(e.failure()).isEqualTo(WeChatFailure.UNAVAILABLE);
    }

    @Test
    void errcodeSentAsAStringStillCounts() {
        WeChatException e = catchThrowableOfType(WeChatException.class,
                () -> WeChatResponses.parse("{\"errcode\":\"40029\",\"errmsg\":\"invalid code\"}"));

        assertThat(e.failure()).isEqualTo(WeChatFailure.INVALID_CODE);
    }

    @Test
    void trailingGarbageAfterTheJsonMeansWeChatIsUnavailable() {
        WeChatException e = catchThrowableOfType(WeChatException.class, () -> WeChatResponses.parse("{\"errcode\":0}<html>"));

        assertThat(e.failure()).isEqualTo(WeChatFailure.UNAVAILABLE);
    }
}
