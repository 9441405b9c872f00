package dev.kcwechat.wechat;

import java.io.IOException;
import java.util.Map;
import org.apache.http.client.config.RequestConfig;
import org.jboss.logging.Logger;
import org.keycloak.http.simple.SimpleHttp;
import org.keycloak.http.simple.SimpleHttpResponse;
import org.keycloak.models.KeycloakSession;

/**
 * Client of the WeChat server API for one mini-program (AppID). It goes through Keycloak's HTTP
 * client, so Keycloak's proxy and truststore settings apply, with the configured timeouts.
 */
public final class WeChatApiClient {

    public static final String DEFAULT_API_BASE_URL = "https://api.weixin.qq.com";
    public static final String CODE2SESSION_PATH = "/sns/jscode2session";

    private static final Logger LOG = Logger.getLogger(WeChatApiClient.class);

    private final KeycloakSession session;
    private final WeChatApp app;

    public WeChatApiClient(KeycloakSession session, WeChatApp app) {
        this.session = session;
        this.app = app;
    }

    /** Trades a {@code wx.login()} code for the user's openid, unionid and session_key. */
    public Code2Session code2Session(String jsCode) {
        String body = get(CODE2SESSION_PATH, Map.of(
                "appid", app.appId(),
                "secret", app.appSecret(),
                "js_code", jsCode,
                "grant_type", "authorization_code"));
        Code2Session answer = WeChatResponses.code2Session(body);
        LOG.tracef("code2Session for AppID %s answered %s", app.appId(), answer);
        return answer;
    }

    private String get(String path, Map<String, String> query) {
        RequestConfig timeouts = RequestConfig.custom()
                .setConnectTimeout(app.connectTimeoutMs())
                .setConnectionRequestTimeout(app.connectTimeoutMs())
                .setSocketTimeout(app.readTimeoutMs())
                .build();
        try (SimpleHttpResponse response = SimpleHttp.create(session).withRequestConfig(timeouts)
                .doGet(app.apiBaseUrl() + path).params(query).asResponse()) {
            int status = response.getStatus();
            if (status != 200) {
                throw WeChatException.unavailable("WeChat answered HTTP " + status + " on " + path);
            }
            return response.asString();
        } catch (WeChatException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // timeouts, refused connections, and bodies whose content type or charset cannot be read;
            // the exception text may name the host, never the query; still, only its type is logged
            LOG.debugf("WeChat call to %s failed: %s", path, e.getClass().getSimpleName());
            throw WeChatException.unavailable("WeChat did not answer " + path + " properly ("
                    + e.getClass().getSimpleName() + ")");
        }
    }
}
