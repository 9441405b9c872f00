package dev.kcwechat.minors;

import static dev.kcwechat.simulator.WeChatSimulator.DEMO_APP_ID;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kcwechat.simulator.WeChatSimulator;
import dev.kcwechat.testing.Http;
import dev.kcwechat.testing.Jwt;
import dev.kcwechat.testing.KeycloakAdmin;
import dev.kcwechat.testing.OAuth;
import dev.kcwechat.testing.WeChatRealmExtension;
import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The {@code oidc-wechat-age-bracket-mapper} on a real Keycloak: brackets and guardian mode from {@code birthdate}. */
class AgeBracketMapperIT {

    @RegisterExtension
    static final WeChatRealmExtension realm = WeChatRealmExtension.named("agebracket").with(r -> {
        for (JsonNode scope : r.representation().withArray("clientScopes")) {
            if ("wechat".equals(scope.get("name").asText())) {
                ((ArrayNode) scope.get("protocolMappers")).addObject()
                        .put("name", "age bracket").put("protocol", "openid-connect").put("protocolMapper", "oidc-wechat-age-bracket-mapper")
                        .putObject("config").put("access.token.claim", "true").put("id.token.claim", "true")
                        .put("userinfo.token.claim", "true").put("timeZone", "Asia/Shanghai");
            }
        }
    });

    private final WeChatSimulator wechat = realm.wechat();
    private final KeycloakAdmin admin = realm.admin();
    private final OAuth oauth = realm.oauth();

    /** Birthdates as years and days before today in Shanghai: 14 years ago today is 14 today. */
    @ParameterizedTest(name = "born {0} years and {1} days ago: {2}")
    @CsvSource({
        "14, 0, 14_to_15, true",
        "14, -1, under_14, true",
        "16, 0, 16_to_17, true",
        "16, -1, 14_to_15, true",
        "18, 0, adult, false",
        "18, -1, 16_to_17, true",
        "40, 0, adult, false"})
    void bracketsAndGuardianModeComeFromTheBirthdate(int years, int days, String bracket, boolean guardianMode) {
        LocalDate today = LocalDate.now(ZoneId.of("Asia/Shanghai"));
        String openid = "oAge" + years + "y" + (days < 0 ? "m" : "") + Math.abs(days) + "d_openid_ABCDEFGH";

        JsonNode claims = claimsWithBirthdate(openid, today.minusYears(years).minusDays(days).toString());

        assertThat(claims.get("age_bracket").asText()).isEqualTo(bracket);
        assertThat(claims.get("guardian_mode").asBoolean()).isEqualTo(guardianMode);
    }

    @Test
    void noOrABadBirthdateIsUnknownAndTreatedAsAMinorByDefault() {
        JsonNode none = claims(oauth.codeLogin(wechat.newCode(DEMO_APP_ID, "oNoBirthdate_openid_ABCDEFGHIJK", null)));
        JsonNode bad = claimsWithBirthdate("oBadBirthdate_openid_ABCDEFGHIJ", "2010-02-30");

        assertThat(none.get("age_bracket").asText()).isEqualTo("unknown");
        assertThat(none.get("guardian_mode").asBoolean()).isTrue();
        assertThat(bad.get("age_bracket").asText()).isEqualTo("unknown");
    }

    @Test
    void theAdminConsoleRefusesAnUnknownTimeZone() {
        String scopeId = null;
        for (JsonNode s : admin.getJson(realm.path("/client-scopes"))) {
            if ("wechat".equals(s.get("name").asText())) {
                scopeId = s.get("id").asText();
            }
        }
        ObjectNode mapper = Http.JSON.createObjectNode().put("name", "bad zone").put("protocol", "openid-connect")
                .put("protocolMapper", "oidc-wechat-age-bracket-mapper");
        mapper.putObject("config").put("timeZone", "Mars/Olympus_Mons");

        Http.Answer answer = admin.post(realm.path("/client-scopes/" + scopeId + "/protocol-mappers/models"), mapper);

        assertThat(scopeId).isNotNull();
        assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
    }

    private JsonNode claimsWithBirthdate(String openid, String birthdate) {
        String sub = claims(oauth.codeLogin(wechat.newCode(DEMO_APP_ID, openid, null))).get("sub").asText();
        ObjectNode user = (ObjectNode) admin.getJson(realm.path("/users/" + sub));
        user.with("attributes").putArray("birthdate").add(birthdate);
        assertThat(admin.put(realm.path("/users/" + sub), user).status()).isEqualTo(204);
        return claims(oauth.codeLogin(wechat.newCode(DEMO_APP_ID, openid, null)));
    }

    private static JsonNode claims(Http.Answer answer) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        return new Jwt(answer.json().get("access_token").asText()).claims();
    }
}
