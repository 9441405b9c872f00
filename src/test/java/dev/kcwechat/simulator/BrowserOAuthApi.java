package dev.kcwechat.simulator;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * WeChat in the browser (WECHAT-API.md §7): website QR login of the open platform and the OAuth
 * of official accounts inside WeChat, then the code exchange and the profile.
 *
 * <p>Pages ({@link BrowserPages} lists their HTML ids; error pages are 200s without a redirect):
 * <ul>
 * <li>{@code GET /connect/qrconnect?appid&redirect_uri&response_type=code&scope=snsapi_login&state}:
 *     where WeChat shows a QR code, a page standing in for "the user scanned and confirmed".</li>
 * <li>{@code GET /connect/oauth2/authorize?appid&redirect_uri&response_type=code&scope=snsapi_base|snsapi_userinfo&state}:
 *     outside WeChat's browser (no {@code MicroMessenger} in the User-Agent) the page "请在微信客户端打开链接";
 *     {@code snsapi_base} redirects at once (silent), {@code snsapi_userinfo} shows the confirm page.</li>
 * <li>{@code GET|POST /connect/confirm} (form fields {@code uuid}, {@code action}, {@code user}): the
 *     confirm page's form. {@code action=confirm} redirects (302) to
 *     {@code redirect_uri?code=…&state=…}, {@code action=cancel} to {@code redirect_uri?state=…}
 *     (no code: the user refused). State is echoed exactly, omitted when the request had none.
 *     A page confirms once and for 5 minutes, then answers the "expired" error page.</li>
 * </ul>
 * Checked before any page: appid registered, redirect_uri an absolute http(s) URL whose host is
 * the app's registered domain (default: any loopback host), response_type {@code code}, scope
 * allowed for the page; each failure has its error page.
 *
 * <p>Who signs in: a non-blank name typed in {@code #wechat-user} stands for that named user
 * ({@link BrowserUser#named}: the same unionid as the demo's wx.login of that name); otherwise the
 * user the page named: the one scripted for the app with {@code browserUser} when the page was
 * shown, or a random user the app keeps.
 *
 * <p>APIs (JSON labelled text/plain):
 * <ul>
 * <li>{@code GET /sns/oauth2/access_token?appid&secret&code&grant_type=authorization_code} ->
 *     {@code {"access_token","expires_in":7200,"refresh_token","openid","scope","unionid"?,"is_snapshotuser"?}}.
 *     unionid when the user has one and the scope is not {@code snsapi_base}; {@code is_snapshotuser: 1}
 *     for a snapshot user. Codes are single use (40163), live 5 minutes and belong to the app that
 *     issued them (40029 otherwise); 41008 without a code, 40002 for another grant_type, and
 *     40013/40125 for a bad appid/secret.</li>
 * <li>{@code GET /sns/userinfo?access_token&openid} -> {@code {"openid","nickname":"微信用户","sex":0,
 *     "province":"","city":"","country":"","headimgurl","privilege":[],"unionid"?}}: the placeholders
 *     WeChat answers since 2021. 41001 without a token, 40001 unknown, 42001 expired (web access
 *     tokens live 2 hours of the simulated clock), 41009 without an openid, 40003 for another
 *     user's openid, 48001 for a {@code snsapi_base} token.</li>
 * </ul>
 *
 * <p>Control API (on {@link WeChatSimulator}): {@code registerApp} and {@code registerWebApp}
 * (with the registered domain), {@code browserUser}, {@code browserSnapshotUser},
 * {@code browserAutoConfirm}; faults and counters by path as for every endpoint.
 */
final class BrowserOAuthApi {

    /** How long a web access token lives. */
    static final Duration WEB_ACCESS_TOKEN_LIFETIME = Duration.ofHours(2);
    static final String SNSAPI_LOGIN = "snsapi_login";
    static final String SNSAPI_BASE = "snsapi_base";
    static final String SNSAPI_USERINFO = "snsapi_userinfo";

    private static final String IN_WECHAT_USER_AGENT = "MicroMessenger";
    private static final Set<String> QRCONNECT_SCOPES = Set.of(SNSAPI_LOGIN);
    private static final Set<String> OAUTH2_SCOPES = Set.of(SNSAPI_BASE, SNSAPI_USERINFO);

    /** An authorization a page showed, for the user it named, that its form can confirm once. */
    private record PendingAuthorization(String appId, String redirectUri, String scope, String state,
                                        BrowserUser user, Instant expiresAt, AtomicBoolean used) {
    }

    private final Simulation simulation;
    private final Map<String, URI> registeredDomains = new ConcurrentHashMap<>();
    private final Map<String, String> appNames = new ConcurrentHashMap<>();
    private final Map<String, BrowserUser> users = new ConcurrentHashMap<>();
    private final Set<String> snapshotApps = ConcurrentHashMap.newKeySet();
    private final Set<String> autoConfirmApps = ConcurrentHashMap.newKeySet();
    private final Map<String, PendingAuthorization> pending = new ConcurrentHashMap<>();
    private final Map<String, WebCode> codes = new ConcurrentHashMap<>();
    private final Map<String, WebAccessToken> tokens = new ConcurrentHashMap<>();

    BrowserOAuthApi(Simulation simulation) {
        this.simulation = simulation;
    }

    void addRoutes(Router router) {
        router.route(WeChatSimulator.QRCONNECT, this::qrconnect)
                .route(WeChatSimulator.OAUTH2_AUTHORIZE, this::authorize)
                .route(WeChatSimulator.BROWSER_CONFIRM, this::confirm)
                .route(WeChatSimulator.SNS_OAUTH2_ACCESS_TOKEN, this::accessToken)
                .route(WeChatSimulator.SNS_USERINFO, this::userinfo);
    }

    // ---- control ----

    /** The domain redirect_uri hosts must have ("host" or "host:port"); null: any loopback host. */
    void registeredDomain(String appId, String domain) {
        if (domain == null) {
            registeredDomains.remove(appId);
            return;
        }
        registeredDomains.put(appId, RedirectUris.domain(domain));
    }

    /** What the confirm page calls the app; default its AppID. */
    void appName(String appId, String name) {
        appNames.put(appId, name);
    }

    void user(String appId, BrowserUser user) {
        users.put(appId, user);
    }

    void snapshotUser(String appId, boolean snapshot) {
        if (snapshot) {
            snapshotApps.add(appId);
        } else {
            snapshotApps.remove(appId);
        }
    }

    void autoConfirm(String appId, boolean autoConfirm) {
        if (autoConfirm) {
            autoConfirmApps.add(appId);
        } else {
            autoConfirmApps.remove(appId);
        }
    }

    // ---- pages ----

    private Reply qrconnect(Request request) {
        return authorizationPage(request, QRCONNECT_SCOPES);
    }

    private Reply authorize(Request request) {
        String userAgent = request.userAgent();
        if (userAgent == null || !userAgent.contains(IN_WECHAT_USER_AGENT)) {
            return Reply.html(BrowserPages.error(BrowserPages.Problem.NOT_IN_WECHAT));
        }
        return authorizationPage(request, OAUTH2_SCOPES);
    }

    private Reply authorizationPage(Request request, Set<String> scopes) {
        String appId = request.param("appid");
        String redirectUri = request.param("redirect_uri");
        String scope = request.param("scope");
        BrowserPages.Problem problem = !simulation.isRegistered(appId) ? BrowserPages.Problem.APPID
                : !isAllowedRedirect(appId, redirectUri) ? BrowserPages.Problem.REDIRECT_URI
                : !"code".equals(request.param("response_type")) ? BrowserPages.Problem.RESPONSE_TYPE
                : !scopes.contains(scope) ? BrowserPages.Problem.SCOPE
                : null;
        if (problem != null) {
            return Reply.html(BrowserPages.error(problem));
        }
        String state = request.param("state");
        if (SNSAPI_BASE.equals(scope) || autoConfirmApps.contains(appId)) {
            return Reply.redirect(RedirectUris.withParams(redirectUri, issueCode(appId, userOf(appId), scope), state));
        }
        BrowserUser user = userOf(appId);
        PendingAuthorization authorization = new PendingAuthorization(appId, redirectUri, scope, state, user,
                simulation.now().plus(WeChatSimulator.CODE_VALIDITY), new AtomicBoolean());
        String uuid = Simulation.storeUnder(pending, authorization, () -> Ids.loginCode(simulation.random()));
        return Reply.html(BrowserPages.confirm(appId, appNames.getOrDefault(appId, appId), scope, uuid, user));
    }

    private Reply confirm(Request request) {
        String uuid = request.formParam("uuid");
        PendingAuthorization authorization = uuid == null ? null : pending.get(uuid);
        if (authorization == null || authorization.expiresAt().compareTo(simulation.now()) <= 0
                || !authorization.used().compareAndSet(false, true)) {
            return Reply.html(BrowserPages.error(BrowserPages.Problem.EXPIRED));
        }
        if ("cancel".equals(request.formParam("action"))) {
            return Reply.redirect(RedirectUris.withParams(authorization.redirectUri(), null, authorization.state()));
        }
        String name = request.formParam("user");
        BrowserUser user = Simulation.isBlank(name) ? authorization.user()
                : BrowserUser.named(authorization.appId(), name.strip());
        String code = issueCode(authorization.appId(), user, authorization.scope());
        return Reply.redirect(RedirectUris.withParams(authorization.redirectUri(), code, authorization.state()));
    }

    private BrowserUser userOf(String appId) {
        return users.computeIfAbsent(appId,
                id -> new BrowserUser(Ids.openid(simulation.random()), Ids.unionid(simulation.random())));
    }

    private String issueCode(String appId, BrowserUser user, String scope) {
        WebCode code = new WebCode(appId, user, scope, snapshotApps.contains(appId),
                simulation.now().plus(WeChatSimulator.CODE_VALIDITY), new AtomicBoolean());
        return Simulation.storeUnder(codes, code, () -> Ids.loginCode(simulation.random()));
    }

    /** An absolute http(s) URL on the app's registered domain, or on a loopback host when it has none. */
    private boolean isAllowedRedirect(String appId, String redirectUri) {
        return RedirectUris.isAllowed(redirectUri, registeredDomains.get(appId));
    }

    // ---- APIs ----

    private Reply accessToken(Request request) {
        String appId = simulation.authenticate(request.param("appid"), request.param("secret"));
        String value = request.param("code");
        if (Simulation.isBlank(value)) {
            throw new WeChatError(WeChatError.CODE_MISSING);
        }
        if (!"authorization_code".equals(request.param("grant_type"))) {
            throw new WeChatError(WeChatError.INVALID_GRANT_TYPE);
        }
        WebCode code = codes.get(value);
        Instant now = simulation.now();
        if (code == null || !code.appId().equals(appId)) {
            throw new WeChatError(WeChatError.INVALID_CODE);
        }
        if (code.isUsed()) {
            throw new WeChatError(WeChatError.CODE_USED);
        }
        if (code.isExpiredAt(now)) {
            throw new WeChatError(WeChatError.INVALID_CODE);
        }
        if (!code.consume()) {
            throw new WeChatError(WeChatError.CODE_USED);
        }
        WebAccessToken token = new WebAccessToken(Ids.accessToken(simulation.random()), appId, code.user(),
                code.scope(), now.plus(WEB_ACCESS_TOKEN_LIFETIME));
        tokens.put(token.value(), token);
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("access_token", token.value());
        fields.put("expires_in", WEB_ACCESS_TOKEN_LIFETIME.toSeconds());
        fields.put("refresh_token", Ids.accessToken(simulation.random()));
        fields.put("openid", code.user().openid());
        fields.put("scope", code.scope());
        if (hasUnionid(code.user(), code.scope())) {
            fields.put("unionid", code.user().unionid());
        }
        if (code.snapshotUser()) {
            fields.put("is_snapshotuser", 1);
        }
        return simulation.ok(fields);
    }

    private Reply userinfo(Request request) {
        String value = request.param("access_token");
        if (Simulation.isBlank(value)) {
            throw new WeChatError(WeChatError.ACCESS_TOKEN_MISSING);
        }
        WebAccessToken token = tokens.get(value);
        if (token == null) {
            throw new WeChatError(WeChatError.INVALID_CREDENTIAL);
        }
        if (!token.isAliveAt(simulation.now())) {
            throw new WeChatError(WeChatError.ACCESS_TOKEN_EXPIRED);
        }
        String openid = request.param("openid");
        if (Simulation.isBlank(openid)) {
            throw new WeChatError(WeChatError.OPENID_MISSING);
        }
        if (!openid.equals(token.user().openid())) {
            throw new WeChatError(WeChatError.INVALID_OPENID);
        }
        if (SNSAPI_BASE.equals(token.scope())) {
            throw new WeChatError(WeChatError.API_UNAUTHORIZED);
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("openid", openid);
        fields.put("nickname", WeChatSimulator.PLACEHOLDER_NICKNAME);
        fields.put("sex", 0);
        fields.put("province", "");
        fields.put("city", "");
        fields.put("country", "");
        fields.put("headimgurl", WeChatSimulator.PLACEHOLDER_HEADIMGURL);
        fields.put("privilege", List.of());
        if (hasUnionid(token.user(), token.scope())) {
            fields.put("unionid", token.user().unionid());
        }
        return simulation.ok(fields);
    }

    /** WeChat gives the unionid with the profile scopes only, and only for apps bound to an Open Platform account. */
    private static boolean hasUnionid(BrowserUser user, String scope) {
        return user.unionid() != null && !SNSAPI_BASE.equals(scope);
    }
}
