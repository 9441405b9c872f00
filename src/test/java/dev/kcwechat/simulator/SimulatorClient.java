package dev.kcwechat.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kcwechat.testing.Http;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** Real HTTP to a simulator for its unit tests: redirects are not followed, any User-Agent can be sent. */
final class SimulatorClient {

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final WeChatSimulator simulator;

    SimulatorClient(WeChatSimulator simulator) {
        this.simulator = simulator;
    }

    HttpResponse<String> get(String path, Map<String, String> params) {
        return get(path, params, null);
    }

    /** GET with the parameters in the query, sending that User-Agent unless null. */
    HttpResponse<String> get(String path, Map<String, String> params, String userAgent) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path, params)).GET();
        if (userAgent != null) {
            request.header("User-Agent", userAgent);
        }
        return send(request);
    }

    /** POST of a JSON (or any text) body, parameters in the query. */
    HttpResponse<String> postJson(String path, Map<String, String> params, String body) {
        return send(HttpRequest.newBuilder(uri(path, params))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** POST of an HTML form, as a browser sends one. */
    HttpResponse<String> postForm(String path, Map<String, String> form) {
        return send(HttpRequest.newBuilder(uri(path, Map.of()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(Http.formEncode(form))));
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (JsonProcessingException e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }

    /** The redirect's Location; fails unless the answer is a 302. */
    static String location(HttpResponse<String> response) {
        if (response.statusCode() != 302) {
            throw new AssertionError("not a redirect (HTTP " + response.statusCode() + "): " + response.body());
        }
        return response.headers().firstValue("Location").orElseThrow();
    }

    /** The decoded query parameters of a URL, in order. */
    static Map<String, String> query(String url) {
        return Http.query(url);
    }

    private URI uri(String path, Map<String, String> params) {
        String query = Http.formEncode(params);
        return URI.create(simulator.baseUrl() + path + (query.isEmpty() ? "" : "?" + query));
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
