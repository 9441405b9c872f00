package dev.kcwechat.simulator;

import java.net.HttpURLConnection;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * WeCom's server API (企业微信, qyapi.weixin.qq.com; WECHAT-API.md §6 and §8) for the corps and
 * self-built apps of {@link WeComDirectory}.
 *
 * <p>Endpoints (JSON sent as {@code application/json; charset=UTF-8} with {@code Error-Code} and
 * {@code Error-Msg} headers, as WeCom does; every answer has {@code errcode} and {@code errmsg},
 * "ok" on success; an error's errmsg ends in WeCom's ", hint: [...], from ip: ..., more info at
 * https://open.work.weixin.qq.com/devtool/query?e=N"):
 * <ul>
 * <li>{@code GET /cgi-bin/gettoken?corpid&corpsecret} -> {@code {"access_token","expires_in"}}: the
 *     app's token, the same one while it is valid (expires_in: its remaining seconds, 7200 when
 *     new), a new one after it expired. 41004 without a corpsecret, 41002 without a corpid, 40013
 *     for an unknown corp, 40001 for a secret none of its apps has.</li>
 * <li>{@code GET /cgi-bin/miniprogram/jscode2session?access_token&js_code&grant_type=authorization_code}
 *     -> {@code {"corpid","userid","session_key"}}: a wx.qy.login code of the token's app. Codes are
 *     single use and live 5 minutes; an unknown, expired or used code, one of another app and
 *     another grant_type all answer 40029; 41008 without a code.</li>
 * <li>{@code GET /cgi-bin/user/get?access_token&userid} -> {@code {"userid","name","department",
 *     "order","position","status","main_department",...}}; apps created since 2022-06-20 get no
 *     {@code mobile, gender, email, biz_mail, avatar, thumb_avatar, qr_code, address}, legacy apps
 *     do. 41009 without a userid, 60111 for someone the corp has no member of that userid, 60011
 *     for a member outside the app's visible range.</li>
 * <li>{@code GET /cgi-bin/auth/getuserinfo?access_token&code} -> {@code {"userid","user_ticket"?}}
 *     for a member (whether or not the app may see them; user_ticket with snsapi_privateinfo for a
 *     member the app may see, valid 30 minutes), {@code {"openid","external_userid"?}} for someone
 *     who is not a member. Codes of the pages ({@link WeComBrowserApi}) are single use, live 5
 *     minutes and belong to their corp: 40029 otherwise; 41008 without a code; 50001 when the
 *     code's redirect_uri is not on the trusted domain of the token's app.</li>
 * <li>{@code POST /cgi-bin/auth/getuserdetail?access_token} JSON {@code {"user_ticket"}} ->
 *     {@code {"userid","gender","avatar","qr_code","mobile","email","biz_mail","address"}} whatever
 *     the app's age; 40058 for a body without a user_ticket, 40029 for a ticket unknown, expired
 *     or of another app, 60111 when the member has been deleted since.</li>
 * <li>{@code POST /cgi-bin/user/list_id?access_token} JSON {@code {"cursor","limit"}} ->
 *     {@code {"next_cursor","dept_user":[{"userid","department"}]}}: the members the app may see,
 *     whatever their status (deleted ones are gone), one row per department, paged by an opaque
 *     cursor ({@link WeComUserIds}); next_cursor is "" on the last page. limit 1 to 10000, 10000
 *     when absent; 40058 for another limit or a cursor it never gave, 47001 for a body that is no
 *     JSON object.</li>
 * </ul>
 * Token errors everywhere: 41001 missing, 40014 unknown or invalidated, 42001 expired. failNext and
 * setLatency work on these paths as on any; their errors are written in WeCom's style too.
 *
 * <p>Control API (on {@link WeChatSimulator}): {@code registerCorp}, {@code weComMember},
 * {@code weComMemberStatus}, {@code weComVisible}, {@code weComLegacyApp},
 * {@code weComTrustedDomain}, {@code newWeComCode}, {@code setWeComAccessTokenLifetime},
 * {@code invalidateWeComAccessTokens}, {@code weComRemoveMember}; faults and counters by path as for every endpoint.
 */
final class WeComApi {

    /** How long a user_ticket of getuserinfo lives. */
    static final Duration USER_TICKET_LIFETIME = Duration.ofSeconds(1800);
    static final String CONTENT_TYPE = "application/json; charset=UTF-8";
    private static final String MORE_INFO = "https://open.work.weixin.qq.com/devtool/query?e=";

    /** A wx.qy.login code: for one member, in one app of one corp. */
    private record LoginCode(String corpId, int agentId, String userid, String sessionKey, Instant expiresAt,
                             AtomicBoolean used) {
    }

    /**
     * A code the pages hand to the redirect_uri: for one user of the corp, through one app when the
     * page named one (agentId null otherwise), with or without snsapi_privateinfo's consent.
     */
    record WebCode(String corpId, Integer agentId, WeComUser user, boolean privateInfo, String redirectUri,
                   Instant expiresAt, AtomicBoolean used) {
    }

    /** A user_ticket: a member's consent to one app (snsapi_privateinfo), for 30 minutes. */
    private record UserTicket(String corpId, int agentId, String userid, Instant expiresAt) {
    }

    private final Simulation simulation;
    private final WeComDirectory directory;
    private final WeComTokens tokens;
    private final Map<String, LoginCode> loginCodes = new ConcurrentHashMap<>();
    private final Map<String, WebCode> webCodes = new ConcurrentHashMap<>();
    private final Map<String, UserTicket> userTickets = new ConcurrentHashMap<>();

    WeComApi(Simulation simulation, WeComDirectory directory) {
        this.simulation = simulation;
        this.directory = directory;
        this.tokens = new WeComTokens(simulation.random());
    }

    void addRoutes(Router router) {
        router.route(WeChatSimulator.WECOM_GETTOKEN, this::getToken, this::error)
                .route(WeChatSimulator.WECOM_JSCODE2SESSION, this::jscode2session, this::error)
                .route(WeChatSimulator.WECOM_USER_GET, this::userGet, this::error)
                .route(WeChatSimulator.WECOM_GETUSERINFO, this::getUserInfo, this::error)
                .route(WeChatSimulator.WECOM_GETUSERDETAIL, this::getUserDetail, this::error)
                .route(WeChatSimulator.WECOM_USER_LIST_ID, this::userListId, this::error);
    }

    // ---- control ----

    /** A wx.qy.login code for that userid (a member or not) in that app, single use, valid 5 minutes. */
    String newLoginCode(String corpId, int agentId, String userid) {
        if (directory.app(corpId, agentId).isEmpty()) {
            throw new IllegalArgumentException("unknown app " + agentId + " of " + corpId + ": registerCorp first");
        }
        if (Simulation.isBlank(userid)) {
            throw new IllegalArgumentException("a wx.qy.login code is for a userid");
        }
        LoginCode code = new LoginCode(corpId, agentId, userid, Ids.sessionKey(simulation.random()),
                simulation.now().plus(WeChatSimulator.CODE_VALIDITY), new AtomicBoolean());
        return Simulation.storeUnder(loginCodes, code, () -> Ids.loginCode(simulation.random()));
    }

    /** Stores a code of the pages; returns it. */
    String store(WebCode code) {
        return Simulation.storeUnder(webCodes, code, () -> Ids.loginCode(simulation.random()));
    }

    void setTokenLifetime(Duration lifetime) {
        tokens.setLifetime(lifetime);
    }

    void invalidateTokens() {
        tokens.invalidateAll();
    }

    // ---- endpoints ----

    private Reply getToken(Request request) {
        String corpId = request.param("corpid");
        String secret = request.param("corpsecret");
        // WeCom looks at the secret first: a bare call answers 41004, not 41002.
        if (Simulation.isBlank(secret)) {
            throw new WeChatError(WeComErrors.CORPSECRET_MISSING);
        }
        if (Simulation.isBlank(corpId)) {
            throw new WeChatError(WeComErrors.CORPID_MISSING);
        }
        if (!directory.isCorp(corpId)) {
            throw new WeChatError(WeComErrors.INVALID_CORPID);
        }
        WeComDirectory.App app = directory.appBySecret(corpId, secret)
                .orElseThrow(() -> new WeChatError(WeComErrors.INVALID_CREDENTIAL));
        Instant now = simulation.now();
        WeComTokens.Token token = tokens.issue(app, now);
        Map<String, Object> fields = Simulation.okFields();
        fields.put("access_token", token.value());
        fields.put("expires_in", token.remainingSecondsAt(now));
        return ok(fields);
    }

    private Reply jscode2session(Request request) {
        WeComDirectory.App app = appOf(request);
        String value = request.param("js_code");
        if (Simulation.isBlank(value)) {
            throw new WeChatError(WeComErrors.CODE_MISSING);
        }
        LoginCode code = loginCodes.get(value);
        boolean valid = "authorization_code".equals(request.param("grant_type"))
                && code != null && code.corpId().equals(app.corpId()) && code.agentId() == app.agentId()
                && simulation.now().isBefore(code.expiresAt())
                && code.used().compareAndSet(false, true);
        if (!valid) {
            throw new WeChatError(WeComErrors.INVALID_CODE);
        }
        Map<String, Object> fields = Simulation.okFields();
        fields.put("corpid", code.corpId());
        fields.put("userid", code.userid());
        fields.put("session_key", code.sessionKey());
        return ok(fields);
    }

    private Reply userGet(Request request) {
        WeComDirectory.App app = appOf(request);
        String userid = request.param("userid");
        if (Simulation.isBlank(userid)) {
            throw new WeChatError(WeComErrors.USERID_MISSING);
        }
        WeComDirectory.Member member = directory.member(app.corpId(), userid)
                .orElseThrow(() -> new WeChatError(WeComErrors.USERID_NOT_FOUND));
        if (!directory.isVisible(app, userid)) {
            throw new WeChatError(WeComErrors.NO_PRIVILEGE);
        }
        boolean legacy = directory.isLegacy(app);
        List<Integer> zeros = Collections.nCopies(member.departments().size(), 0);
        Map<String, Object> fields = Simulation.okFields();
        fields.put("userid", member.userid());
        fields.put("name", member.name());
        fields.put("department", member.departments());
        fields.put("order", zeros);
        fields.put("position", "");
        if (legacy) {
            fields.put("mobile", orEmpty(member.mobile()));
            fields.put("gender", "0");
            fields.put("email", orEmpty(member.email()));
            fields.put("biz_mail", "");
        }
        fields.put("is_leader_in_dept", zeros);
        fields.put("direct_leader", List.of());
        if (legacy) {
            fields.put("avatar", avatar(app.corpId(), member.userid(), "0"));
            fields.put("thumb_avatar", avatar(app.corpId(), member.userid(), "100"));
        }
        fields.put("telephone", "");
        fields.put("alias", "");
        if (legacy) {
            fields.put("address", "");
        }
        if (!member.departments().isEmpty()) {
            fields.put("main_department", member.departments().get(0));
        }
        fields.put("extattr", Map.of("attrs", List.of()));
        fields.put("status", member.status());
        if (legacy) {
            fields.put("qr_code", qrCode(app.corpId(), member.userid()));
        }
        fields.put("external_position", "");
        return ok(fields);
    }

    private Reply userListId(Request request) {
        WeComDirectory.App app = appOf(request);
        Map<String, Object> body = simulation.jsonObjectAsMap(request.body())
                .orElseThrow(() -> new WeChatError(WeComErrors.DATA_FORMAT_ERROR));
        Object cursor = body.get("cursor");
        Object limit = body.getOrDefault("limit", WeComUserIds.MAX_LIMIT);
        boolean valid = (cursor == null || cursor instanceof String)
                && limit instanceof Integer number && number >= 1 && number <= WeComUserIds.MAX_LIMIT;
        if (!valid) {
            throw new WeChatError(WeComErrors.INVALID_PARAMETER);
        }
        List<WeComDirectory.Member> visible = directory.members(app.corpId()).stream()
                .filter(member -> directory.isVisible(app, member.userid()))
                .toList();
        WeComUserIds.Page page = WeComUserIds.page(visible, (String) cursor, (Integer) limit);
        Map<String, Object> fields = Simulation.okFields();
        fields.put("next_cursor", page.nextCursor() == null ? "" : page.nextCursor());
        fields.put("dept_user", page.rows().stream()
                .map(row -> {
                    Map<String, Object> entry = new LinkedHashMap<>();
                    entry.put("userid", row.userid());
                    entry.put("department", row.department());
                    return entry;
                })
                .toList());
        return ok(fields);
    }

    private Reply getUserInfo(Request request) {
        WeComDirectory.App app = appOf(request);
        String value = request.param("code");
        if (Simulation.isBlank(value)) {
            throw new WeChatError(WeComErrors.CODE_MISSING);
        }
        WebCode code = webCodes.get(value);
        Instant now = simulation.now();
        if (code == null || !code.corpId().equals(app.corpId()) || !now.isBefore(code.expiresAt()) || code.used().get()) {
            throw new WeChatError(WeComErrors.INVALID_CODE);
        }
        if (!directory.isTrustedRedirect(app, code.redirectUri())) {
            throw new WeChatError(WeComErrors.REDIRECT_URL_NOT_TRUSTED);
        }
        if (!code.used().compareAndSet(false, true)) {
            throw new WeChatError(WeComErrors.INVALID_CODE);
        }
        Map<String, Object> fields = Simulation.okFields();
        WeComUser user = code.user();
        if (!user.isMember()) {
            fields.put("openid", user.openid());
            if (user.externalUserid() != null) {
                fields.put("external_userid", user.externalUserid());
            }
            return ok(fields);
        }
        fields.put("userid", user.userid());
        Optional<WeComDirectory.App> consentedApp = code.agentId() == null ? Optional.empty()
                : directory.app(code.corpId(), code.agentId());
        if (code.privateInfo() && consentedApp.isPresent() && directory.isVisible(consentedApp.get(), user.userid())) {
            UserTicket ticket = new UserTicket(code.corpId(), code.agentId(), user.userid(), now.plus(USER_TICKET_LIFETIME));
            fields.put("user_ticket", Simulation.storeUnder(userTickets, ticket, () -> Ids.userTicket(simulation.random())));
        }
        return ok(fields);
    }

    private Reply getUserDetail(Request request) {
        WeComDirectory.App app = appOf(request);
        String value = simulation.jsonObjectAsMap(request.body())
                .map(body -> body.get("user_ticket"))
                .filter(String.class::isInstance)
                .map(String.class::cast)
                .orElse(null);
        if (Simulation.isBlank(value)) {
            throw new WeChatError(WeComErrors.INVALID_PARAMETER);
        }
        UserTicket ticket = userTickets.get(value);
        if (ticket == null || !ticket.corpId().equals(app.corpId()) || ticket.agentId() != app.agentId()
                || !simulation.now().isBefore(ticket.expiresAt())) {
            throw new WeChatError(WeComErrors.INVALID_CODE);
        }
        WeComDirectory.Member member = directory.member(ticket.corpId(), ticket.userid())
                .orElseThrow(() -> new WeChatError(WeComErrors.USERID_NOT_FOUND));
        Map<String, Object> fields = Simulation.okFields();
        fields.put("userid", member.userid());
        fields.put("gender", "0");
        fields.put("avatar", avatar(ticket.corpId(), member.userid(), "0"));
        fields.put("qr_code", qrCode(ticket.corpId(), member.userid()));
        fields.put("mobile", orEmpty(member.mobile()));
        fields.put("email", orEmpty(member.email()));
        fields.put("biz_mail", "");
        fields.put("address", "");
        return ok(fields);
    }

    private WeComDirectory.App appOf(Request request) {
        return tokens.appOf(request.param("access_token"), simulation.now());
    }

    private static String avatar(String corpId, String userid, String size) {
        return "https://wework.qpic.cn/wwpic/" + Ids.stableToken(corpId + "/" + userid) + "/" + size;
    }

    private static String qrCode(String corpId, String userid) {
        return "https://open.work.weixin.qq.com/wwopen/userQRCode?vcode=" + Ids.stableToken("qr/" + corpId + "/" + userid);
    }

    private static String orEmpty(String text) {
        return text == null ? "" : text;
    }

    // ---- WeCom's JSON ----

    /** 200 with the fields as JSON, with WeCom's content type and its Error-Code/Error-Msg headers. */
    Reply ok(Map<String, Object> fields) {
        return json(HttpURLConnection.HTTP_OK, fields);
    }

    /**
     * {@code {"errcode":N,"errmsg":"<text>, hint: [<hint>], from ip: <caller>, more info at
     * https://open.work.weixin.qq.com/devtool/query?e=N"}}, as WeCom writes every error.
     */
    Reply error(Request request, int status, WeChatError error) {
        int errcode = error.errcode();
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("errcode", errcode);
        fields.put("errmsg", WeComErrors.messageFor(errcode)
                + ", hint: [" + Ids.weComHint(simulation.random(), simulation.now().getEpochSecond()) + "]"
                + ", from ip: " + request.clientIp()
                + ", more info at " + MORE_INFO + errcode);
        return json(status, fields);
    }

    private Reply json(int status, Map<String, Object> fields) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Error-Code", String.valueOf(fields.get("errcode")));
        headers.put("Error-Msg", asHeader(String.valueOf(fields.get("errmsg"))));
        return new Reply(status, CONTENT_TYPE, simulation.toJson(fields), null, headers);
    }

    /** Header values are printable ASCII: anything else is dropped (WeCom's errmsgs are English anyway). */
    private static String asHeader(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            if (c >= 0x20 && c < 0x7f) {
                out.append(c);
            }
        }
        return out.toString();
    }
}
