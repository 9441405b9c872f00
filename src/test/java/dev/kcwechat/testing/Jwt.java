package dev.kcwechat.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.security.PublicKey;
import org.keycloak.TokenVerifier;
import org.keycloak.common.VerificationException;
import org.keycloak.jose.jwk.JSONWebKeySet;
import org.keycloak.jose.jwk.JWK;
import org.keycloak.jose.jws.Algorithm;
import org.keycloak.jose.jws.JWSInput;
import org.keycloak.jose.jws.JWSInputException;
import org.keycloak.representations.JsonWebToken;
import org.keycloak.util.JWKSUtils;
import org.keycloak.util.JsonSerialization;

/** Reads a signed JWT and checks its RS256 signature against a JWKS, with keycloak-core. */
public final class Jwt {

    private final String compact;
    private final JWSInput jws;

    public Jwt(String compact) {
        this.compact = compact;
        try {
            this.jws = new JWSInput(compact);
        } catch (JWSInputException e) {
            throw new IllegalArgumentException("Not a signed JWT", e);
        }
    }

    public JsonNode claims() {
        try {
            return jws.readJsonContent(JsonNode.class);
        } catch (JWSInputException e) {
            throw new IllegalArgumentException("Not a JWT's claims", e);
        }
    }

    /** True when the JWKS's signing key with the token's kid verifies its RS256 signature. */
    public boolean verifiedBy(JsonNode jwks) {
        if (jws.getHeader().getAlgorithm() != Algorithm.RS256) {
            return false;
        }
        PublicKey key = JWKSUtils.getKeysForUse(JsonSerialization.mapper.convertValue(jwks, JSONWebKeySet.class), JWK.Use.SIG)
                .get(jws.getHeader().getKeyId());
        if (key == null) {
            return false;
        }
        try {
            TokenVerifier.create(compact, JsonWebToken.class).publicKey(key).verifySignature();
            return true;
        } catch (VerificationException e) {
            return false;
        }
    }
}
