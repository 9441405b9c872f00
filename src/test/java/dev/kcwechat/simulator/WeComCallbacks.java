package dev.kcwechat.simulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * WeCom calling a corp's callback URL (WECHAT-API.md §9), signed and encrypted with the corp's
 * Token and EncodingAESKey: the URL verification WeCom does when an admin saves the URL
 * ({@code GET ?msg_signature&timestamp&nonce&echostr}, answered with the echo in plain text) and
 * events ({@code POST ?msg_signature&timestamp&nonce} with the encrypted message in an XML
 * envelope). Each call returns what the server answered and how long it took (WeCom waits 1 s
 * for a verification and 5 s for an event).
 *
 * <p>Requests are values a test can tamper with before sending: another signature, a stale
 * timestamp, a nonce used before, a message encrypted for another corp; sending one twice is a
 * replay. Timestamps come from the clock given (the simulator's, when it made this).
 *
 * <p>{@link WeChatSimulator#weComCallbackTarget} makes one per corp; tests may also make their own.
 */
public final class WeComCallbacks {

    /** An HTTP answer of the callback URL. */
    public record Answer(int status, String body, Duration elapsed) {
    }

    /** A URL verification: the query of the GET, and the echo the server should answer. */
    public record UrlCheck(String msgSignature, String timestamp, String nonce, String echostr, String echo) {

        public UrlCheck withSignature(String signature) {
            return new UrlCheck(signature, timestamp, nonce, echostr, echo);
        }
    }

    /** A URL verification sent, and what came back. */
    public record Verification(UrlCheck check, Answer answer) {

        /** Whether the server answered 200 with the echo alone, as WeCom wants. */
        public boolean passed() {
            return answer.status() == 200 && check.echo().equals(answer.body());
        }
    }

    /** An event: the query of the POST and its XML body. */
    public record Event(String msgSignature, String timestamp, String nonce, String body) {

        public Event withSignature(String signature) {
            return new Event(signature, timestamp, nonce, body);
        }
    }

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final String callbackUrl;
    private final String token;
    private final WeComCallbackCipher cipher;
    private final String corpId;
    private final String agentId;
    private final Supplier<Instant> clock;
    private final SecureRandom random = new SecureRandom();
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(TIMEOUT)
            .build();

    /** Callbacks of one corp's app (agentId null: none, as for the contacts-sync app), timed by the system clock. */
    public WeComCallbacks(String callbackUrl, String token, String encodingAesKey, String corpId, String agentId) {
        this(callbackUrl, token, encodingAesKey, corpId, agentId, Instant::now);
    }

    WeComCallbacks(String callbackUrl, String token, String encodingAesKey, String corpId, String agentId,
                   Supplier<Instant> clock) {
        this.callbackUrl = URI.create(Objects.requireNonNull(callbackUrl, "callbackUrl")).toString();
        if (Simulation.isBlank(token)) {
            throw new IllegalArgumentException("a callback URL is set with a Token");
        }
        this.token = token;
        this.cipher = new WeComCallbackCipher(encodingAesKey);
        this.corpId = Objects.requireNonNull(corpId, "corpId");
        this.agentId = agentId;
        this.clock = clock;
    }

    public String callbackUrl() {
        return callbackUrl;
    }

    // ---- URL verification ----

    /** Verifies the URL with a random echo, as WeCom does when the admin saves it. */
    public Verification verifyUrl() {
        UrlCheck check = urlCheck(digits(19));
        return new Verification(check, get(check));
    }

    /** A URL verification of that echo, signed now with a random nonce. */
    public UrlCheck urlCheck(String echo) {
        String timestamp = timestamp();
        String nonce = digits(10);
        String echostr = cipher.encrypt(randomBytes(), echo, corpId);
        return new UrlCheck(WeComCallbackCipher.signature(token, timestamp, nonce, echostr), timestamp, nonce, echostr, echo);
    }

    public Answer get(UrlCheck check) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("msg_signature", check.msgSignature());
        query.put("timestamp", check.timestamp());
        query.put("nonce", check.nonce());
        query.put("echostr", check.echostr());
        return call(HttpRequest.newBuilder(withQuery(query)).GET());
    }

    // ---- events ----

    /** Sends a message (e.g. of {@link WeComContactEvents}) now, with a random nonce. */
    public Answer send(String message) {
        return post(event(message));
    }

    /** A message signed and encrypted for this corp now, with a random nonce. */
    public Event event(String message) {
        return event(message, timestamp(), digits(10));
    }

    /** A message signed and encrypted for this corp with that timestamp and nonce (stale ones, reused ones). */
    public Event event(String message, String timestamp, String nonce) {
        return event(corpId, message, timestamp, nonce);
    }

    /** A message encrypted (and addressed) for another corp, signed with this corp's Token. */
    public Event eventFor(String receiveId, String message) {
        return event(receiveId, message, timestamp(), digits(10));
    }

    /** POSTs the event as WeCom does (text/xml); sending the same event twice replays it. */
    public Answer post(Event event) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("msg_signature", event.msgSignature());
        query.put("timestamp", event.timestamp());
        query.put("nonce", event.nonce());
        return call(HttpRequest.newBuilder(withQuery(query))
                .header("Content-Type", "text/xml")
                .POST(HttpRequest.BodyPublishers.ofString(event.body(), StandardCharsets.UTF_8)));
    }

    private Event event(String receiveId, String message, String timestamp, String nonce) {
        String encrypted = cipher.encrypt(randomBytes(), message, receiveId);
        StringBuilder body = new StringBuilder("<xml><ToUserName>").append(WeComContactEvents.cdata(receiveId)).append("</ToUserName>");
        if (agentId != null) {
            body.append("<AgentID>").append(WeComContactEvents.cdata(agentId)).append("</AgentID>");
        }
        body.append("<Encrypt>").append(WeComContactEvents.cdata(encrypted)).append("</Encrypt></xml>");
        return new Event(WeComCallbackCipher.signature(token, timestamp, nonce, encrypted), timestamp, nonce, body.toString());
    }

    // ---- HTTP ----

    private Answer call(HttpRequest.Builder request) {
        long start = System.nanoTime();
        try {
            HttpResponse<String> response = http.send(request.timeout(TIMEOUT).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Answer(response.statusCode(), response.body(), Duration.ofNanos(System.nanoTime() - start));
        } catch (IOException e) {
            throw new UncheckedIOException("the callback URL " + callbackUrl + " did not answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted calling " + callbackUrl, e);
        }
    }

    private URI withQuery(Map<String, String> query) {
        String encoded = query.entrySet().stream()
                .map(entry -> entry.getKey() + "=" + URLEncoder.encode(entry.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return URI.create(callbackUrl + (callbackUrl.contains("?") ? "&" : "?") + encoded);
    }

    private String timestamp() {
        return String.valueOf(clock.get().getEpochSecond());
    }

    private byte[] randomBytes() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return bytes;
    }

    /** WeCom's nonces and echoes are decimal digits. */
    private String digits(int length) {
        StringBuilder out = new StringBuilder(length);
        out.append(1 + random.nextInt(9));
        while (out.length() < length) {
            out.append(random.nextInt(10));
        }
        return out.toString();
    }
}
