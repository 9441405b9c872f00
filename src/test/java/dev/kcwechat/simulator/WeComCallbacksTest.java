package dev.kcwechat.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.kcwechat.wecom.callback.CallbackXml;
import dev.kcwechat.wecom.callback.WeComCallbackCrypto;
import dev.kcwechat.wecom.callback.WeComCallbackException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * WeCom calling a callback URL: the simulator's own crypto against the values of WeCom's
 * WXBizMsgCrypt samples (Sample.cpp of the official C++ library, kept in LeoEatle/WXBizMsgCryptNode),
 * and its requests against a receiver that checks them with the extension's crypto, so that the two
 * independent implementations must agree.
 */
class WeComCallbacksTest {

    private static final String SAMPLE_TOKEN = "QDG6eK";
    private static final String SAMPLE_CORP_ID = "wx5823bf96d3bd56c7";
    private static final String SAMPLE_KEY = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C";
    private static final String SAMPLE_SIGNATURE = "5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3";
    private static final String SAMPLE_TIMESTAMP = "1409659589";
    private static final String SAMPLE_NONCE = "263014780";
    private static final String SAMPLE_ECHOSTR =
            "P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ==";
    private static final String SAMPLE_ECHO = "1616140317555161061";
    private static final String SAMPLE_POST_SIGNATURE = "477715d11cdb4164915debcba66cb864d751f3e6";
    private static final String SAMPLE_POST_TIMESTAMP = "1409659813";
    private static final String SAMPLE_POST_NONCE = "1372623149";
    private static final String SAMPLE_POST_ENCRYPT = "RypEvHKD8QQKFhvQ6QleEB4J58tiPdvo+rtK1I9qca6aM/wvqnLSV5zEPeusUiX5L5X/0lWfrf0Q"
            + "ADHHhGd3QczcdCUpj911L3vg3W/sYYvuJTs3TUUkSUXxaccAS0qhxchrRYt66wiSpGLYL42aM6A8dTT+6k4aSknmPj48kzJs8qLjvd4X"
            + "gpue06DOdnLxAUHzM6+kDZ+HMZfJYuR+LtwGc2hgf5gsijff0ekUNXZiqATP7PF5mZxZ3Izoun1s4zG4LUMnvw2r+KqCKIw+3IQH03v+"
            + "BCA9nMELNqbSf6tiWSrXJB3LAVGUcallcrw8V2t9EL4EhzJWrQUax5wLVMNS0+rUPA3k22Ncx4XXZS9o0MBH27Bo6BpNelZpS+/uh9Ks"
            + "NlY6bHCmJU9p8g7m3fVKn28H3KDYA5Pl/T8Z1ptDAVe0lXdQ2YoyyH2uyPIGHBZZIs2pDBS8R07+qN+E7Q==";

    private static final String CORP_ID = "ww1a2b3c4d5e6f7a8b";
    private static final int AGENT_ID = 1000005;
    private static final String TOKEN = "CallbackTok3n";
    private static final String KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";

    private WeChatSimulator wechat;
    private Receiver receiver;

    @BeforeEach
    void start() throws IOException {
        receiver = new Receiver(new WeComCallbackCrypto(TOKEN, KEY, CORP_ID));
        wechat = WeChatSimulator.start(0)
                .registerCorp(CORP_ID, AGENT_ID, "s3cr3t-of-the-app-1000005-0123456789abcdef")
                .weComMember(CORP_ID, "zhangsan", "张三", List.of(1, 2), WeChatSimulator.WECOM_STATUS_ACTIVE, null, null)
                .weComMember(CORP_ID, "lisi", "李四", List.of(2), WeChatSimulator.WECOM_STATUS_ACTIVE, null, null)
                .weComCallbackTarget(CORP_ID, receiver.url(), TOKEN, KEY);
    }

    @AfterEach
    void stop() {
        wechat.close();
        receiver.close();
    }

    // ---- WeCom's published samples ----

    @Test
    void theSimulatorsSignatureOverTheSampleIsTheSamplesMsgSignature() {
        assertThat(WeComCallbackCipher.signature(SAMPLE_TOKEN, SAMPLE_TIMESTAMP, SAMPLE_NONCE, SAMPLE_ECHOSTR))
                .isEqualTo(SAMPLE_SIGNATURE);
        assertThat(WeComCallbackCipher.signature(SAMPLE_TOKEN, SAMPLE_POST_TIMESTAMP, SAMPLE_POST_NONCE, SAMPLE_POST_ENCRYPT))
                .isEqualTo(SAMPLE_POST_SIGNATURE);
    }

    @Test
    void theSimulatorsCipherDecryptsAndReEncryptsTheSamplesEchostr() {
        WeComCallbackCipher cipher = new WeComCallbackCipher(SAMPLE_KEY);

        WeComCallbackCipher.Plain plain = cipher.decrypt(SAMPLE_ECHOSTR);

        assertThat(plain.msg()).isEqualTo(SAMPLE_ECHO);
        assertThat(plain.receiveId()).isEqualTo(SAMPLE_CORP_ID);
        assertThat(cipher.encrypt(plain.random(), SAMPLE_ECHO, SAMPLE_CORP_ID)).isEqualTo(SAMPLE_ECHOSTR);
        WeComCallbackCipher.Plain post = cipher.decrypt(SAMPLE_POST_ENCRYPT);
        assertThat(post.msg()).startsWith("<xml><ToUserName><![CDATA[wx5823bf96d3bd56c7]]></ToUserName>")
                .contains("<Content><![CDATA[hello]]></Content>").contains("<AgentID>218</AgentID>");
        assertThat(cipher.encrypt(post.random(), post.msg(), post.receiveId())).isEqualTo(SAMPLE_POST_ENCRYPT);
    }

    @Test
    void aBadEncodingAesKeyIsRefused() {
        assertThatThrownBy(() -> new WeComCallbacks(receiver.url(), TOKEN, KEY.substring(1), CORP_ID, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> wechat.weComCallbackTarget(CORP_ID, receiver.url(), TOKEN, KEY + "A"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // ---- URL verification ----

    @Test
    void verifiesTheUrlWithARandomEchoTheReceiverMustAnswer() {
        WeComCallbacks.Verification verification = wechat.weComCallbacks(CORP_ID).verifyUrl();

        assertThat(verification.passed()).isTrue();
        assertThat(verification.check().echo()).matches("[1-9][0-9]{18}");
        assertThat(verification.answer().body()).isEqualTo(verification.check().echo());
        assertThat(receiver.requests).singleElement().satisfies(request -> {
            assertThat(request.method()).isEqualTo("GET");
            assertThat(request.query()).containsOnlyKeys("msg_signature", "timestamp", "nonce", "echostr");
            assertThat(request.query().get("nonce")).matches("[0-9]{10}");
        });
    }

    @Test
    void aVerificationWithAWrongSignatureFails() {
        WeComCallbacks callbacks = wechat.weComCallbacks(CORP_ID);
        WeComCallbacks.UrlCheck check = callbacks.urlCheck("1234567890");

        WeComCallbacks.Answer answer = callbacks.get(check.withSignature("0".repeat(40)));

        assertThat(answer.status()).isEqualTo(403);
        assertThat(new WeComCallbacks.Verification(check, answer).passed()).isFalse();
    }

    // ---- events ----

    @Test
    void aMemberLeavingIsDeletedFromTheDirectoryAndSentAsDeleteUser() {
        int status = wechat.weComMemberLeaves(CORP_ID, "zhangsan");

        assertThat(status).isEqualTo(200);
        assertThat(receiver.changes).singleElement().satisfies(change -> {
            assertThat(change.changeType()).isEqualTo("delete_user");
            assertThat(change.userId()).isEqualTo("zhangsan");
            assertThat(change.toUserName()).isEqualTo(CORP_ID);
            assertThat(change.msgType()).isEqualTo("event");
            assertThat(change.event()).isEqualTo("change_contact");
            assertThat(change.status()).isNull();
        });
        assertThat(receiver.requests).singleElement().satisfies(request -> {
            assertThat(request.method()).isEqualTo("POST");
            assertThat(request.contentType()).isEqualTo("text/xml");
            assertThat(request.query()).containsOnlyKeys("msg_signature", "timestamp", "nonce");
            assertThat(request.body()).matches("<xml><ToUserName><!\\[CDATA\\[" + CORP_ID + "]]></ToUserName>"
                    + "<AgentID><!\\[CDATA\\[" + AGENT_ID + "]]></AgentID><Encrypt><!\\[CDATA\\[[A-Za-z0-9+/=]+]]></Encrypt></xml>");
        });
        assertThatThrownBy(() -> wechat.weComMemberLeaves(CORP_ID, "zhangsan")).as("no longer a member")
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(wechat.weComCallbacks(CORP_ID)).isNotNull();
    }

    @Test
    void aDisabledMemberIsSentAsUpdateUserWithStatusTwo() {
        assertThat(wechat.weComMemberDisabled(CORP_ID, "lisi")).isEqualTo(200);

        assertThat(receiver.changes).singleElement().satisfies(change -> {
            assertThat(change.changeType()).isEqualTo("update_user");
            assertThat(change.userId()).isEqualTo("lisi");
            assertThat(change.status()).isEqualTo(2);
        });
    }

    @Test
    void aChangedUseridIsSentAsUpdateUserWithNewUserId() {
        assertThat(wechat.weComMemberUseridChanged(CORP_ID, "lisi", "lisi2")).isEqualTo(200);

        assertThat(receiver.changes).singleElement().satisfies(change -> {
            assertThat(change.changeType()).isEqualTo("update_user");
            assertThat(change.userId()).isEqualTo("lisi");
            assertThat(change.newUserId()).isEqualTo("lisi2");
            assertThat(change.status()).isNull();
        });
    }

    @Test
    void silentChangesSendNothing() {
        wechat.weComMemberStatus(CORP_ID, "lisi", WeChatSimulator.WECOM_STATUS_DISABLED)
                .weComRemoveMember(CORP_ID, "zhangsan");

        assertThat(receiver.requests).isEmpty();
        assertThatThrownBy(() -> wechat.weComRemoveMember(CORP_ID, "zhangsan")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void whatTheReceiverAnswersIsReturned() {
        receiver.answerStatus = 500;

        assertThat(wechat.weComMemberDisabled(CORP_ID, "lisi")).isEqualTo(500);
    }

    @Test
    void eventsAreStampedWithTheSimulatorsClock() {
        wechat.advanceClock(Duration.ofHours(3));

        wechat.weComMemberDisabled(CORP_ID, "lisi");

        long expected = Instant.now().plus(Duration.ofHours(3)).getEpochSecond();
        assertThat(Long.parseLong(receiver.requests.get(0).query().get("timestamp"))).isBetween(expected - 5, expected + 5);
        Matcher createTime = Pattern.compile("<CreateTime>(\\d+)</CreateTime>")
                .matcher(receiver.messages.get(0));
        assertThat(createTime.find()).isTrue();
        assertThat(Long.parseLong(createTime.group(1))).isBetween(expected - 5, expected + 5);
    }

    @Test
    void aTestMayChooseTheTimestampAndNonceAndReplayAnEvent() {
        WeComCallbacks callbacks = wechat.weComCallbacks(CORP_ID);
        WeComCallbacks.Event event = callbacks.event(WeComContactEvents.deleteUser(CORP_ID, "lisi"), "1409659589", "263014780");

        callbacks.post(event);
        callbacks.post(event);

        assertThat(receiver.requests).hasSize(2);
        assertThat(receiver.requests.get(0)).isEqualTo(receiver.requests.get(1));
        assertThat(receiver.requests.get(0).query()).containsEntry("timestamp", "1409659589").containsEntry("nonce", "263014780");
        assertThat(receiver.changes).hasSize(2);
    }

    @Test
    void anEventWithAWrongSignatureIsRefusedByTheReceiver() {
        WeComCallbacks callbacks = wechat.weComCallbacks(CORP_ID);
        WeComCallbacks.Event event = callbacks.event(WeComContactEvents.deleteUser(CORP_ID, "lisi"));

        assertThat(callbacks.post(event.withSignature(WeComCallbackCipher.signature("other", "1", "2", "3"))).status())
                .isEqualTo(403);
        assertThat(receiver.changes).isEmpty();
    }

    @Test
    void anEventEncryptedForAnotherCorpIsRefusedByTheReceiver() {
        WeComCallbacks callbacks = wechat.weComCallbacks(CORP_ID);

        WeComCallbacks.Answer answer = callbacks.post(callbacks.eventFor("ww9f8e7d6c5b4a3f2e",
                WeComContactEvents.deleteUser("ww9f8e7d6c5b4a3f2e", "lisi")));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body()).isEqualTo("WRONG_RECEIVER");
        assertThat(receiver.changes).isEmpty();
    }

    @Test
    void callbacksMayGoToAUrlWithAQueryAndNameAnotherApp() throws IOException {
        wechat.registerCorp(CORP_ID, 1000009, "another-secret-0123456789abcdef0123456789")
                .weComCallbackTarget(CORP_ID, 1000009, receiver.url() + "?realm=demo", TOKEN, KEY);

        wechat.weComMemberLeaves(CORP_ID, "lisi");

        assertThat(receiver.requests.get(0).query()).containsEntry("realm", "demo");
        assertThat(receiver.requests.get(0).body()).contains("<AgentID><![CDATA[1000009]]></AgentID>");
    }

    @Test
    void aCorpWithoutACallbackUrlCannotSendEvents() {
        assertThatThrownBy(() -> wechat.weComMemberLeaves(WeChatSimulator.DEMO_CORP_ID, WeChatSimulator.DEMO_WECOM_USER))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("weComCallbackTarget");
        assertThatThrownBy(() -> wechat.weComCallbackTarget("ww0000000000000000", receiver.url(), TOKEN, KEY))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("registerCorp");
    }

    @Test
    void theContactEventsAreWrittenAsWeComWritesThem() {
        Instant time = Instant.ofEpochSecond(1403610513);

        assertThat(WeComContactEvents.deleteUser(CORP_ID, "zhangsan", time)).isEqualTo("<xml><ToUserName><![CDATA["
                + CORP_ID + "]]></ToUserName><FromUserName><![CDATA[sys]]></FromUserName><CreateTime>1403610513</CreateTime>"
                + "<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[change_contact]]></Event>"
                + "<ChangeType><![CDATA[delete_user]]></ChangeType><UserID><![CDATA[zhangsan]]></UserID></xml>");
        assertThat(WeComContactEvents.updateUserStatus(CORP_ID, "zhangsan", 5, time))
                .contains("<ChangeType><![CDATA[update_user]]></ChangeType><UserID><![CDATA[zhangsan]]></UserID>"
                        + "<Status>5</Status></xml>");
        assertThat(WeComContactEvents.updateUserId(CORP_ID, "zhangsan", "zs", time))
                .contains("<UserID><![CDATA[zhangsan]]></UserID><NewUserID><![CDATA[zs]]></NewUserID></xml>");
        assertThat(WeComContactEvents.cdata("a]]>b")).isEqualTo("<![CDATA[a]]]]><![CDATA[>b]]>");
    }

    /**
     * A callback endpoint for the tests, built on the extension's crypto: 403 for a bad signature,
     * 400 with the reason for a message it cannot read, else the echo or "success".
     */
    private static final class Receiver implements AutoCloseable {

        record Received(String method, Map<String, String> query, String contentType, String body) {
        }

        final List<Received> requests = new CopyOnWriteArrayList<>();
        final List<String> messages = new CopyOnWriteArrayList<>();
        final List<CallbackXml.ContactChange> changes = new CopyOnWriteArrayList<>();
        volatile int answerStatus = 200;
        private final WeComCallbackCrypto crypto;
        private final HttpServer server;

        Receiver(WeComCallbackCrypto crypto) throws IOException {
            this.crypto = crypto;
            this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/wecom/callback", this::handle);
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/wecom/callback";
        }

        private void handle(HttpExchange exchange) throws IOException {
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            requests.add(new Received(exchange.getRequestMethod(), query,
                    exchange.getRequestHeaders().getFirst("Content-Type"), body));
            try {
                if ("GET".equals(exchange.getRequestMethod())) {
                    String echostr = query.get("echostr");
                    if (!crypto.verify(query.get("msg_signature"), query.get("timestamp"), query.get("nonce"), echostr)) {
                        answer(exchange, 403, "bad signature");
                        return;
                    }
                    answer(exchange, 200, crypto.decrypt(echostr));
                    return;
                }
                CallbackXml.Envelope envelope = CallbackXml.envelope(body);
                if (!crypto.verify(query.get("msg_signature"), query.get("timestamp"), query.get("nonce"), envelope.encrypt())) {
                    answer(exchange, 403, "bad signature");
                    return;
                }
                String message = crypto.decrypt(envelope.encrypt());
                messages.add(message);
                changes.add(CallbackXml.contactChange(message));
                answer(exchange, answerStatus, "success");
            } catch (WeComCallbackException e) {
                answer(exchange, 400, e.reason().name());
            }
        }

        private static void answer(HttpExchange exchange, int status, String text) throws IOException {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        }

        private static Map<String, String> query(String raw) {
            Map<String, String> params = new HashMap<>();
            if (raw != null) {
                for (String pair : raw.split("&")) {
                    String[] parts = pair.split("=", 2);
                    params.put(URLDecoder.decode(parts[0], StandardCharsets.UTF_8),
                            parts.length > 1 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : "");
                }
            }
            return params;
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
