package dev.kcwechat.simulator;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * An HTTP request as the API families see it: method, path, decoded query parameters (the first
 * of repeated names wins), the body as text, the User-Agent, the Content-Type and the caller's IP
 * address (WeCom names it in its errmsg).
 */
record Request(String method, String path, Map<String, String> query, String body, String userAgent,
               String contentType, String clientIp) {

    static Request of(HttpExchange exchange) throws IOException {
        return new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                parseQuery(exchange.getRequestURI().getRawQuery()),
                new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8),
                exchange.getRequestHeaders().getFirst("User-Agent"),
                exchange.getRequestHeaders().getFirst("Content-Type"),
                exchange.getRemoteAddress().getAddress().getHostAddress());
    }

    /** A query parameter; the body is not looked at (WeChat's JSON APIs take their parameters there). */
    String param(String name) {
        return query.get(name);
    }

    /** A parameter of an HTML form, sent as a POST body or, by GET, in the query. */
    String formParam(String name) {
        if (isPost() && contentType != null && contentType.toLowerCase().startsWith("application/x-www-form-urlencoded")) {
            String value = parseQuery(body).get(name);
            if (value != null) {
                return value;
            }
        }
        return param(name);
    }

    boolean isPost() {
        return "POST".equalsIgnoreCase(method);
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
