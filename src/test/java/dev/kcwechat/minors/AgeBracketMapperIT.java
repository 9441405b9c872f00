package dev.kcwechat.minors;

import static dev.kcwechat.simulator.WeChatSimulator.DEMO_APP_ID;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcwechat.simulator.WeChatSimulator;
import dev.kcwechat.testing.GuardianSetup;
import dev.kcwechat.testing.Http;
import dev.kcwechat.testing.Jwt;
import dev.kcwechat.testing.OAuth;
import dev.kcwechat.testing.TestRealm;
import dev.kcwechat.testing.WeChatRealmExtension;
import jakarta.ws.rs.core.Response;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.keycloak.admin.client.resource.UserResource;
import org.keycloak.representations.idm.ClientScopeRepresentation;
import org.keycloak.representations.idm.ProtocolMapperRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

/** The {@code oidc-wechat-age-bracket-mapper} on a real Keycloak: brackets and guardian mode from {@code birthdate}. */
class AgeBracketMapperIT {

    @RegisterExtension
    static final WeChatRealmExtension realm = WeChatRealmExtension.named("agebracket").with(r -> {
        for (ClientScopeRepresentation scope : r.representation().getClientScopes()) {
            if ("wechat".equals(scope.getName())) {
                scope.getProtocolMappers().add(TestRealm.protocolMapper("age bracket", "oidc-wechat-age-bracket-mapper",
                        Map.of("access.token.claim", "true", "id.token.claim", "true", "userinfo.token.claim", "true",
                                "timeZone", "Asia/Shanghai")));
            }
        }
    });

    /** The realm's clock (the mapper's "today"), pinned: the machine's date in Shanghai, or a run's pinned clock, never decides. */
    private static final LocalDate TODAY = LocalDate.of(2026, 11, 21);

    private final WeChatSimulator wechat = realm.wechat();
    private final OAuth oauth = realm.oauth();

    /** Birthdates as years and days before the realm's today in Shanghai: 14 years ago today is 14 today. */
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
        new GuardianSetup(realm).clock(TODAY.atTime(12, 0));
        LocalDate today = TODAY;
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
        for (ClientScopeRepresentation s : realm.resource().clientScopes().findAll()) {
            if ("wechat".equals(s.getName())) {
                scopeId = s.getId();
            }
        }
        assertThat(scopeId).isNotNull();
        ProtocolMapperRepresentation mapper = TestRealm.protocolMapper("bad zone", "oidc-wechat-age-bracket-mapper",
                Map.of("timeZone", "Mars/Olympus_Mons"));

        try (Response answer = realm.resource().clientScopes().get(scopeId).getProtocolMappers().createMapper(mapper)) {
            assertThat(answer.getStatus()).isEqualTo(400);
        }
    }

    private JsonNode claimsWithBirthdate(String openid, String birthdate) {
        String sub = claims(oauth.codeLogin(wechat.newCode(DEMO_APP_ID, openid, null))).get("sub").asText();
        UserResource resource = realm.resource().users().get(sub);
        UserRepresentation user = resource.toRepresentation();
        user.singleAttribute("birthdate", birthdate);
        resource.update(user);
        return claims(oauth.codeLogin(wechat.newCode(DEMO_APP_ID, openid, null)));
    }

    private static JsonNode claims(Http.Answer answer) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        return new Jwt(answer.json().get("access_token").asText()).claims();
    }
}
