package dev.kcwechat.resource;

import static dev.kcwechat.simulator.WeChatSimulator.DEMO_APP_ID;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kcwechat.simulator.WeChatSimulator;
import dev.kcwechat.testing.Http;
import dev.kcwechat.testing.Jwt;
import dev.kcwechat.testing.OAuth;
import dev.kcwechat.testing.TestRealm;
import dev.kcwechat.testing.WeChatRealmExtension;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.keycloak.representations.idm.EventRepresentation;

/** {@code /wechat/*} answers are never cached, and phone binding and open-data calls are Keycloak events with nothing to leak. */
class ResponseHygieneIT {

    @RegisterExtension
    static final WeChatRealmExtension realm = WeChatRealmExtension.named("hygiene").with(r -> {
        r.addPhoneMapper(TestRealm.IDP_ALIAS, "reject");
        // USER_INFO_REQUEST events, like those of Keycloak's userinfo endpoint, are stored only when an admin asks for them
        r.representation().setEnabledEventTypes(List.of("LOGIN", "LOGIN_ERROR", "UPDATE_PROFILE", "UPDATE_PROFILE_ERROR",
                "USER_INFO_REQUEST", "USER_INFO_REQUEST_ERROR"));
    });

    private final WeChatSimulator wechat = realm.wechat();
    private final OAuth oauth = realm.oauth();

    @Test
    void everyAnswerOfTheWeChatEndpointsSaysNoStore() {
        String accessToken = accessToken("oNoStore_openid_ABCDEFGHIJKLMNO");

        Http.Answer ok = Http.get(oauth.wechat("session"), accessToken);
        Http.Answer badRequest = Http.postJson(oauth.wechat("open-data/decrypt"), Map.of(), accessToken);
        Http.Answer unauthorized = Http.get(oauth.wechat("session"), "not-a-token");
        Http.Answer phone = Http.postJson(oauth.wechat("phone"),
                Map.of("phone_code", wechat.newPhoneCode(DEMO_APP_ID, "13300000061", null, "86")), accessToken);

        for (Http.Answer answer : new Http.Answer[] {ok, badRequest, unauthorized, phone}) {
            assertThat(answer.raw().headers().firstValue("Cache-Control")).as(answer.toString()).hasValue("no-store");
        }
        assertThat(ok.status()).isEqualTo(200);
        assertThat(badRequest.status()).isEqualTo(400);
        assertThat(unauthorized.status()).isEqualTo(401);
        assertThat(phone.status()).isEqualTo(200);
    }

    @Test
    void aPhoneBindingIsAnEventWithTheNumberMaskedOnly() {
        String accessToken = accessToken("oPhoneEvent_openid_ABCDEFGHIJKL");
        String sub = new Jwt(accessToken).claims().get("sub").asText();

        Http.Answer bound = Http.postJson(oauth.wechat("phone"),
                Map.of("phone_code", wechat.newPhoneCode(DEMO_APP_ID, "13300000062", null, "86")), accessToken);

        assertThat(bound.status()).as(bound.toString()).isEqualTo(200);
        EventRepresentation event = realm.events("UPDATE_PROFILE", sub, null).get(0);
        assertThat(event.getDetails().get("wechat_action")).isEqualTo("phone");
        assertThat(event.getDetails().get("phone_number")).isEqualTo("+86 133****0062");
        assertThat(event.getClientId()).isEqualTo(TestRealm.PUBLIC_CLIENT);
        assertThat(Http.write(event)).doesNotContain("13300000062");
    }

    @Test
    void openDataCallsAreEventsAndTheirFailuresErrorEventsWithoutTheData() {
        String accessToken = accessToken("oOpenDataEvent_openid_ABCDEFGHI");
        String sub = new Jwt(accessToken).claims().get("sub").asText();
        String rawData = "{\"nickName\":\"Secret Nick\"}";

        Http.Answer verified = Http.postJson(oauth.wechat("open-data/verify"), Map.of("rawData", rawData, "signature", "00"), accessToken);
        Http.Answer undecryptable = Http.postJson(oauth.wechat("open-data/decrypt"),
                Map.of("encryptedData", "AAAAAAAAAAAAAAAAAAAAAA==", "iv", "AAAAAAAAAAAAAAAAAAAAAA=="), accessToken);

        assertThat(verified.status()).isEqualTo(200);
        assertThat(undecryptable.status()).isEqualTo(400);
        EventRepresentation success = realm.events("USER_INFO_REQUEST", sub, null).get(0);
        assertThat(success.getDetails().get("wechat_action")).isEqualTo("open_data_verify");
        EventRepresentation failure = realm.events("USER_INFO_REQUEST_ERROR", sub, null).get(0);
        assertThat(failure.getDetails().get("wechat_action")).isEqualTo("open_data_decrypt");
        assertThat(failure.getError()).isEqualTo("session_key_rotated");
        assertThat(Http.write(success) + Http.write(failure)).doesNotContain("Secret Nick").doesNotContain("AAAAAAAA");
    }

    @Test
    void aCallWithoutAValidTokenIsAnErrorEventToo() {
        Http.Answer refused = Http.get(oauth.wechat("session"), "not-a-token");

        assertThat(refused.status()).isEqualTo(401);
        EventRepresentation event = realm.events("USER_INFO_REQUEST_ERROR", null, 1).get(0);
        assertThat(event.getError()).isEqualTo("invalid_token");
        assertThat(event.getDetails().get("wechat_action")).isEqualTo("session_check");
    }

    /** RFC 6750: no token, an empty or malformed one is 401 invalid_token with a challenge, never "WeChat did not answer" (503). */
    @ParameterizedTest(name = "Authorization: [{0}]")
    @NullSource
    @ValueSource(strings = {"Bearer ", "Bearer", "Basic dXNlcjpwYXNz", "Bearer not-a-token", "bearer  "})
    void aMissingEmptyOrMalformedBearerIs401WithAChallenge(String authorization) {
        for (String path : List.of("session", "guardian/children")) {
            Http.Answer refused = Http.getAuthorized(oauth.wechat(path), authorization);

            assertThat(refused.status()).as(path + ": " + refused).isEqualTo(401);
            assertThat(refused.json().get("error").asText()).isEqualTo("invalid_token");
            assertThat(refused.raw().headers().firstValue("WWW-Authenticate")).as(path).hasValueSatisfying(challenge ->
                    assertThat(challenge).startsWith("Bearer").contains("invalid_token"));
        }
    }

    private String accessToken(String openid) {
        Http.Answer answer = oauth.codeLogin(wechat.newCode(DEMO_APP_ID, openid, null));
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        return answer.json().get("access_token").asText();
    }
}
