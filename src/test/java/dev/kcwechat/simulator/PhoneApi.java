package dev.kcwechat.simulator;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Phone numbers from the getPhoneNumber button (WECHAT-API.md §3).
 *
 * <p>Endpoint: {@code POST /wxa/business/getuserphonenumber?access_token} JSON {@code {"code"}} ->
 * {@code {"errcode":0,"errmsg":"ok","phone_info":{phoneNumber, purePhoneNumber, countryCode,
 * watermark:{timestamp, appid}}}}. Codes are single use, live 5 minutes and belong to the app of
 * the access token: 40029 otherwise; 47001 for a body without a code; token errors as
 * {@link AccessTokenApi#appIdOf(String)}.
 *
 * <p>Control API (on {@link WeChatSimulator}): {@code newPhoneCode}, {@code phoneCode(appId)}
 * ({@link PhoneScript}).
 */
final class PhoneApi {

    private final Simulation simulation;
    private final AccessTokenApi accessTokens;
    private final Map<String, PhoneCode> phoneCodes = new ConcurrentHashMap<>();

    PhoneApi(Simulation simulation, AccessTokenApi accessTokens) {
        this.simulation = simulation;
        this.accessTokens = accessTokens;
    }

    void addRoutes(Router router) {
        router.route(WeChatSimulator.PHONE_NUMBER, this::phoneNumber);
    }

    String store(PhoneCode code) {
        return Simulation.storeUnder(phoneCodes, code, () -> Ids.phoneCode(simulation.random()));
    }

    private Reply phoneNumber(Request request) {
        Simulation.requirePost(request);
        String appId = accessTokens.appIdOf(request.param("access_token"));
        String value = simulation.jsonObjectBody(request).path("code").asText(null);
        if (Simulation.isBlank(value)) {
            throw new WeChatError(WeChatError.DATA_FORMAT_ERROR);
        }
        PhoneCode code = phoneCodes.get(value);
        if (code == null || !code.appId().equals(appId) || code.isExpiredAt(simulation.now())) {
            throw new WeChatError(WeChatError.INVALID_CODE);
        }
        Simulation.answerScriptedError(code.error(), code::consume, WeChatError.INVALID_CODE);
        if (!code.consume()) {
            throw new WeChatError(WeChatError.INVALID_CODE);
        }
        Map<String, Object> fields = Simulation.okFields();
        fields.put("phone_info", phoneInfo(code, appId));
        return simulation.ok(fields);
    }

    private Map<String, Object> phoneInfo(PhoneCode code, String tokenAppId) {
        Map<String, Object> watermark = new LinkedHashMap<>();
        watermark.put("timestamp", simulation.now().getEpochSecond());
        watermark.put("appid", code.watermarkAppId() != null ? code.watermarkAppId() : tokenAppId);
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("phoneNumber", code.phoneNumber());
        info.put("purePhoneNumber", code.purePhoneNumber());
        info.put("countryCode", code.countryCode());
        info.put("watermark", watermark);
        return info;
    }
}
