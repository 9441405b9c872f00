package dev.kcwechat.simulator;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * What WeChat's and WeCom's browser pages share about redirect_uri: the domain an app registered
 * (WeChat's "授权回调域", WeCom's "可信域名"), whether a redirect_uri is on it, and how the page
 * sends the browser back with code and state.
 */
final class RedirectUris {

    private RedirectUris() {
    }

    /**
     * A registered domain, "host" or "host:port" (e.g. "www.example.com", "sso.example.com:8443"),
     * as an authority-only URI; IllegalArgumentException for anything else.
     */
    static URI domain(String domain) {
        URI authority = URI.create("http://" + domain.toLowerCase(Locale.ROOT));
        if (authority.getHost() == null || !Simulation.isBlank(authority.getRawPath())) {
            throw new IllegalArgumentException("a registered domain is a host or host:port, e.g. www.example.com: " + domain);
        }
        return authority;
    }

    /**
     * An absolute http(s) URL on the registered domain (the exact host; the port too when the
     * domain names one), or on a loopback host when {@code domain} is null.
     */
    static boolean isAllowed(String redirectUri, URI domain) {
        if (Simulation.isBlank(redirectUri)) {
            return false;
        }
        URI uri;
        try {
            uri = new URI(redirectUri);
        } catch (URISyntaxException e) {
            return false;
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost() == null ? null : uri.getHost().toLowerCase(Locale.ROOT);
        if (!List.of("http", "https").contains(scheme) || host == null) {
            return false;
        }
        if (domain == null) {
            return isLoopback(host);
        }
        return host.equals(domain.getHost()) && (domain.getPort() == -1 || domain.getPort() == uri.getPort());
    }

    private static boolean isLoopback(String host) {
        return host.equals("localhost") || host.equals("[::1]") || host.equals("::1")
                || host.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
    }

    /** redirect_uri plus code (unless null) and state (unless absent), before any fragment. */
    static String withParams(String redirectUri, String code, String state) {
        StringBuilder params = new StringBuilder();
        if (code != null) {
            params.append("code=").append(encode(code));
        }
        if (state != null) {
            params.append(params.isEmpty() ? "" : "&").append("state=").append(encode(state));
        }
        if (params.isEmpty()) {
            return redirectUri;
        }
        int hash = redirectUri.indexOf('#');
        String base = hash < 0 ? redirectUri : redirectUri.substring(0, hash);
        String fragment = hash < 0 ? "" : redirectUri.substring(hash);
        String separator = !base.contains("?") ? "?" : base.endsWith("?") || base.endsWith("&") ? "" : "&";
        return base + separator + params + fragment;
    }

    /** Percent-encodes all but RFC 3986's unreserved characters (letters, digits, "-._~"). */
    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20").replace("%7E", "~");
    }
}
