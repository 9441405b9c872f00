package dev.kcwechat.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * What every API family shares, kept in one place: the random source, the simulated clock, the
 * registered apps (AppID and AppSecret, whatever kind of app), the per-path faults and call
 * counters the router applies, and WeChat's way of writing JSON answers and errors. Thread-safe.
 */
final class Simulation {

    private final SecureRandom random = new SecureRandom();
    private final ObjectMapper json = new ObjectMapper();
    private final AtomicLong clockOffsetMillis = new AtomicLong();
    private final Map<String, String> secretsByAppId = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> callCounts = new ConcurrentHashMap<>();
    private final Map<String, Duration> latencies = new ConcurrentHashMap<>();
    private final Map<String, ScriptedError> failures = new ConcurrentHashMap<>();

    SecureRandom random() {
        return random;
    }

    // ---- clock ----

    Instant now() {
        return Instant.now().plusMillis(clockOffsetMillis.get());
    }

    void advanceClock(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("the clock only moves forward: " + duration);
        }
        clockOffsetMillis.addAndGet(duration.toMillis());
    }

    // ---- apps ----

    void registerApp(String appId, String secret) {
        secretsByAppId.put(Objects.requireNonNull(appId, "appId"), Objects.requireNonNull(secret, "secret"));
    }

    boolean isRegistered(String appId) {
        return appId != null && secretsByAppId.containsKey(appId);
    }

    /** The appid, once appid and secret check out: 41002, 40013, 41004 or 40125 otherwise. */
    String authenticate(String appId, String secret) {
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

    // ---- faults and counters, per path ----

    void failNext(String path, int count, int errcode) {
        if (count <= 0) {
            failures.remove(path);
        } else {
            failures.put(path, new ScriptedError(errcode, count));
        }
    }

    void setLatency(String path, Duration latency) {
        if (latency == null || latency.isZero() || latency.isNegative()) {
            latencies.remove(path);
        } else {
            latencies.put(path, latency);
        }
    }

    void clearFaults() {
        latencies.clear();
        failures.clear();
    }

    void count(String path) {
        callCounts.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
    }

    int calls(String path) {
        AtomicInteger count = callCounts.get(path);
        return count == null ? 0 : count.get();
    }

    void resetCalls() {
        callCounts.clear();
    }

    /** Waits the latency scripted for the path, then throws the failNext error scripted for it, if any. */
    void applyFaults(String path) {
        pause(latencies.get(path));
        ScriptedError failure = failures.get(path);
        if (failure != null && failure.take()) {
            throw new WeChatError(failure.errcode());
        }
    }

    static void pause(Duration latency) {
        if (latency == null || latency.isZero() || latency.isNegative()) {
            return;
        }
        try {
            Thread.sleep(latency.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- JSON answers ----

    /** 200 with the fields as JSON, labelled text/plain as WeChat does. */
    Reply ok(Map<String, Object> fields) {
        return Reply.wechat(HttpURLConnection.HTTP_OK, toJson(fields));
    }

    /** The fields as a JSON object, in their map's order. */
    byte[] toJson(Map<String, Object> fields) {
        try {
            return json.writeValueAsBytes(fields);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code {"errcode":N,"errmsg":"... rid: <request id>"}}. */
    Reply error(int status, WeChatError error) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("errcode", error.errcode());
        body.put("errmsg", error.getMessage() + " rid: " + Ids.requestId(random));
        Reply reply = ok(body);
        return new Reply(status, reply.contentType(), reply.body());
    }

    Reply notFound() {
        return error(HttpURLConnection.HTTP_NOT_FOUND, new WeChatError(WeChatError.INVALID_URL));
    }

    static Map<String, Object> okFields() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("errcode", 0);
        fields.put("errmsg", "ok");
        return fields;
    }

    // ---- request checks ----

    /** The body as a JSON object: 47001 for anything else. */
    JsonNode jsonObjectBody(Request request) {
        return parseObject(request.body()).orElseThrow(() -> new WeChatError(WeChatError.DATA_FORMAT_ERROR));
    }

    /** The body as a map, when it is a JSON object (JSON nulls kept). */
    Optional<Map<String, Object>> jsonObjectAsMap(String body) {
        return parseObject(body).map(node -> json.convertValue(node, new TypeReference<Map<String, Object>>() { }));
    }

    private Optional<JsonNode> parseObject(String body) {
        try {
            JsonNode node = json.readTree(body);
            return node != null && node.isObject() ? Optional.of(node) : Optional.empty();
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    static void requirePost(Request request) {
        if (!request.isPost()) {
            throw new WeChatError(WeChatError.REQUIRE_POST);
        }
    }

    /** A scripted error of a code; errors other than busy/quota burn the code, as WeChat does. */
    static void answerScriptedError(ScriptedError error, BooleanSupplier consume, int errcodeIfUsed) {
        if (!error.take()) {
            return;
        }
        if (error.consumesCode() && !consume.getAsBoolean()) {
            throw new WeChatError(errcodeIfUsed);
        }
        throw new WeChatError(error.errcode());
    }

    /** Stores a one-time code under a fresh key {@code newKey} draws; returns the key. */
    static <T> String storeUnder(Map<String, T> codes, T code, Supplier<String> newKey) {
        String key = newKey.get();
        while (codes.putIfAbsent(key, code) != null) {
            key = newKey.get();
        }
        return key;
    }

    static boolean isBlank(String text) {
        return text == null || text.isBlank();
    }
}
