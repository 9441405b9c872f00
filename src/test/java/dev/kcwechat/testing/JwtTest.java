package dev.kcwechat.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import com.fasterxml.jackson.databind.JsonNode;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.keycloak.jose.jwk.JSONWebKeySet;
import org.keycloak.jose.jwk.JWK;
import org.keycloak.jose.jwk.JWKBuilder;
import org.keycloak.jose.jws.JWSBuilder;

class JwtTest {

    private static final KeyPair REALM_KEY = rsaKeyPair();
    private static final KeyPair OTHER_KEY = rsaKeyPair();
    private static final Map<String, Object> CLAIMS = Map.of("sub", "user-1", "azp", "mini-program");

    private final JsonNode jwks = jwks(JWKBuilder.create().kid("realm-key").algorithm("RS256").rsa(REALM_KEY.getPublic()));

    @Test
    void readsTheClaims() {
        JsonNode claims = new Jwt(signed("realm-key", REALM_KEY)).claims();

        assertThat(claims.get("sub").asText()).isEqualTo("user-1");
        assertThat(claims.get("azp").asText()).isEqualTo("mini-program");
    }

    @Test
    void aTokenSignedByTheKeyOfItsKidIsVerified() {
        assertThat(new Jwt(signed("realm-key", REALM_KEY)).verifiedBy(jwks)).isTrue();
    }

    @Test
    void aWrongSignatureIsRejected() {
        assertThat(new Jwt(signed("realm-key", OTHER_KEY)).verifiedBy(jwks)).isFalse();
    }

    @Test
    void changedClaimsAreRejected() {
        String[] parts = signed("realm-key", REALM_KEY).split("\\.");
        String changed = new JWSBuilder().kid("realm-key").jsonContent(Map.of("sub", "user-2")).none().split("\\.")[1];

        assertThat(new Jwt(parts[0] + "." + changed + "." + parts[2]).verifiedBy(jwks)).isFalse();
    }

    @Test
    void anUnknownKidIsRejected() {
        assertThat(new Jwt(signed("other-key", REALM_KEY)).verifiedBy(jwks)).isFalse();
    }

    @Test
    void anotherAlgorithmIsRejected() {
        String hmac = new JWSBuilder().kid("realm-key").jsonContent(CLAIMS).hmac256(new byte[32]);

        assertThat(new Jwt(hmac).verifiedBy(jwks)).isFalse();
    }

    @Test
    void notAJwtIsRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> new Jwt("not-a-token"));
    }

    private static String signed(String kid, KeyPair key) {
        return new JWSBuilder().kid(kid).type("JWT").jsonContent(CLAIMS).rsa256(key.getPrivate());
    }

    private static JsonNode jwks(JWK... keys) {
        JSONWebKeySet set = new JSONWebKeySet();
        set.setKeys(keys);
        return Http.JSON.valueToTree(set);
    }

    private static KeyPair rsaKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
