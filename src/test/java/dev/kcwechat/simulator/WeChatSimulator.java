package dev.kcwechat.simulator;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A faithful in-process fake of the WeChat server API (api.weixin.qq.com) and of WeCom's
 * (企业微信, qyapi.weixin.qq.com), all on one base URL, for integration tests and demos, with
 * scriptable errors, broken bodies, latency and a simulated clock. Thread-safe. See WECHAT-API.md.
 *
 * <p>This class is the public entry point: it starts the HTTP server, holds the path constants
 * and the control API tests script WeChat with. The endpoints live in one class per API family,
 * each documenting its endpoints and the control methods below that script it:
 * <ul>
 * <li>{@link MiniProgramApi}: jscode2session, checksession, resetusersessionkey;</li>
 * <li>{@link AccessTokenApi}: cgi-bin/token, cgi-bin/stable_token;</li>
 * <li>{@link PhoneApi}: wxa/business/getuserphonenumber;</li>
 * <li>{@link RiskApi}: wxa/getuserriskrank;</li>
 * <li>{@link BrowserOAuthApi}: connect/qrconnect, connect/oauth2/authorize (HTML pages),
 *     sns/oauth2/access_token, sns/userinfo;</li>
 * <li>{@link WeComApi}: WeCom's cgi-bin/gettoken, cgi-bin/miniprogram/jscode2session,
 *     cgi-bin/user/get, cgi-bin/user/list_id, cgi-bin/auth/getuserinfo, cgi-bin/auth/getuserdetail, for the corps, apps
 *     and members of a {@link WeComDirectory};</li>
 * <li>{@link WeComBrowserApi}: WeCom's connect/oauth2/authorize (when appid is a corp) and
 *     wwlogin/sso/login (HTML pages);</li>
 * <li>{@link WeComContactSync}: WeCom calling a corp's callback URL with contact changes
 *     ({@link WeComCallbacks}), the other way round: the simulator is the client.</li>
 * <li>{@link DemoApi}: the demo's /sim/ stand-ins for wx.login, wx.qy.login and the getPhoneNumber
 *     button.</li>
 * </ul>
 * A {@link Router} sends each request to its family after counting it and applying the faults
 * scripted for its path; what the families share (clock, apps, faults, counters, JSON writing)
 * is in {@link Simulation}.
 */
public final class WeChatSimulator implements AutoCloseable {

    public static final String DEMO_APP_ID = "wx0123456789abcdef";
    public static final String DEMO_APP_SECRET = "0123456789abcdef0123456789abcdef";
    /**
     * The demo's website app (open platform, QR login), registered from the start; its users
     * are those of the demo mini-program: a name typed on its page gets the unionid the demo's
     * wx.login gives that name.
     */
    public static final String DEMO_WEBSITE_APP_ID = "wx123456789abcdef0";
    public static final String DEMO_WEBSITE_APP_SECRET = "123456789abcdef0123456789abcdef0";
    /** The demo's official account, registered from the start; its users too are the demo mini-program's. */
    public static final String DEMO_OA_APP_ID = "wx23456789abcdef01";
    public static final String DEMO_OA_APP_SECRET = "23456789abcdef0123456789abcdef01";
    /**
     * Who signs in through the demo web apps' pages when no name is typed: the user of that name
     * (the Demo's curl signs in /sim/wx.login?user=alice), with the ids a typed name would get.
     */
    public static final String DEMO_BROWSER_USER = "alice";
    /** How long wx.login and getPhoneNumber codes can be used, and WeCom's codes too. */
    public static final Duration CODE_VALIDITY = Duration.ofMinutes(5);
    /** The demo's WeCom corp, registered from the start with one self-built app, a new one (no mobile from user/get). */
    public static final String DEMO_CORP_ID = "ww3456789abcdef012";
    public static final int DEMO_AGENT_ID = 1000002;
    public static final String DEMO_CORP_SECRET = "DemoCorpSecret0123456789abcdefghijklmnopqrs";
    /** A member of the demo corp: 张三, active, departments 1 and 2; who signs in through its pages by default. */
    public static final String DEMO_WECOM_USER = "zhangsan";
    /** A member of the demo corp who left it (status 5): 李四. */
    public static final String DEMO_WECOM_LEFT_USER = "lisi";
    /** A disabled member of the demo corp (status 2): 王五. */
    public static final String DEMO_WECOM_DISABLED_USER = "wangwu";
    /** WeCom member statuses, as user/get answers them. */
    public static final int WECOM_STATUS_ACTIVE = WeComDirectory.STATUS_ACTIVE;
    public static final int WECOM_STATUS_DISABLED = WeComDirectory.STATUS_DISABLED;
    public static final int WECOM_STATUS_NOT_ACTIVATED = WeComDirectory.STATUS_NOT_ACTIVATED;
    public static final int WECOM_STATUS_LEFT = WeComDirectory.STATUS_LEFT;

    public static final String JSCODE2SESSION = "/sns/jscode2session";
    public static final String TOKEN = "/cgi-bin/token";
    public static final String STABLE_TOKEN = "/cgi-bin/stable_token";
    public static final String PHONE_NUMBER = "/wxa/business/getuserphonenumber";
    public static final String CHECK_SESSION = "/wxa/checksession";
    public static final String RESET_SESSION_KEY = "/wxa/resetusersessionkey";
    /** getUserRiskRank: POST JSON {appid, openid, scene, client_ip, ...} -> risk_rank 0 to 4. */
    public static final String RISK_RANK = "/wxa/getuserriskrank";
    /** Website QR login page (open.weixin.qq.com in real life): scope snsapi_login. */
    public static final String QRCONNECT = "/connect/qrconnect";
    /** Official-account OAuth page inside WeChat (open.weixin.qq.com): scope snsapi_base or snsapi_userinfo. */
    public static final String OAUTH2_AUTHORIZE = "/connect/oauth2/authorize";
    /** Where the simulator's confirm page posts its form (WeChat's scan-and-confirm step). */
    public static final String BROWSER_CONFIRM = "/connect/confirm";
    /** Code of the browser pages -> web access token, openid, unionid. */
    public static final String SNS_OAUTH2_ACCESS_TOKEN = "/sns/oauth2/access_token";
    /** Profile for a web access token: placeholders for nickname and avatar. */
    public static final String SNS_USERINFO = "/sns/userinfo";
    /** How long web access tokens of {@link #SNS_OAUTH2_ACCESS_TOKEN} live. */
    public static final Duration WEB_ACCESS_TOKEN_LIFETIME = BrowserOAuthApi.WEB_ACCESS_TOKEN_LIFETIME;
    /** The nickname /sns/userinfo answers for everyone, as WeChat does since 2021. */
    public static final String PLACEHOLDER_NICKNAME = "微信用户";
    /** The grey default avatar /sns/userinfo answers for everyone, as WeChat does since 2021. */
    public static final String PLACEHOLDER_HEADIMGURL = "https://thirdwx.qlogo.cn/mmopen/vi_32/"
            + "POgEwh4mIHO4nibH0KlMECNjjGxQUq24ZEaGT4poC6icRiccVGKSyXwibcPq4BWmiaIGuG1icwxaQX6grC9VemZoJ8rg/132";
    /** A User-Agent of WeChat's in-app browser: {@link #OAUTH2_AUTHORIZE} wants "MicroMessenger" in it. */
    public static final String WECHAT_BROWSER_USER_AGENT = "Mozilla/5.0 (Linux; Android 13; Pixel 7) AppleWebKit/537.36 "
            + "(KHTML, like Gecko) Version/4.0 Chrome/116.0.0.0 Mobile Safari/537.36 XWEB/1160065 MMWEBSDK/20231202 "
            + "MicroMessenger/8.0.47.2560(0x28002F30) WeChat/arm64 Weixin NetType/WIFI Language/zh_CN ABI/arm64";
    /** WeCom: corpid and an app's corpsecret -> the app's access_token. */
    public static final String WECOM_GETTOKEN = "/cgi-bin/gettoken";
    /** WeCom: a wx.qy.login code -> corpid, userid, session_key. */
    public static final String WECOM_JSCODE2SESSION = "/cgi-bin/miniprogram/jscode2session";
    /** WeCom: a member's profile (mobile and email only for apps created before 2022-06-20). */
    public static final String WECOM_USER_GET = "/cgi-bin/user/get";
    /** WeCom: POST {"cursor","limit"} -> the userids (and departments) of the members the app may see, paged. */
    public static final String WECOM_USER_LIST_ID = "/cgi-bin/user/list_id";
    /** WeCom: a code of the browser pages -> userid (and user_ticket), or openid for a non-member. */
    public static final String WECOM_GETUSERINFO = "/cgi-bin/auth/getuserinfo";
    /** WeCom: POST {"user_ticket"} -> the member's mobile, email, avatar... */
    public static final String WECOM_GETUSERDETAIL = "/cgi-bin/auth/getuserdetail";
    /** WeCom's login page for ordinary browsers (login.work.weixin.qq.com in real life). */
    public static final String WECOM_SSO_LOGIN = "/wwlogin/sso/login";
    /** Where the simulator's WeCom confirm page posts its form (the scan-and-confirm or consent step). */
    public static final String WECOM_CONFIRM = "/wwlogin/confirm";
    /** How long a user_ticket of {@link #WECOM_GETUSERINFO} can be used. */
    public static final Duration WECOM_USER_TICKET_LIFETIME = WeComApi.USER_TICKET_LIFETIME;
    /** A User-Agent of WeCom's in-app browser: WeCom's {@link #OAUTH2_AUTHORIZE} wants "wxwork" in it. */
    public static final String WECOM_BROWSER_USER_AGENT = "Mozilla/5.0 (Linux; Android 13; Pixel 7 Build/TQ3A.230901.001; wv) "
            + "AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/116.0.0.0 Mobile Safari/537.36 "
            + "wxwork/4.1.22 MicroMessenger/7.0.1 NetType/WIFI Language/zh ColorScheme/Light";
    /** Demo only: stands in for wx.login() in the mini-program. */
    public static final String DEMO_LOGIN = "/sim/wx.login";
    /** Demo only: stands in for the getPhoneNumber button. */
    public static final String DEMO_PHONE = "/sim/phone";
    /** Demo only: stands in for wx.qy.login() in a WeCom mini-program. */
    public static final String DEMO_WECOM_LOGIN = "/sim/wx.qy.login";
    /** Demo endpoint: a member of the demo corp leaves, and WeCom tells the corp's callback URL. */
    public static final String DEMO_WECOM_LEAVE = "/sim/wecom/leave";

    private static final int DEFAULT_DEMO_PORT = 8500;
    private static final String NODELAY_PROPERTY = "sun.net.httpserver.nodelay";

    private final Simulation simulation = new Simulation();
    private final AccessTokenApi accessTokens = new AccessTokenApi(simulation);
    private final MiniProgramApi miniProgram = new MiniProgramApi(simulation, accessTokens);
    private final PhoneApi phone = new PhoneApi(simulation, accessTokens);
    private final RiskApi risk = new RiskApi(simulation, accessTokens);
    private final BrowserOAuthApi browser = new BrowserOAuthApi(simulation);
    private final WeComDirectory weComDirectory = new WeComDirectory();
    private final WeComApi weCom = new WeComApi(simulation, weComDirectory);
    private final WeComBrowserApi weComBrowser = new WeComBrowserApi(simulation, weComDirectory, weCom);
    private final WeComContactSync weComContactSync = new WeComContactSync(simulation, weComDirectory);
    private final DemoApi demo = new DemoApi(simulation, this);
    private final Router router = new Router(simulation);
    private volatile HttpServer server;
    private final InetSocketAddress address;
    private final ExecutorService executor;

    private WeChatSimulator(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.address = server.getAddress();
        this.executor = executor;
        accessTokens.addRoutes(router);
        miniProgram.addRoutes(router);
        phone.addRoutes(router);
        risk.addRoutes(router);
        browser.addRoutes(router);
        weCom.addRoutes(router);
        weComBrowser.addRoutes(router);
        demo.addRoutes(router);
    }

    /** Starts a simulator on 127.0.0.1 (port 0: any free port) knowing the demo app. */
    public static WeChatSimulator start(int port) {
        return start("127.0.0.1", port);
    }

    /** Listens on another address than loopback: only for the simulator container of docker-compose.yml. */
    public static WeChatSimulator start(String host, int port) {
        avoidNagleDelays();
        // One thread per concurrent request: a scripted delay must not hold up other requests.
        ExecutorService executor = Executors.newCachedThreadPool(daemonThreads());
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 128);
            WeChatSimulator simulator = new WeChatSimulator(server, executor);
            server.createContext("/", simulator.router::handle);
            server.setExecutor(executor);
            server.start();
            return simulator.registerApp(DEMO_APP_ID, DEMO_APP_SECRET).registerDemoWebApps().registerDemoCorp();
        } catch (IOException e) {
            executor.shutdownNow();
            throw new UncheckedIOException("cannot listen on " + host + ":" + port, e);
        }
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    public int port() {
        return address.getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    // ---- outages ----

    /** WeChat unreachable: the port is closed and open connections are dropped; state is kept for {@link #comeBackOnline()}. */
    public synchronized void goOffline() {
        server.stop(0);
    }

    /** Listens again on the same address and port, with everything it knew before going offline. */
    public synchronized void comeBackOnline() {
        IOException failure = null;
        for (int attempt = 0; attempt < 50; attempt++) {
            try {
                HttpServer again = HttpServer.create(address, 128);
                again.createContext("/", router::handle);
                again.setExecutor(executor);
                again.start();
                server = again;
                return;
            } catch (IOException e) {
                failure = e;
                pause(100);
            }
        }
        throw new UncheckedIOException("cannot listen on " + address + " again", failure);
    }

    private static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    // ---- apps and clock ----

    /** Any kind of app: mini-program, website app of the open platform, official account. */
    public WeChatSimulator registerApp(String appId, String secret) {
        simulation.registerApp(appId, secret);
        return this;
    }

    /** Moves the simulated clock (codes, tokens, watermark timestamps) forward. */
    public void advanceClock(Duration duration) {
        simulation.advanceClock(duration);
    }

    // ---- mini-program login and session keys: MiniProgramApi ----

    /** A code as wx.login gives it; unionid null: the app is not bound to an Open Platform account. */
    public String newCode(String appId, String openid, String unionid) {
        return code(appId).openid(openid).unionid(unionid).issue();
    }

    /** Scripts a code; defaults: random openid, unionid and session_key, valid 5 minutes. */
    public CodeScript code(String appId) {
        return new CodeScript(this, appId, Ids.openid(simulation.random()), Ids.unionid(simulation.random()),
                Ids.sessionKey(simulation.random()));
    }

    /** Every session_key the simulator ever answered, oldest first. */
    public List<String> issuedSessionKeys() {
        return miniProgram.issuedSessionKeys();
    }

    /** The session_key checksession currently accepts for that user. */
    public Optional<String> currentSessionKey(String appId, String openid) {
        return miniProgram.currentSessionKey(appId, openid);
    }

    /** The checksession/resetusersessionkey signature for a session_key. */
    public static String sessionKeySignature(String sessionKey) {
        return SessionKeys.signature(sessionKey);
    }

    // ---- phone numbers: PhoneApi ----

    /** A getPhoneNumber code, e.g. ("13800138000", "13800138000", "86") or ("+1 2025550123", "2025550123", "1"). */
    public String newPhoneCode(String appId, String phoneNumber, String purePhoneNumber, String countryCode) {
        return phoneCode(appId).phoneNumber(phoneNumber).purePhoneNumber(purePhoneNumber)
                .countryCode(countryCode).issue();
    }

    public PhoneScript phoneCode(String appId) {
        return new PhoneScript(this, appId);
    }

    // ---- access tokens: AccessTokenApi ----

    /** Access tokens issued from now on live this long instead of WeChat's 2 hours (for renewal tests). */
    public void setAccessTokenLifetime(Duration lifetime) {
        accessTokens.setLifetime(lifetime);
    }

    /** Every access token issued so far becomes invalid: using one answers 40001. */
    public void invalidateAccessTokens() {
        accessTokens.invalidateAll();
    }

    // ---- risk ranks: RiskApi ----

    /**
     * The risk_rank (0 to 4) getuserriskrank answers for that user; default 0. The user still
     * needs a code issued in that app (a recent visit), else the answer is 61010.
     */
    public void setRiskRank(String appId, String openid, int rank) {
        risk.setRank(Objects.requireNonNull(appId, "appId"), Objects.requireNonNull(openid, "openid"), rank);
    }

    /** getuserriskrank answers 61010 (no recent visit) for that user, even after new codes. */
    public void markInactive(String appId, String openid) {
        risk.markInactive(Objects.requireNonNull(appId, "appId"), Objects.requireNonNull(openid, "openid"));
    }

    /**
     * The JSON-object bodies of the calls to {@link #RISK_RANK}, oldest first, as sent (scene,
     * client_ip, openid, appid, ...), whatever the answer, failNext ones included; recorded
     * like {@link #calls(String)} counts them and cleared by {@link #resetCounters()}.
     */
    public List<Map<String, Object>> riskRequests() {
        return risk.requests();
    }

    // ---- browser sign-in: BrowserOAuthApi ----

    /**
     * Registers a website app or an official account whose redirect_uri must be on
     * {@code registeredDomain} ("www.example.com" or "www.example.com:8443", exact host as WeChat
     * wants it); null: any loopback host, as for apps registered with {@link #registerApp}.
     */
    public WeChatSimulator registerWebApp(String appId, String secret, String registeredDomain) {
        simulation.registerApp(appId, secret);
        browser.registeredDomain(appId, registeredDomain);
        return this;
    }

    /**
     * Who signs in through that app's browser pages from now on (until changed), unless a name is
     * typed on the confirm page; unionid null: the app is not bound to an Open Platform account.
     * Default: a random user the app keeps.
     */
    public WeChatSimulator browserUser(String appId, String openid, String unionid) {
        browser.user(Objects.requireNonNull(appId, "appId"), new BrowserUser(openid, unionid));
        return this;
    }

    /**
     * Codes issued from now on through that app's pages are for a snapshot user (the virtual user
     * of a page snapshot): the code exchange answers {@code "is_snapshotuser": 1}.
     */
    public WeChatSimulator browserSnapshotUser(String appId, boolean snapshotUser) {
        browser.snapshotUser(Objects.requireNonNull(appId, "appId"), snapshotUser);
        return this;
    }

    /**
     * That app's pages redirect at once, as if the user had confirmed (for HTTP clients without
     * a browser); error pages and the MicroMessenger check stay.
     */
    public WeChatSimulator browserAutoConfirm(String appId, boolean autoConfirm) {
        browser.autoConfirm(Objects.requireNonNull(appId, "appId"), autoConfirm);
        return this;
    }

    // ---- WeCom: WeComApi, WeComBrowserApi ----

    /**
     * Registers a self-built app of a WeCom corp (the corp too, if new): corpid "ww" and 16 hex
     * digits, agentid e.g. 1000002, the app's secret (unique in the corp; gettoken names the app by
     * it). Call again with another agentid for more apps; the app is new (created after
     * 2022-06-20) and its trusted domain any loopback host until said otherwise.
     */
    public WeChatSimulator registerCorp(String corpId, int agentId, String secret) {
        if (simulation.isRegistered(corpId)) {
            throw new IllegalArgumentException(corpId + " is a WeChat app's AppID");
        }
        weComDirectory.registerApp(corpId, agentId, secret);
        return this;
    }

    /**
     * Adds (or replaces) a member of a registered corp. Status: {@link #WECOM_STATUS_ACTIVE},
     * {@link #WECOM_STATUS_DISABLED}, {@link #WECOM_STATUS_NOT_ACTIVATED} or
     * {@link #WECOM_STATUS_LEFT}; mobile and email may be null. Every app sees them until
     * {@link #weComVisible} says otherwise.
     */
    public WeChatSimulator weComMember(String corpId, String userid, String name, List<Integer> departmentIds, int status,
                                       String mobile, String email) {
        weComDirectory.member(corpId, new WeComDirectory.Member(userid, name, departmentIds, status, mobile, email));
        return this;
    }

    /**
     * Changes a member's status, e.g. to {@link #WECOM_STATUS_LEFT} when they leave the corp,
     * silently: no callback is sent (as if WeCom's callback was lost); see {@link #weComMemberDisabled}.
     */
    public WeChatSimulator weComMemberStatus(String corpId, String userid, int status) {
        weComDirectory.status(corpId, userid, status);
        return this;
    }

    /**
     * Deletes a member from the corp silently: no callback is sent (as if it was lost); user/get
     * answers 60111 and user/list_id leaves them out. See {@link #weComMemberLeaves}.
     */
    public WeChatSimulator weComRemoveMember(String corpId, String userid) {
        weComDirectory.remove(corpId, userid);
        return this;
    }

    /** Whether the member is in the app's visible range (可见范围); outside it user/get answers 60011. Default: visible. */
    public WeChatSimulator weComVisible(String corpId, int agentId, String userid, boolean visible) {
        weComDirectory.visible(corpId, agentId, userid, visible);
        return this;
    }

    /** A legacy app (created before 2022-06-20): user/get answers mobile, email, avatar... Default: false. */
    public WeChatSimulator weComLegacyApp(String corpId, int agentId, boolean legacy) {
        weComDirectory.legacy(corpId, agentId, legacy);
        return this;
    }

    /**
     * The app's trusted domain (可信域名), "host" or "host:port": the pages' redirect_uri must be on
     * it and getuserinfo answers 50001 for a code sent elsewhere; null: any loopback host (default).
     */
    public WeChatSimulator weComTrustedDomain(String corpId, int agentId, String domain) {
        weComDirectory.trustedDomain(corpId, agentId, domain);
        return this;
    }

    /**
     * A wx.qy.login code of that app for that userid (a member or not: jscode2session answers the
     * userid either way), single use, valid 5 minutes by the simulated clock.
     */
    public String newWeComCode(String corpId, int agentId, String userid) {
        return weCom.newLoginCode(corpId, agentId, userid);
    }

    /**
     * Who signs in through that corp's pages from now on (until changed), unless a userid is typed
     * on the confirm page: the member of that userid (a userid the corp has no member of stays a
     * userid: user/get answers 60111). Default: a non-member with a random openid the corp keeps.
     */
    public WeChatSimulator weComBrowserUser(String corpId, String userid) {
        weComBrowser.user(corpId, WeComUser.member(Objects.requireNonNull(userid, "userid")));
        return this;
    }

    /**
     * Someone who is not a member of the corp signs in through its pages from now on: getuserinfo
     * answers their openid instead of a userid, with the external_userid of a customer of the corp
     * (null: none).
     */
    public WeChatSimulator weComBrowserNonMember(String corpId, String openid, String externalUserid) {
        weComBrowser.user(corpId, WeComUser.nonMember(Objects.requireNonNull(openid, "openid"), externalUserid));
        return this;
    }

    /**
     * That corp's confirm pages (SSO login, snsapi_privateinfo) redirect at once, as if the user had
     * confirmed (for HTTP clients without a browser); error pages and the wxwork check stay.
     */
    public WeChatSimulator weComBrowserAutoConfirm(String corpId, boolean autoConfirm) {
        weComBrowser.autoConfirm(corpId, autoConfirm);
        return this;
    }

    // ---- WeCom contact-change callbacks: WeComContactSync ----

    /**
     * Where that corp's contact-change callbacks go from now on, set as an admin sets them in
     * WeCom's console: the callback URL, its Token and its 43-character EncodingAESKey. They come
     * from the corp's first app (lowest agentid). The URL is not verified: call
     * {@code weComCallbacks(corpId).verifyUrl()} for that.
     */
    public WeChatSimulator weComCallbackTarget(String corpId, String callbackUrl, String token, String encodingAesKey) {
        weComContactSync.target(corpId, null, callbackUrl, token, encodingAesKey);
        return this;
    }

    /** As {@link #weComCallbackTarget(String, String, String, String)}, as from that app (its AgentID in the envelope). */
    public WeChatSimulator weComCallbackTarget(String corpId, int agentId, String callbackUrl, String token,
                                               String encodingAesKey) {
        weComContactSync.target(corpId, agentId, callbackUrl, token, encodingAesKey);
        return this;
    }

    /** The corp's callbacks, to verify the URL or send events of a test's own (stale, replayed, mis-signed...). */
    public WeComCallbacks weComCallbacks(String corpId) {
        return weComContactSync.callbacks(corpId);
    }

    /**
     * The member leaves the corp: they are deleted from the directory and delete_user is sent to
     * the corp's callback URL. Returns the HTTP status it answered.
     */
    public int weComMemberLeaves(String corpId, String userid) {
        return weComContactSync.memberLeaves(corpId, userid);
    }

    /**
     * An admin disables the member: their status becomes {@link #WECOM_STATUS_DISABLED} and
     * update_user with Status 2 is sent to the corp's callback URL. Returns the HTTP status it answered.
     */
    public int weComMemberDisabled(String corpId, String userid) {
        return weComContactSync.memberDisabled(corpId, userid);
    }

    /**
     * An admin changes the member's userid (once allowed per member): the directory knows them by
     * the new one and update_user with NewUserID is sent. Returns the HTTP status it answered.
     */
    public int weComMemberUseridChanged(String corpId, String userid, String newUserid) {
        return weComContactSync.useridChanged(corpId, userid, newUserid);
    }

    /** WeCom access tokens issued from now on live this long instead of 2 hours. */
    public WeChatSimulator setWeComAccessTokenLifetime(Duration lifetime) {
        weCom.setTokenLifetime(lifetime);
        return this;
    }

    /** Every WeCom access token issued so far becomes unknown: using one answers 40014. */
    public WeChatSimulator invalidateWeComAccessTokens() {
        weCom.invalidateTokens();
        return this;
    }

    // ---- faults and counters, any path: Simulation ----

    /** The next {@code count} calls to {@code path} answer {@code errcode} (e.g. -1, 45011). */
    public void failNext(String path, int count, int errcode) {
        simulation.failNext(path, count, errcode);
    }

    /** Delays every call to {@code path} by {@code latency}; null or zero removes the delay. */
    public void setLatency(String path, Duration latency) {
        simulation.setLatency(path, latency);
    }

    /** Removes every latency and pending failure set with setLatency and failNext. */
    public void clearFaults() {
        simulation.clearFaults();
    }

    /** HTTP calls received for {@code path}, counted before latency and failures. */
    public int calls(String path) {
        return simulation.calls(path);
    }

    /** Forgets the call counts and the recorded risk-rank requests. */
    public void resetCounters() {
        simulation.resetCalls();
        risk.clearRequests();
    }

    // ---- demo: DemoApi ----

    /** Turns on the /sim/ endpoints of the demo; codes are for {@code defaultAppId} unless &appid= says otherwise. */
    public WeChatSimulator enableDemoEndpoints(String defaultAppId) {
        demo.enable(defaultAppId);
        return this;
    }

    private WeChatSimulator registerDemoWebApps() {
        registerApp(DEMO_WEBSITE_APP_ID, DEMO_WEBSITE_APP_SECRET);
        registerApp(DEMO_OA_APP_ID, DEMO_OA_APP_SECRET);
        browser.appName(DEMO_WEBSITE_APP_ID, "keycloak-wechat 演示网站 (demo website)");
        browser.appName(DEMO_OA_APP_ID, "keycloak-wechat 演示公众号 (demo official account)");
        // the same default user restart after restart, the one the demo's curl signs in
        browser.user(DEMO_WEBSITE_APP_ID, BrowserUser.named(DEMO_WEBSITE_APP_ID, DEMO_BROWSER_USER));
        browser.user(DEMO_OA_APP_ID, BrowserUser.named(DEMO_OA_APP_ID, DEMO_BROWSER_USER));
        return this;
    }

    private WeChatSimulator registerDemoCorp() {
        registerCorp(DEMO_CORP_ID, DEMO_AGENT_ID, DEMO_CORP_SECRET);
        weComDirectory.appName(DEMO_CORP_ID, DEMO_AGENT_ID, "keycloak-wechat 演示应用 (demo WeCom app)");
        weComMember(DEMO_CORP_ID, DEMO_WECOM_USER, "张三", List.of(1, 2), WECOM_STATUS_ACTIVE,
                "13800000001", "zhangsan@example.com");
        weComMember(DEMO_CORP_ID, DEMO_WECOM_LEFT_USER, "李四", List.of(2), WECOM_STATUS_LEFT,
                "13800000002", "lisi@example.com");
        weComMember(DEMO_CORP_ID, DEMO_WECOM_DISABLED_USER, "王五", List.of(3), WECOM_STATUS_DISABLED,
                "13800000003", null);
        return weComBrowserUser(DEMO_CORP_ID, DEMO_WECOM_USER);
    }

    // ---- for the scripts ----

    Instant now() {
        return simulation.now();
    }

    /** Also tells getuserriskrank the user has just visited the app. */
    String store(LoginCode code) {
        risk.visited(code.appId(), code.openid());
        return miniProgram.store(code);
    }

    String store(PhoneCode code) {
        return phone.store(code);
    }

    // ---- server ----

    /**
     * The JDK server writes response headers and body in separate packets; without TCP_NODELAY
     * Nagle's algorithm and the client's delayed ACK add ~40 ms to every call. The JDK reads
     * this property once, when its first HttpServer starts.
     */
    private static void avoidNagleDelays() {
        if (System.getProperty(NODELAY_PROPERTY) == null) {
            System.setProperty(NODELAY_PROPERTY, "true");
        }
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "wechat-simulator-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Demo: {@code WeChatSimulator [port]}; env WECHAT_SIMULATOR_PORT, WECHAT_APP_ID, WECHAT_APP_SECRET. */
    public static void main(String[] args) throws InterruptedException {
        int port = args.length > 0 ? Integer.parseInt(args[0])
                : Integer.parseInt(env("WECHAT_SIMULATOR_PORT", String.valueOf(DEFAULT_DEMO_PORT)));
        String appId = env("WECHAT_APP_ID", DEMO_APP_ID);
        WeChatSimulator simulator = start(env("WECHAT_SIMULATOR_HOST", "127.0.0.1"), port)
                .registerApp(appId, env("WECHAT_APP_SECRET", DEMO_APP_SECRET))
                .enableDemoEndpoints(appId);
        Runtime.getRuntime().addShutdownHook(new Thread(simulator::close));
        System.out.println("WeChat simulator listening on " + simulator.baseUrl());
        new CountDownLatch(1).await();
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return Simulation.isBlank(value) ? fallback : value;
    }
}
