package dev.kcwechat.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/** The OIDC endpoints of one realm, as a mini-program or app would call them. */
public final class OAuth {

    public static final String GRANT_TYPE = "urn:kcwechat:params:oauth:grant-type:mini-program-code";

    private final String realmUrl;

    public OAuth(String baseUrl, String realm) {
        this.realmUrl = baseUrl + "/realms/" + realm;
    }

    public String tokenUrl() {
        return realmUrl + "/protocol/openid-connect/token";
    }

    /** The mini-program's call: its public client trades a wx.login() code. */
    public Http.Answer codeLogin(String code) {
        return codeLogin(TestRealm.PUBLIC_CLIENT, code, Map.of());
    }

    public Http.Answer codeLogin(String clientId, String code, Map<String, String> extra) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", GRANT_TYPE);
        form.put("client_id", clientId);
        if (code != null) {
            form.put("code", code);
        }
        form.putAll(extra);
        return Http.postForm(tokenUrl(), form, null);
    }

    public Http.Answer refresh(String clientId, String refreshToken) {
        return Http.postForm(tokenUrl(), Map.of("grant_type", "refresh_token", "client_id", clientId,
                "refresh_token", refreshToken), null);
    }

    public Http.Answer userinfo(String accessToken) {
        return Http.get(realmUrl + "/protocol/openid-connect/userinfo", accessToken);
    }

    public JsonNode discovery() {
        return Http.get(realmUrl + "/.well-known/openid-configuration", null).json();
    }

    public JsonNode jwks() {
        return Http.get(realmUrl + "/protocol/openid-connect/certs", null).json();
    }

    /** A {@code /realms/{realm}/wechat/...} endpoint of the extension. */
    public String wechat(String path) {
        return realmUrl + "/wechat/" + path;
    }

    public String issuer() {
        return realmUrl;
    }
}
