package dev.kcwechat.bench;

import dev.kcwechat.load.LoadGenerator;
import dev.kcwechat.testing.Http;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

/** Keycloak's token endpoint as the load generator posts to it, over keep-alive connections. */
final class TokenEndpoint {

    private final URI url;
    /** One client for all loops: its pool holds one keep-alive connection per concurrent loop. */
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    TokenEndpoint(String url) {
        this.url = URI.create(url);
    }

    /** Form posts, each form from {@code form}, made before the post is timed; any answer but 200 is a failure. */
    Supplier<LoadGenerator.Request> posts(Supplier<Map<String, String>> form) {
        return () -> {
            HttpRequest request = HttpRequest.newBuilder(url)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofString(Http.formEncode(form.get())))
                    .build();
            return () -> outcome(http.send(request, HttpResponse.BodyHandlers.ofString()));
        };
    }

    private static LoadGenerator.Outcome outcome(HttpResponse<String> response) {
        if (response.statusCode() == 200) {
            return LoadGenerator.Outcome.SUCCEEDED;
        }
        String body = response.body();
        return LoadGenerator.Outcome.failed("HTTP " + response.statusCode(),
                "HTTP " + response.statusCode() + " " + (body.length() > 300 ? body.substring(0, 300) : body));
    }
}
