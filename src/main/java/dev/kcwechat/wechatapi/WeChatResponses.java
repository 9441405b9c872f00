package dev.kcwechat.wechatapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads WeChat response bodies. WeChat sends JSON under any content type (often text/plain), puts
 * errors in an {@code errcode} field that may be absent or 0 on success, adds fields over time,
 * and has been seen answering with an empty or HTML body: all of that is handled here.
 */
final class WeChatResponses {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private WeChatResponses() {
    }

    /** Parses a body; an empty, non-JSON or non-object body means WeChat is unavailable. */
    static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            throw WeChatException.unavailable("WeChat answered with an empty body");
        }
        JsonNode json;
        try {
            json = MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw WeChatException.unavailable("WeChat answered with a body that is not JSON");
        }
        if (json == null || !json.isObject()) {
            throw WeChatException.unavailable("WeChat answered with a body that is not a JSON object");
        }
        int errcode = errcode(json.path("errcode"));
        if (errcode != 0) {
            String errmsg = json.path("errmsg").asText("");
            throw new WeChatException(WeChatFailure.ofErrcode(errcode), errcode,
                    "WeChat errcode " + errcode + ": " + errmsg);
        }
        return json;
    }

    private static int errcode(JsonNode node) {
        if (node.isMissingNode() || node.isNull()) {
            return 0;
        }
        if (node.isIntegralNumber() && node.canConvertToInt()) {
            return node.intValue();
        }
        if (node.isTextual()) {
            try {
                return Integer.parseInt(node.asText().trim());
            } catch (NumberFormatException e) {
                // falls through to the error below
            }
        }
        throw WeChatException.unavailable("WeChat answered with an errcode that is not a number");
    }

    /** Parses a code2Session body. */
    static Code2Session code2Session(String body) {
        JsonNode json = parse(body);
        String openid = text(json, "openid");
        String sessionKey = text(json, "session_key");
        if (openid == null || sessionKey == null) {
            throw WeChatException.unavailable("WeChat answered code2Session without openid or session_key");
        }
        return new Code2Session(openid, text(json, "unionid"), sessionKey);
    }

    /** Parses a cgi-bin/token or cgi-bin/stable_token body. */
    static AccessToken accessToken(String body) {
        JsonNode json = parse(body);
        String token = text(json, "access_token");
        long expiresIn = json.path("expires_in").asLong(0);
        if (token == null || expiresIn <= 0) {
            throw WeChatException.unavailable("WeChat answered without access_token or expires_in");
        }
        return new AccessToken(token, expiresIn);
    }

    private static String text(JsonNode json, String field) {
        JsonNode node = json.get(field);
        if (node == null || !node.isTextual() || node.asText().isBlank()) {
            return null;
        }
        return node.asText();
    }
}
