package dev.kcwechat.login;

import static dev.kcwechat.testing.OAuthErrors.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kcwechat.simulator.WeChatSimulator;
import dev.kcwechat.testing.Http;
import dev.kcwechat.testing.Jwt;
import dev.kcwechat.testing.OAuth;
import dev.kcwechat.testing.TestRealm;
import dev.kcwechat.testing.WeChatRealmExtension;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.keycloak.representations.idm.EventRepresentation;

/** WeChat's risk rank ({@code riskCheck}, {@code riskRankLimit}, {@code riskAction}, {@code riskFailure}). */
class RiskCheckIT {

    private static final String SECRET = "34343434343434343434343434343434";
    private static final String REGISTER_IDP = "risk-register";
    private static final String REGISTER_APP = "wx1000000000000001";
    private static final String ALWAYS_IDP = "risk-always";
    private static final String ALWAYS_APP = "wx1000000000000002";
    private static final String PHONE_IDP = "risk-phone";
    private static final String PHONE_APP = "wx1000000000000003";
    private static final String DENY_IDP = "risk-fail-deny";
    private static final String DENY_APP = "wx1000000000000004";

    @RegisterExtension
    static final WeChatRealmExtension realm = WeChatRealmExtension.named("riskcheck").with(r -> {
        for (String app : List.of(REGISTER_APP, ALWAYS_APP, PHONE_APP, DENY_APP)) {
            r.simulator().registerApp(app, SECRET);
        }
        r.addIdentityProvider(REGISTER_IDP, REGISTER_APP, SECRET, TestRealm.PUBLIC_CLIENT)
                .addIdentityProvider(ALWAYS_IDP, ALWAYS_APP, SECRET, TestRealm.PUBLIC_CLIENT)
                .addIdentityProvider(PHONE_IDP, PHONE_APP, SECRET, TestRealm.PUBLIC_CLIENT)
                .addIdentityProvider(DENY_IDP, DENY_APP, SECRET, TestRealm.PUBLIC_CLIENT);
        r.idpConfig(REGISTER_IDP).putAll(Map.of("riskCheck", "register", "riskRankLimit", "3"));
        r.idpConfig(ALWAYS_IDP).putAll(Map.of("riskCheck", "always", "riskRankLimit", "2"));
        r.idpConfig(PHONE_IDP).putAll(Map.of("riskCheck", "always", "riskRankLimit", "3", "riskAction", "phone"));
        r.idpConfig(DENY_IDP).putAll(Map.of("riskCheck", "always", "riskFailure", "deny"));
        r.addPhoneMapper(PHONE_IDP, "reject");
    });

    private final WeChatSimulator wechat = realm.wechat();
    private final OAuth oauth = realm.oauth();

    @BeforeEach
    void clearFaults() {
        wechat.clearFaults();
    }

    @Test
    void aRiskyFirstLoginIsRefusedAndCreatesNoUser() {
        String openid = "oRiskyNewcomer_openid_ABCDEFGHI";
        String code = wechat.newCode(REGISTER_APP, openid, null);
        wechat.setRiskRank(REGISTER_APP, openid, 3);
        int users = realm.userCount();

        Http.Answer answer = login(REGISTER_IDP, code, null);

        assertError(answer, 403, "access_denied");
        assertThat(realm.userCount()).isEqualTo(users);
        EventRepresentation event = realm.events("LOGIN_ERROR", null, 1).get(0);
        assertThat(event.getDetails().get("risk_rank")).isEqualTo("3");
    }

    @Test
    void aFirstLoginBelowTheLimitGoesOnWithItsRankInTheEventAndTheCallersAddress() {
        String openid = "oCalmNewcomer_openid_ABCDEFGHIJ";
        String code = wechat.newCode(REGISTER_APP, openid, null);
        wechat.setRiskRank(REGISTER_APP, openid, 2);
        int before = wechat.riskRequests().size();

        String sub = sub(login(REGISTER_IDP, code, null));

        Map<String, Object> request = wechat.riskRequests().get(before);
        assertThat(request).containsEntry("openid", openid).containsEntry("appid", REGISTER_APP);
        assertThat(((Number) request.get("scene")).intValue()).as("scene 0: registration").isZero();
        assertThat(request.get("client_ip")).isEqualTo("127.0.0.1");
        EventRepresentation event = realm.events("LOGIN", sub, null).get(0);
        assertThat(event.getDetails().get("risk_rank")).isEqualTo("2");

        wechat.setRiskRank(REGISTER_APP, openid, 4);
        int calls = wechat.calls(WeChatSimulator.RISK_RANK);
        assertThat(sub(login(REGISTER_IDP, wechat.newCode(REGISTER_APP, openid, null), null)))
                .as("riskCheck=register: a returning login is not checked").isEqualTo(sub);
        assertThat(wechat.calls(WeChatSimulator.RISK_RANK)).isEqualTo(calls);
    }

    @Test
    void alwaysChecksReturningLoginsWithScene1() {
        String openid = "oReturningRisk_openid_ABCDEFGHI";
        sub(login(ALWAYS_IDP, wechat.newCode(ALWAYS_APP, openid, null), null));
        String code = wechat.newCode(ALWAYS_APP, openid, null);
        wechat.setRiskRank(ALWAYS_APP, openid, 2);
        int before = wechat.riskRequests().size();

        Http.Answer answer = login(ALWAYS_IDP, code, null);

        assertError(answer, 403, "access_denied");
        assertThat(((Number) wechat.riskRequests().get(before).get("scene")).intValue()).isEqualTo(1);
    }

    @Test
    void withRiskActionPhoneARiskyLoginNeedsAPhoneCodeInTheSameRequest() {
        String openid = "oStepUp_openid_ABCDEFGHIJKLMNOP";
        String refusedCode = wechat.newCode(PHONE_APP, openid, null);
        wechat.setRiskRank(PHONE_APP, openid, 4);
        int users = realm.userCount();

        Http.Answer refused = login(PHONE_IDP, refusedCode, null);
        Http.Answer badPhone = login(PHONE_IDP, wechat.newCode(PHONE_APP, openid, null), "not-a-phone-code");
        Http.Answer stepUp = login(PHONE_IDP, wechat.newCode(PHONE_APP, openid, null),
                wechat.newPhoneCode(PHONE_APP, "13500000051", "13500000051", "86"));

        assertError(refused, 403, "access_denied");
        assertThat(refused.json().get("error_description").asText()).contains("phone_code");
        assertThat(badPhone.status()).as(badPhone.toString()).isEqualTo(400);
        assertThat(realm.userCount()).isEqualTo(users + 1);
        assertThat(new Jwt(stepUp.json().get("access_token").asText()).claims().get("phone_number").asText())
                .isEqualTo("+8613500000051");
    }

    @Test
    void whenWeChatGivesNoRankRiskFailureDecides() {
        String inactive = "oInactiveUser_openid_ABCDEFGHIJ";
        String denyCode = wechat.newCode(DENY_APP, inactive, null);
        wechat.markInactive(DENY_APP, inactive);
        String allowCode = wechat.newCode(ALWAYS_APP, inactive, null);
        wechat.markInactive(ALWAYS_APP, inactive);

        Http.Answer denied = login(DENY_IDP, denyCode, null);
        Http.Answer allowed = login(ALWAYS_IDP, allowCode, null);

        assertError(denied, 403, "access_denied");
        String sub = sub(allowed);
        EventRepresentation event = realm.events("LOGIN", sub, null).get(0);
        assertThat(event.getDetails().get("risk_error")).contains("61010");
        assertThat(event.getDetails()).doesNotContainKey("risk_rank");
    }

    @Test
    void aBusyRiskApiDeniesUnderRiskFailureDeny() {
        String code = wechat.newCode(DENY_APP, "oBusyRisk_openid_ABCDEFGHIJKLMN", null);
        wechat.failNext(WeChatSimulator.RISK_RANK, 1, -1);

        assertError(login(DENY_IDP, code, null), 403, "access_denied");
    }

    private Http.Answer login(String alias, String code, String phoneCode) {
        Map<String, String> extra = new LinkedHashMap<>();
        extra.put("idp", alias);
        if (phoneCode != null) {
            extra.put("phone_code", phoneCode);
        }
        return oauth.codeLogin(TestRealm.PUBLIC_CLIENT, code, extra);
    }

    private static String sub(Http.Answer answer) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        return new Jwt(answer.json().get("access_token").asText()).claims().get("sub").asText();
    }

}
