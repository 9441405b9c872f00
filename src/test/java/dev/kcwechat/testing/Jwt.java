package dev.kcwechat.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;

/** Reads a JWT and checks its RS256 signature against a JWKS, with the JDK only. */
public final class Jwt {

    private final String[] parts;

    public Jwt(String compact) {
        this.parts = compact.split("\\.");
        if (parts.length != 3) {
            throw new IllegalArgumentException("Not a signed JWT");
        }
    }

    public JsonNode header() {
        return decode(parts[0]);
    }

    public JsonNode claims() {
        return decode(parts[1]);
    }

    /** True when some RS256 key of the JWKS with the token's kid verifies the signature. */
    public boolean verifiedBy(JsonNode jwks) {
        String kid = header().get("kid").asText();
        if (!"RS256".equals(header().get("alg").asText())) {
            return false;
        }
        for (JsonNode key : jwks.get("keys")) {
            if (kid.equals(key.path("kid").asText()) && "RSA".equals(key.path("kty").asText())) {
                return verify(rsaKey(key));
            }
        }
        return false;
    }

    private boolean verify(PublicKey key) {
        try {
            Signature rs256 = Signature.getInstance("SHA256withRSA");
            rs256.initVerify(key);
            rs256.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            return rs256.verify(Base64.getUrlDecoder().decode(parts[2]));
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static PublicKey rsaKey(JsonNode jwk) {
        try {
            BigInteger n = new BigInteger(1, Base64.getUrlDecoder().decode(jwk.get("n").asText()));
            BigInteger e = new BigInteger(1, Base64.getUrlDecoder().decode(jwk.get("e").asText()));
            return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(n, e));
        } catch (GeneralSecurityException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static JsonNode decode(String part) {
        try {
            return Http.JSON.readTree(Base64.getUrlDecoder().decode(part));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
