package dev.kcwechat.common;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** The rule for the WeChat URLs an admin may configure: absolute, no query; https, but for a loopback host (a local simulator or proxy). */
public final class BaseUrls {

    private static final Pattern LOOPBACK_V4 = Pattern.compile("127(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}");

    private BaseUrls() {
    }

    /**
     * @param label   the setting's name in the message
     * @param example a good value for the message
     * @throws IllegalArgumentException naming the setting and the bad value
     */
    public static void require(String label, String url, String example) {
        require(label, url, example, ApiHosts.OFFICIAL);
    }

    /**
     * As {@link #require(String, String, String)}, and the host must be loopback or one of {@code hosts}.
     *
     * @throws IllegalArgumentException naming the setting, the host and how the server's administrator allows another
     */
    public static void require(String label, String url, String example, Set<String> hosts) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            uri = null;
        }
        if (uri == null || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) || uri.getHost() == null
                || uri.getQuery() != null || uri.getFragment() != null) {
            throw new IllegalArgumentException(label + " must be an absolute https URL without query, such as " + example
                    + "; got '" + url + "'");
        }
        if ("http".equals(uri.getScheme()) && !isLoopback(uri.getHost())) {
            throw new IllegalArgumentException(label + " must use https (http only for a loopback address such as"
                    + " 127.0.0.1); got '" + url + "'");
        }
        if (!isLoopback(uri.getHost()) && !hosts.contains(uri.getHost().toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException(label + " must be on WeChat's or WeCom's own hosts, a loopback address, or a host"
                    + " the server's administrator allows (the provider's SPI option api-hosts); got '" + uri.getHost() + "'");
        }
    }

    /** localhost, 127.0.0.0/8 or ::1, by name only: nothing is looked up in DNS. */
    static boolean isLoopback(String host) {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        return "localhost".equalsIgnoreCase(h) || LOOPBACK_V4.matcher(h).matches() || "::1".equals(h)
                || "0:0:0:0:0:0:0:1".equals(h);
    }
}
