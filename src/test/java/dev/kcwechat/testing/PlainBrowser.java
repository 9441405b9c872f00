package dev.kcwechat.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieHandler;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * A browser without JavaScript for the demo's checks on loopback addresses: keeps cookies, follows
 * redirects, reads what it needs from a page with jsoup. (Tests use headless Chromium,
 * {@link Browser}.)
 */
final class PlainBrowser {

    /** Where the browser ended up and the page it shows there. */
    record Page(URI uri, int status, Document html) {

        /** The text of the first element {@code cssQuery} selects. */
        String text(String cssQuery) {
            return element(cssQuery).text();
        }

        /** An attribute of the first element {@code cssQuery} selects. */
        String attribute(String cssQuery, String attribute) {
            return element(cssQuery).attr(attribute);
        }

        /** A URL attribute (a link's href, a form's action) of the first element {@code cssQuery} selects, made absolute. */
        URI url(String cssQuery, String attribute) {
            return URI.create(element(cssQuery).absUrl(attribute));
        }

        private Element element(String cssQuery) {
            Element element = html.selectFirst(cssQuery);
            if (element == null) {
                throw new IllegalStateException("Not on the page " + uri + " (HTTP " + status + "): " + cssQuery);
            }
            return element;
        }
    }

    private final HttpClient client = HttpClient.newBuilder()
            .cookieHandler(new LoopbackCookies())
            .followRedirects(HttpClient.Redirect.NORMAL)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    Page open(URI uri) {
        return send(HttpRequest.newBuilder(uri).GET());
    }

    Page submit(URI uri, Map<String, String> form) {
        return send(HttpRequest.newBuilder(uri).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(Http.formEncode(form))));
    }

    private Page send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = client.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Page(response.uri(), response.statusCode(), Jsoup.parse(response.body(), response.uri().toString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Cookies per host and path. Keycloak's are {@code Secure} even over http: browsers send them to
     * loopback addresses (a secure context), the JDK's {@link java.net.CookieManager} only over https.
     */
    private static final class LoopbackCookies extends CookieHandler {

        private final Map<String, Map<String, HttpCookie>> byHost = new ConcurrentHashMap<>();

        @Override
        public Map<String, List<String>> get(URI uri, Map<String, List<String>> requestHeaders) {
            String path = uri.getPath() == null || uri.getPath().isEmpty() ? "/" : uri.getPath();
            String cookies = byHost.getOrDefault(uri.getHost(), Map.of()).values().stream()
                    .filter(cookie -> !cookie.hasExpired() && path.startsWith(cookie.getPath() == null ? "/" : cookie.getPath()))
                    .map(cookie -> cookie.getName() + "=" + cookie.getValue())
                    .collect(Collectors.joining("; "));
            return cookies.isEmpty() ? Map.of() : Map.of("Cookie", List.of(cookies));
        }

        @Override
        public void put(URI uri, Map<String, List<String>> responseHeaders) {
            Map<String, HttpCookie> cookies = byHost.computeIfAbsent(uri.getHost(), host -> new ConcurrentHashMap<>());
            responseHeaders.forEach((name, values) -> {
                if ("Set-Cookie".equalsIgnoreCase(name)) {
                    values.stream().flatMap(value -> HttpCookie.parse(value).stream()).forEach(cookie -> {
                        if (cookie.hasExpired()) {
                            cookies.remove(cookie.getName());
                        } else {
                            cookies.put(cookie.getName(), cookie);
                        }
                    });
                }
            });
        }
    }
}
