package dev.kcwechat.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * A faithful in-process fake of the WeChat server API (api.weixin.qq.com) for integration tests
 * and demos: code2Session, access tokens, phone numbers, session-key checks and risk ranks, with
 * scriptable errors, broken bodies, latency and a simulated clock. Thread-safe. See WECHAT-API.md.
 */
public final class WeChatSimulator implements AutoCloseable {

    public static final String DEMO_APP_ID = "wx0123456789abcdef";
    public static final String DEMO_APP_SECRET = "0123456789abcdef0123456789abcdef";
    /** How long wx.login and getPhoneNumber codes can be used. */
    public static final Duration CODE_VALIDITY = Duration.ofMinutes(5);

    public static final String JSCODE2SESSION = "/sns/jscode2session";
    public static final String TOKEN = "/cgi-bin/token";
    public static final String STABLE_TOKEN = "/cgi-bin/stable_token";
    public static final String PHONE_NUMBER = "/wxa/business/getuserphonenumber";
    public static final String CHECK_SESSION = "/wxa/checksession";
    public static final String RESET_SESSION_KEY = "/wxa/resetusersessionkey";
    /** getUserRiskRank: POST JSON {appid, openid, scene, client_ip, ...} -> risk_rank 0 to 4. */
    public static final String RISK_RANK = "/wxa/getuserriskrank";
    /** Demo only: stands in for wx.login() in the mini-program. */
    public static final String DEMO_LOGIN = "/sim/wx.login";
    /** Demo only: stands in for the getPhoneNumber button. */
    public static final String DEMO_PHONE = "/sim/phone";

    private static final int DEFAULT_DEMO_PORT = 8500;
    private static final String NODELAY_PROPERTY = "sun.net.httpserver.nodelay";

    private final SecureRandom random = new SecureRandom();
    private final ObjectMapper json = new ObjectMapper();
    private final AtomicLong clockOffsetMillis = new AtomicLong();
    private final Map<String, String> secretsByAppId = new ConcurrentHashMap<>();
    private final Map<String, LoginCode> loginCodes = new ConcurrentHashMap<>();
    private final Map<String, PhoneCode> phoneCodes = new ConcurrentHashMap<>();
    private final AccessTokens accessTokens = new AccessTokens(random);
    private final SessionKeys sessionKeys = new SessionKeys();
    private final RiskRanks riskRanks = new RiskRanks(random);
    private final Map<String, AtomicInteger> callCounts = new ConcurrentHashMap<>();
    private final Map<String, Duration> latencies = new ConcurrentHashMap<>();
    private final Map<String, ScriptedError> failures = new ConcurrentHashMap<>();
    private final HttpServer server;
    private final ExecutorService executor;
    private volatile String demoAppId;

    private WeChatSimulator(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
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
            server.createContext("/", simulator::handle);
            server.setExecutor(executor);
            server.start();
            return simulator.registerApp(DEMO_APP_ID, DEMO_APP_SECRET);
        } catch (IOException e) {
            executor.shutdownNow();
            throw new UncheckedIOException("cannot listen on " + host + ":" + port, e);
        }
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    // ---- scripting ----

    public WeChatSimulator registerApp(String appId, String secret) {
        secretsByAppId.put(Objects.requireNonNull(appId, "appId"), Objects.requireNonNull(secret, "secret"));
        return this;
    }

    /** A code as wx.login gives it; unionid null: the app is not bound to an Open Platform account. */
    public String newCode(String appId, String openid, String unionid) {
        return code(appId).openid(openid).unionid(unionid).issue();
    }

    /** Scripts a code; defaults: random openid, unionid and session_key, valid 5 minutes. */
    public CodeScript code(String appId) {
        return new CodeScript(this, appId, Ids.openid(random), Ids.unionid(random), Ids.sessionKey(random));
    }

    /** A getPhoneNumber code, e.g. ("13800138000", "13800138000", "86") or ("+1 2025550123", "2025550123", "1"). */
    public String newPhoneCode(String appId, String phoneNumber, String purePhoneNumber, String countryCode) {
        return phoneCode(appId).phoneNumber(phoneNumber).purePhoneNumber(purePhoneNumber)
                .countryCode(countryCode).issue();
    }

    public PhoneScript phoneCode(String appId) {
        return new PhoneScript(this, appId);
    }

    /** Moves the simulated clock (codes, tokens, watermark timestamps) forward. */
    public void advanceClock(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("the clock only moves forward: " + duration);
        }
        clockOffsetMillis.addAndGet(duration.toMillis());
    }

    /** Access tokens issued from now on live this long instead of WeChat's 2 hours (for renewal tests). */
    public void setAccessTokenLifetime(Duration lifetime) {
        accessTokens.setLifetime(lifetime);
    }

    /** Every access token issued so far becomes invalid: using one answers 40001. */
    public void invalidateAccessTokens() {
        accessTokens.invalidateAll();
    }

    /** The next {@code count} calls to {@code path} answer {@code errcode} (e.g. -1, 45011). */
    public void failNext(String path, int count, int errcode) {
        if (count <= 0) {
            failures.remove(path);
        } else {
            failures.put(path, new ScriptedError(errcode, count));
        }
    }

    /** Delays every call to {@code path} by {@code latency}; null or zero removes the delay. */
    public void setLatency(String path, Duration latency) {
        if (latency == null || latency.isZero() || latency.isNegative()) {
            latencies.remove(path);
        } else {
            latencies.put(path, latency);
        }
    }

    /** Removes every latency and pending failure set with setLatency and failNext. */
    public void clearFaults() {
        latencies.clear();
        failures.clear();
    }

    /** HTTP calls received for {@code path}, counted before latency and failures. */
    public int calls(String path) {
        AtomicInteger count = callCounts.get(path);
        return count == null ? 0 : count.get();
    }

    /** Forgets the call counts and the recorded risk-rank requests. */
    public void resetCounters() {
        callCounts.clear();
        riskRanks.clearRequests();
    }

    /**
     * The risk_rank (0 to 4) getuserriskrank answers for that user; default 0. The user still
     * needs a code issued in that app (a recent visit), else the answer is 61010.
     */
    public void setRiskRank(String appId, String openid, int rank) {
        riskRanks.setRank(Objects.requireNonNull(appId, "appId"), Objects.requireNonNull(openid, "openid"), rank);
    }

    /** getuserriskrank answers 61010 (no recent visit) for that user, even after new codes. */
    public void markInactive(String appId, String openid) {
        riskRanks.markInactive(Objects.requireNonNull(appId, "appId"), Objects.requireNonNull(openid, "openid"));
    }

    /**
     * The JSON-object bodies of the calls to {@link #RISK_RANK}, oldest first, as sent (scene,
     * client_ip, openid, appid, ...), whatever the answer, failNext ones included; recorded
     * like {@link #calls(String)} counts them and cleared by {@link #resetCounters()}.
     */
    public List<Map<String, Object>> riskRequests() {
        return riskRanks.requests();
    }

    /** Every session_key the simulator ever answered, oldest first. */
    public List<String> issuedSessionKeys() {
        return sessionKeys.issued();
    }

    /** The session_key checksession currently accepts for that user. */
    public Optional<String> currentSessionKey(String appId, String openid) {
        return sessionKeys.current(appId, openid);
    }

    /** The checksession/resetusersessionkey signature for a session_key. */
    public static String sessionKeySignature(String sessionKey) {
        return SessionKeys.signature(sessionKey);
    }

    /** Turns on the /sim/ endpoints of the demo; codes are for {@code defaultAppId} unless &appid= says otherwise. */
    public WeChatSimulator enableDemoEndpoints(String defaultAppId) {
        this.demoAppId = Objects.requireNonNull(defaultAppId, "defaultAppId");
        return this;
    }

    Instant now() {
        return Instant.now().plusMillis(clockOffsetMillis.get());
    }

    /** Also tells getuserriskrank the user has just visited the app. */
    String store(LoginCode code) {
        riskRanks.visited(code.appId(), code.openid());
        return storeUnder(loginCodes, code, () -> Ids.loginCode(random));
    }

    String store(PhoneCode code) {
        return storeUnder(phoneCodes, code, () -> Ids.phoneCode(random));
    }

    private static <T> String storeUnder(Map<String, T> codes, T code, Supplier<String> newKey) {
        String key = newKey.get();
        while (codes.putIfAbsent(key, code) != null) {
            key = newKey.get();
        }
        return key;
    }

    // ---- HTTP plumbing ----

    private record Request(String method, String path, Map<String, String> query, String body) {

        static Request of(HttpExchange exchange) throws IOException {
            return new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    parseQuery(exchange.getRequestURI().getRawQuery()),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        }

        String param(String name) {
            return query.get(name);
        }

        private static Map<String, String> parseQuery(String rawQuery) {
            Map<String, String> params = new HashMap<>();
            if (rawQuery == null || rawQuery.isEmpty()) {
                return params;
            }
            for (String pair : rawQuery.split("&")) {
                String[] nameAndValue = pair.split("=", 2);
                params.putIfAbsent(decode(nameAndValue[0]), nameAndValue.length > 1 ? decode(nameAndValue[1]) : "");
            }
            return params;
        }

        private static String decode(String text) {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            send(exchange, answer(Request.of(exchange)));
        } finally {
            exchange.close();
        }
    }

    private static void send(HttpExchange exchange, Reply reply) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", reply.contentType());
        byte[] body = reply.body();
        exchange.sendResponseHeaders(reply.status(), body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private Reply answer(Request request) {
        callCounts.computeIfAbsent(request.path(), path -> new AtomicInteger()).incrementAndGet();
        if (RISK_RANK.equals(request.path())) {
            recordRiskRequest(request);
        }
        pause(latencies.get(request.path()));
        try {
            ScriptedError failure = failures.get(request.path());
            if (failure != null && failure.take()) {
                throw new WeChatError(failure.errcode());
            }
            return route(request);
        } catch (WeChatError e) {
            return error(HttpURLConnection.HTTP_OK, e);
        } catch (RuntimeException e) {
            e.printStackTrace();
            return error(HttpURLConnection.HTTP_INTERNAL_ERROR, new WeChatError(WeChatError.SYSTEM_BUSY));
        }
    }

    private Reply route(Request request) {
        if (demoAppId != null && request.path().startsWith("/sim/")) {
            return demo(request);
        }
        return switch (request.path()) {
            case JSCODE2SESSION -> jscode2session(request);
            case TOKEN -> token(request);
            case STABLE_TOKEN -> stableToken(request);
            case PHONE_NUMBER -> phoneNumber(request);
            case CHECK_SESSION -> checkSession(request);
            case RESET_SESSION_KEY -> resetSessionKey(request);
            case RISK_RANK -> riskRank(request);
            default -> notFound();
        };
    }

    /** Bodies that are not JSON objects are not recorded (the endpoint answers them 47001). */
    private void recordRiskRequest(Request request) {
        try {
            JsonNode body = json.readTree(request.body());
            if (body != null && body.isObject()) {
                riskRanks.record(json.convertValue(body, new TypeReference<Map<String, Object>>() { }));
            }
        } catch (JsonProcessingException e) {
            // not recorded
        }
    }

    private static void pause(Duration latency) {
        if (latency == null || latency.isZero() || latency.isNegative()) {
            return;
        }
        try {
            Thread.sleep(latency.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Reply ok(Map<String, Object> fields) {
        try {
            return Reply.wechat(HttpURLConnection.HTTP_OK, json.writeValueAsBytes(fields));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Reply error(int status, WeChatError error) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("errcode", error.errcode());
        body.put("errmsg", error.getMessage() + " rid: " + Ids.requestId(random));
        Reply reply = ok(body);
        return new Reply(status, reply.contentType(), reply.body());
    }

    private Reply notFound() {
        return error(HttpURLConnection.HTTP_NOT_FOUND, new WeChatError(WeChatError.INVALID_URL));
    }

    private static Map<String, Object> okFields() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("errcode", 0);
        fields.put("errmsg", "ok");
        return fields;
    }

    // ---- shared checks ----

    /** The appid, once appid and secret check out. */
    private String authenticate(String appId, String secret) {
        if (isBlank(appId)) {
            throw new WeChatError(WeChatError.APPID_MISSING);
        }
        String expectedSecret = secretsByAppId.get(appId);
        if (expectedSecret == null) {
            throw new WeChatError(WeChatError.INVALID_APPID);
        }
        if (isBlank(secret)) {
            throw new WeChatError(WeChatError.APPSECRET_MISSING);
        }
        if (!expectedSecret.equals(secret)) {
            throw new WeChatError(WeChatError.INVALID_APPSECRET);
        }
        return appId;
    }

    private static void requireClientCredential(String grantType) {
        if (!"client_credential".equals(grantType)) {
            throw new WeChatError(WeChatError.INVALID_GRANT_TYPE);
        }
    }

    private static void requirePost(Request request) {
        if (!"POST".equalsIgnoreCase(request.method())) {
            throw new WeChatError(WeChatError.REQUIRE_POST);
        }
    }

    private JsonNode jsonObjectBody(Request request) {
        try {
            JsonNode body = json.readTree(request.body());
            if (body != null && body.isObject()) {
                return body;
            }
        } catch (JsonProcessingException e) {
            // answered below, like any other body that is not a JSON object
        }
        throw new WeChatError(WeChatError.DATA_FORMAT_ERROR);
    }

    /** A scripted error; errors other than busy/quota burn the code, as WeChat does. */
    private static void answerScriptedError(ScriptedError error, BooleanSupplier consume, int errcodeIfUsed) {
        if (!error.take()) {
            return;
        }
        if (error.consumesCode() && !consume.getAsBoolean()) {
            throw new WeChatError(errcodeIfUsed);
        }
        throw new WeChatError(error.errcode());
    }

    private static boolean isBlank(String text) {
        return text == null || text.isBlank();
    }

    // ---- endpoints ----

    private Reply jscode2session(Request request) {
        String appId = authenticate(request.param("appid"), request.param("secret"));
        String jsCode = request.param("js_code");
        if (isBlank(jsCode)) {
            throw new WeChatError(WeChatError.CODE_MISSING);
        }
        // Only authorization_code is accepted; WeChat reports anything else as a bad code.
        if (!"authorization_code".equals(request.param("grant_type"))) {
            throw new WeChatError(WeChatError.INVALID_CODE);
        }
        LoginCode code = loginCodes.get(jsCode);
        if (code == null || !code.appId().equals(appId)) {
            throw new WeChatError(WeChatError.INVALID_CODE);
        }
        pause(code.latency());
        return redeem(code);
    }

    private Reply redeem(LoginCode code) {
        if (code.isUsed()) {
            throw new WeChatError(WeChatError.CODE_USED);
        }
        if (code.isExpiredAt(now())) {
            throw new WeChatError(WeChatError.INVALID_CODE);
        }
        if (code.bodyStyle() == LoginCode.BodyStyle.EMPTY) {
            return Reply.emptyHtml();
        }
        if (code.bodyStyle() == LoginCode.BodyStyle.GARBAGE) {
            return Reply.garbageHtml();
        }
        answerScriptedError(code.error(), code::consume, WeChatError.CODE_USED);
        if (!code.consume()) {
            throw new WeChatError(WeChatError.CODE_USED);
        }
        sessionKeys.issue(code.appId(), code.openid(), code.sessionKey());
        return ok(sessionFields(code));
    }

    private static Map<String, Object> sessionFields(LoginCode code) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("openid", code.openid());
        fields.put("session_key", code.sessionKey());
        if (code.unionid() != null) {
            fields.put("unionid", code.unionid());
        }
        return fields;
    }

    private Reply token(Request request) {
        requireClientCredential(request.param("grant_type"));
        String appId = authenticate(request.param("appid"), request.param("secret"));
        Instant now = now();
        return tokenReply(accessTokens.issue(appId, now), now);
    }

    private Reply stableToken(Request request) {
        requirePost(request);
        JsonNode body = jsonObjectBody(request);
        requireClientCredential(body.path("grant_type").asText(null));
        String appId = authenticate(body.path("appid").asText(null), body.path("secret").asText(null));
        boolean forceRefresh = body.path("force_refresh").asBoolean(false);
        Instant now = now();
        return tokenReply(accessTokens.stable(appId, forceRefresh, now), now);
    }

    private Reply tokenReply(AccessTokens.Token token, Instant now) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("access_token", token.value());
        fields.put("expires_in", token.remainingSecondsAt(now));
        return ok(fields);
    }

    private Reply phoneNumber(Request request) {
        requirePost(request);
        String appId = accessTokens.appIdOf(request.param("access_token"), now());
        String value = jsonObjectBody(request).path("code").asText(null);
        if (isBlank(value)) {
            throw new WeChatError(WeChatError.DATA_FORMAT_ERROR);
        }
        PhoneCode code = phoneCodes.get(value);
        if (code == null || !code.appId().equals(appId) || code.isExpiredAt(now())) {
            throw new WeChatError(WeChatError.INVALID_CODE);
        }
        answerScriptedError(code.error(), code::consume, WeChatError.INVALID_CODE);
        if (!code.consume()) {
            throw new WeChatError(WeChatError.INVALID_CODE);
        }
        Map<String, Object> fields = okFields();
        fields.put("phone_info", phoneInfo(code, appId));
        return ok(fields);
    }

    private Map<String, Object> phoneInfo(PhoneCode code, String tokenAppId) {
        Map<String, Object> watermark = new LinkedHashMap<>();
        watermark.put("timestamp", now().getEpochSecond());
        watermark.put("appid", code.watermarkAppId() != null ? code.watermarkAppId() : tokenAppId);
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("phoneNumber", code.phoneNumber());
        info.put("purePhoneNumber", code.purePhoneNumber());
        info.put("countryCode", code.countryCode());
        info.put("watermark", watermark);
        return info;
    }

    private Reply checkSession(Request request) {
        String appId = accessTokens.appIdOf(request.param("access_token"), now());
        requireValidSignature(appId, request);
        return ok(okFields());
    }

    private Reply resetSessionKey(Request request) {
        String appId = accessTokens.appIdOf(request.param("access_token"), now());
        String openid = requireValidSignature(appId, request);
        String sessionKey = Ids.sessionKey(random);
        sessionKeys.issue(appId, openid, sessionKey);
        Map<String, Object> fields = okFields();
        fields.put("openid", openid);
        fields.put("session_key", sessionKey);
        return ok(fields);
    }

    /** The openid, once the signature matches that user's current session_key. */
    private String requireValidSignature(String appId, Request request) {
        String openid = request.param("openid");
        boolean valid = "hmac_sha256".equals(request.param("sig_method"))
                && !isBlank(openid)
                && sessionKeys.matchesCurrent(appId, openid, request.param("signature"));
        if (!valid) {
            throw new WeChatError(WeChatError.INVALID_SIGNATURE);
        }
        return openid;
    }

    /**
     * Checks as WeChat does: token (41001/40001/42001), body appid = the token's app (40013),
     * scene 0 or 1 (47001), openid (40003), a recent visit of that user (61010).
     */
    private Reply riskRank(Request request) {
        requirePost(request);
        String appId = accessTokens.appIdOf(request.param("access_token"), now());
        JsonNode body = jsonObjectBody(request);
        if (!appId.equals(body.path("appid").asText(null))) {
            throw new WeChatError(WeChatError.INVALID_APPID);
        }
        JsonNode scene = body.path("scene");
        if (!scene.isIntegralNumber() || !scene.canConvertToInt() || !RiskRanks.isScene(scene.intValue())) {
            throw new WeChatError(WeChatError.DATA_FORMAT_ERROR);
        }
        JsonNode openid = body.path("openid");
        if (!openid.isTextual() || openid.asText().isBlank()) {
            throw new WeChatError(WeChatError.INVALID_OPENID);
        }
        int rank = riskRanks.rankOf(appId, openid.asText());
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("errcode", 0);
        fields.put("errmsg", "getuserriskrank succ"); // WeChat's own text here, not "ok"
        fields.put("risk_rank", rank);
        fields.put("unoin_id", riskRanks.nextUnoinId());
        return ok(fields);
    }

    // ---- demo ----

    private Reply demo(Request request) {
        String appId = Objects.requireNonNullElse(request.param("appid"), demoAppId);
        if (!secretsByAppId.containsKey(appId)) {
            return Reply.text(HttpURLConnection.HTTP_BAD_REQUEST, "unknown appid " + appId);
        }
        return switch (request.path()) {
            case DEMO_LOGIN -> demoLogin(request, appId);
            case DEMO_PHONE -> demoPhone(request, appId);
            default -> notFound();
        };
    }

    /** wx.login for a named user: the same user always gets the same openid and unionid. */
    private Reply demoLogin(Request request, String appId) {
        String user = request.param("user");
        if (isBlank(user)) {
            return Reply.text(HttpURLConnection.HTTP_BAD_REQUEST, "missing user");
        }
        String unionid = "true".equalsIgnoreCase(request.param("nounionid")) ? null : Ids.stableUnionid(user);
        return Reply.text(HttpURLConnection.HTTP_OK, newCode(appId, Ids.stableOpenid(appId, user), unionid));
    }

    /** The getPhoneNumber button; &country= (default 86) for numbers outside China. */
    private Reply demoPhone(Request request, String appId) {
        String number = request.param("number");
        if (isBlank(number)) {
            return Reply.text(HttpURLConnection.HTTP_BAD_REQUEST, "missing number");
        }
        String country = Objects.requireNonNullElse(request.param("country"), "86");
        String shown = "86".equals(country) ? number : "+" + country + " " + number;
        return Reply.text(HttpURLConnection.HTTP_OK, newPhoneCode(appId, shown, number, country));
    }

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
        return isBlank(value) ? fallback : value;
    }
}
