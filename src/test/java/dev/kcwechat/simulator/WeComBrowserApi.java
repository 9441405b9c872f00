package dev.kcwechat.simulator;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * WeCom in the browser (WECHAT-API.md §8): its OAuth inside WeCom's own browser and its SSO login
 * page for ordinary browsers. The codes they hand out are traded at /cgi-bin/auth/getuserinfo
 * ({@link WeComApi}).
 *
 * <p>Pages ({@link WeComPages} lists their HTML ids; error pages are 200s without a redirect):
 * <ul>
 * <li>{@code GET /connect/oauth2/authorize?appid=<corpid>&redirect_uri&response_type=code&scope=snsapi_base|snsapi_privateinfo&agentid&state}
 *     when appid is a registered corp (for any other appid the path is WeChat's, see
 *     {@link BrowserOAuthApi}): outside WeCom's browser (no {@code wxwork} in the User-Agent) the
 *     page "请在企业微信客户端打开链接"; {@code snsapi_base} redirects at once (silent),
 *     {@code snsapi_privateinfo} (which needs an agentid) shows the confirm page.</li>
 * <li>{@code GET /wwlogin/sso/login?login_type=CorpApp&appid=<corpid>&agentid&redirect_uri&state}:
 *     where WeCom shows its QR code, the confirm page standing for "the member scanned and
 *     confirmed in WeCom". Only {@code login_type=CorpApp} (self-built apps) is served.</li>
 * <li>{@code GET|POST /wwlogin/confirm} (form fields {@code uuid}, {@code action}, {@code user}):
 *     the confirm page's form (the simulator's own path). {@code action=confirm} redirects (302) to
 *     {@code redirect_uri?code=…&state=…}, {@code action=cancel} to {@code redirect_uri?state=…}.
 *     State is echoed exactly, omitted when the request had none. A page confirms once and for 5
 *     minutes, then answers the "expired" error page.</li>
 * </ul>
 * Checked before any page: appid a registered corp (SSO), agentid one of its apps (when given;
 * required by SSO and snsapi_privateinfo), redirect_uri an absolute http(s) URL on that app's
 * trusted domain (any of the corp's apps' without an agentid; default: any loopback host),
 * response_type {@code code} and scope (OAuth). Who signs in and whether the app may see them are
 * not checked: a member of any status, or outside the app's visible range, gets a code, so that
 * what the relying party does with user/get's answer can be tested.
 *
 * <p>Who signs in: a non-blank userid typed in {@code #wecom-user} (that member, or a non-member
 * with a stable openid when the corp has no member of that userid); otherwise the user the page
 * named: the one scripted for the corp with {@code weComBrowserUser} or
 * {@code weComBrowserNonMember} when the page was shown, or a non-member with a random openid the
 * corp keeps.
 *
 * <p>Control API (on {@link WeChatSimulator}): {@code weComBrowserUser}, {@code weComBrowserNonMember},
 * {@code weComBrowserAutoConfirm}, {@code weComTrustedDomain}; faults and counters by path.
 */
final class WeComBrowserApi {

    static final String SNSAPI_BASE = "snsapi_base";
    static final String SNSAPI_PRIVATEINFO = "snsapi_privateinfo";
    private static final String IN_WECOM_USER_AGENT = "wxwork";
    private static final String CORP_APP = "CorpApp";
    private static final Set<String> OAUTH2_SCOPES = Set.of(SNSAPI_BASE, SNSAPI_PRIVATEINFO);

    /** An authorization a page showed, for the user it named, that its form can confirm once. */
    private record PendingAuthorization(String corpId, Integer agentId, String redirectUri, boolean privateInfo,
                                        String state, WeComUser user, Instant expiresAt, AtomicBoolean used) {
    }

    private final Simulation simulation;
    private final WeComDirectory directory;
    private final WeComApi api;
    private final Map<String, WeComUser> users = new ConcurrentHashMap<>();
    private final Set<String> autoConfirmCorps = ConcurrentHashMap.newKeySet();
    private final Map<String, PendingAuthorization> pending = new ConcurrentHashMap<>();

    WeComBrowserApi(Simulation simulation, WeComDirectory directory, WeComApi api) {
        this.simulation = simulation;
        this.directory = directory;
        this.api = api;
    }

    void addRoutes(Router router) {
        router.routeWhen(WeChatSimulator.OAUTH2_AUTHORIZE, request -> directory.isCorp(request.param("appid")), this::authorize)
                .route(WeChatSimulator.WECOM_SSO_LOGIN, this::ssoLogin)
                .route(WeChatSimulator.WECOM_CONFIRM, this::confirm);
    }

    // ---- control ----

    void user(String corpId, WeComUser user) {
        requireCorp(corpId);
        users.put(corpId, user);
    }

    void autoConfirm(String corpId, boolean autoConfirm) {
        requireCorp(corpId);
        if (autoConfirm) {
            autoConfirmCorps.add(corpId);
        } else {
            autoConfirmCorps.remove(corpId);
        }
    }

    private void requireCorp(String corpId) {
        if (!directory.isCorp(corpId)) {
            throw new IllegalArgumentException("unknown corp " + corpId + ": registerCorp first");
        }
    }

    // ---- pages ----

    private Reply authorize(Request request) {
        String userAgent = request.userAgent();
        if (userAgent == null || !userAgent.toLowerCase(Locale.ROOT).contains(IN_WECOM_USER_AGENT)) {
            return Reply.html(WeComPages.error(WeComPages.Problem.NOT_IN_WECOM));
        }
        String corpId = request.param("appid");
        String agentParam = request.param("agentid");
        Optional<WeComDirectory.App> app = Simulation.isBlank(agentParam) ? Optional.empty() : app(corpId, agentParam);
        String redirectUri = request.param("redirect_uri");
        String scope = request.param("scope");
        WeComPages.Problem problem = !Simulation.isBlank(agentParam) && app.isEmpty() ? WeComPages.Problem.AGENTID
                : !isTrustedRedirect(corpId, app, redirectUri) ? WeComPages.Problem.REDIRECT_URI
                : !"code".equals(request.param("response_type")) ? WeComPages.Problem.RESPONSE_TYPE
                : !OAUTH2_SCOPES.contains(scope) ? WeComPages.Problem.SCOPE
                : SNSAPI_PRIVATEINFO.equals(scope) && app.isEmpty() ? WeComPages.Problem.AGENTID
                : null;
        if (problem != null) {
            return Reply.html(WeComPages.error(problem));
        }
        Integer agentId = app.map(WeComDirectory.App::agentId).orElse(null);
        boolean privateInfo = SNSAPI_PRIVATEINFO.equals(scope);
        String state = request.param("state");
        if (!privateInfo || autoConfirmCorps.contains(corpId)) {
            String code = issueCode(corpId, agentId, redirectUri, privateInfo, userOf(corpId));
            return Reply.redirect(RedirectUris.withParams(redirectUri, code, state));
        }
        return confirmPage(WeComPages.Kind.OAUTH2, new PendingAuthorization(corpId, agentId, redirectUri, true, state,
                userOf(corpId), pageExpiry(), new AtomicBoolean()), app.orElseThrow(), scope);
    }

    private Reply ssoLogin(Request request) {
        String corpId = request.param("appid");
        String agentParam = request.param("agentid");
        Optional<WeComDirectory.App> app = directory.isCorp(corpId) && !Simulation.isBlank(agentParam)
                ? app(corpId, agentParam) : Optional.empty();
        String redirectUri = request.param("redirect_uri");
        WeComPages.Problem problem = !directory.isCorp(corpId) ? WeComPages.Problem.APPID
                : !CORP_APP.equals(request.param("login_type")) ? WeComPages.Problem.LOGIN_TYPE
                : app.isEmpty() ? WeComPages.Problem.AGENTID
                : !directory.isTrustedRedirect(app.get(), redirectUri) ? WeComPages.Problem.REDIRECT_URI
                : null;
        if (problem != null) {
            return Reply.html(WeComPages.error(problem));
        }
        String state = request.param("state");
        int agentId = app.get().agentId();
        if (autoConfirmCorps.contains(corpId)) {
            String code = issueCode(corpId, agentId, redirectUri, false, userOf(corpId));
            return Reply.redirect(RedirectUris.withParams(redirectUri, code, state));
        }
        return confirmPage(WeComPages.Kind.SSO, new PendingAuthorization(corpId, agentId, redirectUri, false, state,
                userOf(corpId), pageExpiry(), new AtomicBoolean()), app.get(), null);
    }

    private Reply confirmPage(WeComPages.Kind kind, PendingAuthorization authorization, WeComDirectory.App app,
                              String scope) {
        String uuid = Simulation.storeUnder(pending, authorization, () -> Ids.loginCode(simulation.random()));
        return Reply.html(WeComPages.confirm(kind, authorization.corpId(), authorization.agentId(), directory.appName(app),
                scope, uuid, authorization.user()));
    }

    private Reply confirm(Request request) {
        String uuid = request.formParam("uuid");
        PendingAuthorization authorization = uuid == null ? null : pending.get(uuid);
        if (authorization == null || !simulation.now().isBefore(authorization.expiresAt())
                || !authorization.used().compareAndSet(false, true)) {
            return Reply.html(WeComPages.error(WeComPages.Problem.EXPIRED));
        }
        if ("cancel".equals(request.formParam("action"))) {
            return Reply.redirect(RedirectUris.withParams(authorization.redirectUri(), null, authorization.state()));
        }
        String name = request.formParam("user");
        WeComUser user = Simulation.isBlank(name) ? authorization.user()
                : WeComUser.typed(directory, authorization.corpId(), name.strip());
        String code = issueCode(authorization.corpId(), authorization.agentId(), authorization.redirectUri(),
                authorization.privateInfo(), user);
        return Reply.redirect(RedirectUris.withParams(authorization.redirectUri(), code, authorization.state()));
    }

    private Optional<WeComDirectory.App> app(String corpId, String agentParam) {
        try {
            return directory.app(corpId, Integer.parseInt(agentParam.strip()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** On the named app's trusted domain; without an agentid, on any of the corp's apps'. */
    private boolean isTrustedRedirect(String corpId, Optional<WeComDirectory.App> app, String redirectUri) {
        return app.map(named -> directory.isTrustedRedirect(named, redirectUri))
                .orElseGet(() -> directory.apps(corpId).stream().anyMatch(any -> directory.isTrustedRedirect(any, redirectUri)));
    }

    private WeComUser userOf(String corpId) {
        return users.computeIfAbsent(corpId, id -> WeComUser.nonMember(Ids.openid(simulation.random()), null));
    }

    private Instant pageExpiry() {
        return simulation.now().plus(WeChatSimulator.CODE_VALIDITY);
    }

    private String issueCode(String corpId, Integer agentId, String redirectUri, boolean privateInfo, WeComUser user) {
        return api.store(new WeComApi.WebCode(corpId, agentId, user, privateInfo, redirectUri,
                simulation.now().plus(WeChatSimulator.CODE_VALIDITY), new AtomicBoolean()));
    }
}
