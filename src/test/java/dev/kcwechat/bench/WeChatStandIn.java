package dev.kcwechat.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The benchmark's WeChat for the ratio cases: code2Session answered at once from the code itself,
 * with no state and no bookkeeping, so that its own cost is next to nothing. A code is
 * {@code <user>.<anything unique>}; the answer is that user's openid and unionid with a fixed
 * session_key, as text/plain JSON like WeChat's. Replay protection is Keycloak's, which still sees
 * a new code every time. (The WeChat simulator, which keeps codes, tokens and phone numbers, serves
 * the phone and latency cases.)
 */
final class WeChatStandIn implements AutoCloseable {

    static final String APP_ID = "wx5eeeeeeeeeeeeeee";
    static final String APP_SECRET = "5eeeeeeeeeeeeeeeeeeeeeeeeeeeeeee";
    private static final String SESSION_KEY = "tiihtNczf5v6AKRyjwEUhQ==";

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(4);

    private WeChatStandIn(HttpServer server) {
        this.server = server;
    }

    static WeChatStandIn start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
        WeChatStandIn standIn = new WeChatStandIn(server);
        server.createContext("/sns/jscode2session", standIn::code2Session);
        server.setExecutor(standIn.threads);
        server.start();
        return standIn;
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    static String openid(String user) {
        return "oStandIn_" + user;
    }

    static String unionid(String user) {
        return "uStandIn_" + user;
    }

    private void code2Session(HttpExchange exchange) throws IOException {
        String code = parameter(exchange.getRequestURI().getRawQuery(), "js_code");
        int dot = code == null ? -1 : code.indexOf('.');
        String body = dot <= 0
                ? "{\"errcode\":40029,\"errmsg\":\"invalid code\"}"
                : "{\"session_key\":\"" + SESSION_KEY + "\",\"openid\":\"" + openid(code.substring(0, dot))
                        + "\",\"unionid\":\"" + unionid(code.substring(0, dot)) + "\"}";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain");
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static String parameter(String query, String name) {
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0 && pair.substring(0, equals).equals(name)) {
                return URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
