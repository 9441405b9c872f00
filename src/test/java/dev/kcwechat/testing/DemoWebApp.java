package dev.kcwechat.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The demo's web apps, the demo realm's confidential clients {@code web-app} ({@code GET /callback})
 * and {@code oa-web} ({@code GET /oa-web/callback}): each callback trades the authorization code for
 * tokens with its client's secret and shows the code and who signed in, from the id_token
 * ({@code #sub}, {@code #preferred_username}, {@code #wechat_unionid}, {@code #wecom_userid}).
 * {@link Demo} runs it; docker-compose.yml runs {@link #main} (env {@code KEYCLOAK_URL},
 * {@code WEB_APP_HOST}, {@code WEB_APP_PORT}, {@code WEB_APP_SECRET}, {@code OA_WEB_SECRET}).
 */
public final class DemoWebApp implements AutoCloseable {

    public static final String CLIENT_ID = "web-app";
    public static final String DEFAULT_SECRET = "web-app-demo-secret";
    public static final int DEFAULT_PORT = 8600;
    public static final String CALLBACK = "/callback";
    public static final String OA_WEB_CLIENT_ID = "oa-web";
    public static final String OA_WEB_DEFAULT_SECRET = "oa-web-demo-secret";
    public static final String OA_WEB_CALLBACK = "/oa-web/callback";

    private final HttpServer server;
    private final String tokenUrl;

    private DemoWebApp(HttpServer server, String tokenUrl) {
        this.server = server;
        this.tokenUrl = tokenUrl;
    }

    /** Listens on {@code host:port}; codes are traded at the realm's {@code tokenUrl} with web-app's and oa-web's secrets. */
    public static DemoWebApp start(String host, int port, String tokenUrl, String secret, String oaWebSecret) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 16);
            DemoWebApp app = new DemoWebApp(server, tokenUrl);
            server.createContext(CALLBACK, exchange -> app.callback(exchange, CLIENT_ID, CALLBACK, secret));
            server.createContext(OA_WEB_CALLBACK, exchange -> app.callback(exchange, OA_WEB_CLIENT_ID, OA_WEB_CALLBACK, oaWebSecret));
            server.start();
            return app;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + host + ":" + port, e);
        }
    }

    /** The redirect URI of this app on 127.0.0.1 (it answers on localhost too). */
    public String redirectUri() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + CALLBACK;
    }

    /** The redirect URI of oa-web's callback on 127.0.0.1. */
    public String oaWebRedirectUri() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + OA_WEB_CALLBACK;
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void callback(HttpExchange exchange, String clientId, String path, String secret) throws IOException {
        try (exchange) {
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            if (query.containsKey("error") || !query.containsKey("code")) {
                send(exchange, 400, clientId + ": not signed in", "<p>Keycloak answered <code id=\"error\">"
                        + escape(query.getOrDefault("error", "no code")) + "</code> "
                        + escape(query.getOrDefault("error_description", "")) + "</p>");
                return;
            }
            String code = query.get("code");
            // the redirect_uri of the authorization request: this callback, on the host the browser used
            String redirectUri = "http://" + exchange.getRequestHeaders().getFirst("Host") + path;
            Http.Answer tokens = Http.postForm(tokenUrl, Map.of("grant_type", "authorization_code", "code", code,
                    "redirect_uri", redirectUri, "client_id", clientId, "client_secret", secret), null);
            if (tokens.status() != 200 || !tokens.json().hasNonNull("id_token")) {
                send(exchange, 502, clientId + ": the code was refused", "<p>Authorization code: <code id=\"code\">" + escape(code)
                        + "</code></p><p>The token endpoint answered <code id=\"error\">" + escape(tokens.toString()) + "</code></p>");
                return;
            }
            JsonNode claims = new Jwt(tokens.json().get("id_token").asText()).claims();
            send(exchange, 200, clientId + ": signed in", """
                    <p>Authorization code: <code id="code">%s</code></p>
                    <p>Traded with the client secret for tokens. The id_token says:</p>
                    <ul>
                      <li>sub <code id="sub">%s</code></li>
                      <li>preferred_username <code id="preferred_username">%s</code></li>
                      <li>wechat_unionid <code id="wechat_unionid">%s</code></li>
                      <li>wecom_userid <code id="wecom_userid">%s</code></li>
                    </ul>
                    """.formatted(escape(code), escape(claims.path("sub").asText()),
                    escape(claims.path("preferred_username").asText()), escape(claims.path("wechat_unionid").asText("(none)")),
                    escape(claims.path("wecom_userid").asText("(none)"))));
        } catch (RuntimeException e) {
            send(exchange, 500, clientId + ": error", "<p>" + escape(String.valueOf(e.getMessage())) + "</p>");
        }
    }

    private static void send(HttpExchange exchange, int status, String title, String body) throws IOException {
        byte[] page = """
                <!DOCTYPE html>
                <html lang="en">
                <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>%1$s</title></head>
                <body>
                <h1>%1$s</h1>
                %2$s</body>
                </html>
                """.formatted(escape(title), body).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, page.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(page);
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new LinkedHashMap<>();
        for (String pair : raw == null ? new String[0] : raw.split("&")) {
            String[] kv = pair.split("=", 2);
            query.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
        }
        return query;
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** docker-compose.yml: the web apps next to Keycloak (env KEYCLOAK_URL, WEB_APP_HOST, WEB_APP_PORT, WEB_APP_SECRET, OA_WEB_SECRET). */
    public static void main(String[] args) throws InterruptedException {
        String tokenUrl = env("KEYCLOAK_URL", "http://127.0.0.1:8080") + "/realms/wechat-demo/protocol/openid-connect/token";
        DemoWebApp app = start(env("WEB_APP_HOST", "127.0.0.1"), Integer.parseInt(env("WEB_APP_PORT", String.valueOf(DEFAULT_PORT))),
                tokenUrl, env("WEB_APP_SECRET", DEFAULT_SECRET), env("OA_WEB_SECRET", OA_WEB_DEFAULT_SECRET));
        Runtime.getRuntime().addShutdownHook(new Thread(app::close));
        System.out.println("web-app listening on " + app.redirectUri() + ", oa-web on " + app.oaWebRedirectUri());
        new CountDownLatch(1).await();
    }

    static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
