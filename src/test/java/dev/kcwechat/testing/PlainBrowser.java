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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A browser without JavaScript for the demo's checks on loopback addresses: keeps cookies, follows
 * redirects, reads what it needs from a page with a pattern. (Tests use headless Chromium,
 * {@link Browser}.)
 */
final class PlainBrowser {

    /** Where the browser ended up and what it shows there. */
    record Page(URI uri, int status, String body) {

        /** The first group of {@code regex} in the page, HTML entities of URLs decoded. */
        String find(String regex) {
            Matcher matcher = Pattern.compile(regex).matcher(body);
            if (!matcher.find()) {
                throw new IllegalStateException("Not on the page " + uri + " (HTTP " + status + "): " + regex);
            }
            return matcher.group(1).replace("&amp;", "&");
        }

        URI resolve(String link) {
            return uri.resolve(link);
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
            return new Page(response.uri(), response.statusCode(), response.body());
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
