package dev.kcwechat.wechatapi;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import dev.kcwechat.metrics.WeChatMetrics;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.http.client.config.RequestConfig;
import org.jboss.logging.Logger;
import org.keycloak.http.simple.SimpleHttp;
import org.keycloak.http.simple.SimpleHttpRequest;
import org.keycloak.http.simple.SimpleHttpResponse;
import org.keycloak.models.KeycloakSession;

/**
 * Client of the WeChat server API for one mini-program (AppID). It goes through Keycloak's HTTP
 * client, so Keycloak's proxy and truststore settings apply, with the configured timeouts.
 */
public final class WeChatApiClient {

    public static final String DEFAULT_API_BASE_URL = "https://api.weixin.qq.com";
    public static final String CODE2SESSION_PATH = "/sns/jscode2session";
    public static final String PHONE_NUMBER_PATH = "/wxa/business/getuserphonenumber";
    public static final String CHECK_SESSION_PATH = "/wxa/checksession";
    public static final String RISK_RANK_PATH = "/wxa/getuserriskrank";
    public static final String WEB_ACCESS_TOKEN_PATH = "/sns/oauth2/access_token";
    public static final String WEB_USERINFO_PATH = "/sns/userinfo";
    public static final String DEFAULT_WECOM_API_BASE_URL = "https://qyapi.weixin.qq.com";
    public static final String WECOM_CODE2SESSION_PATH = "/cgi-bin/miniprogram/jscode2session";
    public static final String WECOM_USER_PATH = "/cgi-bin/user/get";
    public static final String WECOM_USERINFO_PATH = "/cgi-bin/auth/getuserinfo";
    public static final String WECOM_USERDETAIL_PATH = "/cgi-bin/auth/getuserdetail";
    public static final String WECOM_USER_LIST_ID_PATH = "/cgi-bin/user/list_id";

    private static final Logger LOG = Logger.getLogger(WeChatApiClient.class);

    private final KeycloakSession session;
    private final WeChatApp app;

    public WeChatApiClient(KeycloakSession session, WeChatApp app) {
        this.session = session;
        this.app = app;
    }

    public WeChatApp app() {
        return app;
    }

    /** Trades a {@code wx.login()} code for the user's openid, unionid and session_key. */
    public Code2Session code2Session(String jsCode) {
        return measured(CODE2SESSION_PATH, () -> {
            String body = send(CODE2SESSION_PATH, http().doGet(url(CODE2SESSION_PATH)).params(Map.of(
                    "appid", app.appId(),
                    "secret", app.appSecret(),
                    "js_code", jsCode,
                    "grant_type", "authorization_code")));
            Code2Session answer = WeChatResponses.code2Session(body);
            LOG.tracef("code2Session for AppID %s answered %s", app.appId(), answer);
            return answer;
        });
    }

    /** Trades a browser login's code (website QR login, official-account OAuth) for the user's ids. */
    public WebAuthorization webAuthorization(String code) {
        return measured(WEB_ACCESS_TOKEN_PATH, () -> {
            JsonNode answer = WeChatResponses.parse(send(WEB_ACCESS_TOKEN_PATH, http().doGet(url(WEB_ACCESS_TOKEN_PATH)).params(Map.of(
                    "appid", app.appId(),
                    "secret", app.appSecret(),
                    "code", code,
                    "grant_type", "authorization_code"))));
            String openid = answer.path("openid").asText("");
            if (openid.isBlank()) {
                throw WeChatException.unavailable("WeChat answered " + WEB_ACCESS_TOKEN_PATH + " without an openid");
            }
            WebAuthorization authorization = new WebAuthorization(answer.path("access_token").asText(null), openid,
                    answer.path("unionid").asText(null), answer.path("scope").asText(null), answer.path("is_snapshotuser").asInt(0) == 1);
            LOG.tracef("Web authorization for AppID %s answered %s", app.appId(), authorization);
            return authorization;
        });
    }

    /** The unionid in the profile of a web authorization ({@code /sns/userinfo}), when WeChat gives one. */
    public String webUnionid(WebAuthorization authorization) {
        return measured(WEB_USERINFO_PATH, () -> {
            JsonNode answer = WeChatResponses.parse(send(WEB_USERINFO_PATH, http().doGet(url(WEB_USERINFO_PATH)).params(Map.of(
                    "access_token", authorization.accessToken(),
                    "openid", authorization.openid()))));
            String unionid = answer.path("unionid").asText("");
            return unionid.isBlank() ? null : unionid;
        });
    }

    /** Trades a {@code wx.qy.login()} code of a WeCom mini-program for the member's corpid, userid and session_key. */
    public WeComSession weComSession(String accessToken, String jsCode) {
        return measured(WECOM_CODE2SESSION_PATH, () -> {
            JsonNode answer = WeChatResponses.parse(send(WECOM_CODE2SESSION_PATH, http().doGet(url(WECOM_CODE2SESSION_PATH)).params(Map.of(
                    "access_token", accessToken,
                    "js_code", jsCode,
                    "grant_type", "authorization_code"))));
            String corpid = answer.path("corpid").asText("");
            String userid = answer.path("userid").asText("");
            if (corpid.isBlank() || userid.isBlank()) {
                throw WeChatException.unavailable("WeCom answered " + WECOM_CODE2SESSION_PATH + " without corpid and userid");
            }
            return new WeComSession(corpid, userid, answer.path("session_key").asText(null));
        });
    }

    /** A member of the corp as the app sees them ({@code /cgi-bin/user/get}); newer apps get no mobile or e-mail. */
    public WeComMember weComMember(String accessToken, String userid) {
        return measured(WECOM_USER_PATH, () -> {
            JsonNode answer = WeChatResponses.parse(send(WECOM_USER_PATH, http().doGet(url(WECOM_USER_PATH)).params(Map.of(
                    "access_token", accessToken,
                    "userid", userid))));
            return WeComMember.of(answer);
        });
    }

    /** One page of the userids of the corp's members the app sees ({@code /cgi-bin/user/list_id}); start with a null cursor. */
    public WeComMemberIds weComMemberIds(String accessToken, String cursor, int limit) {
        return measured(WECOM_USER_LIST_ID_PATH, () -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("cursor", cursor == null ? "" : cursor);
            body.put("limit", limit);
            JsonNode answer = WeChatResponses.parse(send(WECOM_USER_LIST_ID_PATH,
                    http().doPost(url(WECOM_USER_LIST_ID_PATH) + "?access_token=" + encode(accessToken)).json(body)));
            return WeComMemberIds.of(answer);
        });
    }

    /**
     * Who signed in through WeCom's browser login: {@code userid} for a member of the corp, else
     * null (WeCom answers an openid for a non-member); {@code userTicket} with {@code snsapi_privateinfo}.
     */
    public WeComWebUser weComWebUser(String accessToken, String code) {
        return measured(WECOM_USERINFO_PATH, () -> {
            JsonNode answer = WeChatResponses.parse(send(WECOM_USERINFO_PATH, http().doGet(url(WECOM_USERINFO_PATH)).params(Map.of(
                    "access_token", accessToken,
                    "code", code))));
            String userid = answer.path("userid").asText("");
            String ticket = answer.path("user_ticket").asText("");
            return new WeComWebUser(userid.isBlank() ? null : userid, ticket.isBlank() ? null : ticket);
        });
    }

    /** The e-mail a member consented to share ({@code snsapi_privateinfo}), or null. */
    public String weComConsentedEmail(String accessToken, String userTicket) {
        return measured(WECOM_USERDETAIL_PATH, () -> {
            JsonNode answer = WeChatResponses.parse(send(WECOM_USERDETAIL_PATH,
                    http().doPost(url(WECOM_USERDETAIL_PATH) + "?access_token=" + encode(accessToken)).json(Map.of("user_ticket", userTicket))));
            String email = answer.path("email").asText("");
            return email.isBlank() ? null : email;
        });
    }

    /** Gets an access_token from the configured endpoint; {@code forceRefresh} rotates a stable token. */
    public AccessToken fetchAccessToken(boolean forceRefresh) {
        WeChatMetrics.accessTokenFetched(app.provider());
        return measured(app.accessTokenEndpoint().path(), () -> {
            AccessTokenEndpoint endpoint = app.accessTokenEndpoint();
            SimpleHttpRequest request = switch (endpoint) {
                case STABLE_TOKEN -> http().doPost(url(endpoint.path())).json(Map.of("grant_type", "client_credential",
                        "appid", app.appId(), "secret", app.appSecret(), "force_refresh", forceRefresh));
                case TOKEN -> http().doGet(url(endpoint.path())).params(Map.of("grant_type", "client_credential",
                        "appid", app.appId(), "secret", app.appSecret()));
                case WECOM_GETTOKEN -> http().doGet(url(endpoint.path())).params(Map.of("corpid", app.appId(),
                        "corpsecret", app.appSecret()));
            };
            AccessToken token = WeChatResponses.accessToken(send(endpoint.path(), request));
            LOG.debugf("Fetched a WeChat access_token for AppID %s from %s, valid %d s", app.appId(), endpoint.path(),
                    token.expiresInSeconds());
            return token;
        });
    }

    /** The verified phone number behind a getPhoneNumber button's code. */
    public PhoneNumber phoneNumber(String accessToken, String phoneCode) {
        return measured(PHONE_NUMBER_PATH, () -> {
            String body = send(PHONE_NUMBER_PATH, http().doPost(url(PHONE_NUMBER_PATH) + "?access_token=" + encode(accessToken))
                    .json(Map.of("code", phoneCode)));
            JsonNode phoneInfo = WeChatResponses.parse(body).path("phone_info");
            if (!phoneInfo.isObject()) {
                throw WeChatException.unavailable("WeChat answered getuserphonenumber without phone_info");
            }
            if (!app.appId().equals(phoneInfo.path("watermark").path("appid").asText(null))) {
                throw new WeChatException(WeChatFailure.WRONG_APPID, WeChatException.NO_ERRCODE,
                        "The phone number was issued to another mini-program");
            }
            return PhoneNumber.fromPhoneInfo(phoneInfo);
        });
    }

    /** Whether WeChat still holds the session whose session_key this is (checksession). */
    public boolean checkSession(String accessToken, String openid, String sessionKey) {
        return measured(CHECK_SESSION_PATH, () -> {
            try {
                WeChatResponses.parse(send(CHECK_SESSION_PATH, http().doGet(url(CHECK_SESSION_PATH)).params(Map.of(
                        "access_token", accessToken,
                        "openid", openid,
                        "signature", OpenDataCrypto.sessionSignature(sessionKey),
                        "sig_method", "hmac_sha256"))));
                return true;
            } catch (WeChatException e) {
                if (e.failure() == WeChatFailure.INVALID_SIGNATURE) {
                    return false;
                }
                throw e;
            }
        });
    }

    /**
     * WeChat's risk rank of a user, 0 (normal) to 4 (highest risk).
     *
     * @param scene 0 at registration, 1 otherwise
     */
    public int riskRank(String accessToken, String openid, int scene, String clientIp) {
        return measured(RISK_RANK_PATH, () -> {
            String body = send(RISK_RANK_PATH, http().doPost(url(RISK_RANK_PATH) + "?access_token=" + encode(accessToken))
                    .json(Map.of("appid", app.appId(), "openid", openid, "scene", scene, "client_ip", clientIp)));
            JsonNode rank = WeChatResponses.parse(body).path("risk_rank");
            if (!rank.isIntegralNumber() || rank.intValue() < 0) {
                throw WeChatException.unavailable("WeChat answered getuserriskrank without a risk_rank");
            }
            return rank.intValue();
        });
    }

    /**
     * Runs one API call and adds it to the metrics: its time and outcome ({@code success},
     * {@code errcode} for a WeChat errcode, {@code unavailable} for no usable answer,
     * {@code refused} for an answer the extension refuses, such as another AppID's watermark), and
     * each failure's errcode.
     */
    private static <T> T measured(String api, Supplier<T> call) {
        long started = System.nanoTime();
        String outcome = WeChatMetrics.SUCCESS;
        try {
            return call.get();
        } catch (WeChatException e) {
            outcome = e.failure() == WeChatFailure.UNAVAILABLE ? "unavailable" : e.errcode() == WeChatException.NO_ERRCODE ? "refused"
                    : "errcode";
            WeChatMetrics.apiError(api, errcodeTag(e));
            throw e;
        } finally {
            WeChatMetrics.apiCall(api, outcome, Duration.ofNanos(System.nanoTime() - started));
        }
    }

    /** A documented errcode as itself, any other as {@code other}; none as {@code none}: the tag's values stay few. */
    private static String errcodeTag(WeChatException e) {
        if (e.errcode() == WeChatException.NO_ERRCODE) {
            return WeChatMetrics.NO_ERRCODE;
        }
        return WeChatFailure.ofErrcode(e.errcode()) == WeChatFailure.UNEXPECTED ? WeChatMetrics.OTHER_ERRCODE
                : Integer.toString(e.errcode());
    }

    private SimpleHttp http() {
        return SimpleHttp.create(session).withRequestConfig(RequestConfig.custom()
                .setConnectTimeout(app.connectTimeoutMs())
                .setConnectionRequestTimeout(app.connectTimeoutMs())
                .setSocketTimeout(app.readTimeoutMs())
                .build());
    }

    private String url(String path) {
        return app.apiBaseUrl() + path;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** Sends a request and returns its body; anything but a readable HTTP 200 means WeChat is unavailable. */
    private static String send(String path, SimpleHttpRequest request) {
        try (SimpleHttpResponse response = request.asResponse()) {
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
