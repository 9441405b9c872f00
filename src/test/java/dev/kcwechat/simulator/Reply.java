package dev.kcwechat.simulator;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * An HTTP answer of the simulator; {@code location} is the Location header of a redirect, else
 * null; {@code headers} are further response headers (e.g. WeCom's Error-Code and Error-Msg).
 */
record Reply(int status, String contentType, byte[] body, String location, Map<String, String> headers) {

    Reply {
        headers = Map.copyOf(headers);
    }

    Reply(int status, String contentType, byte[] body, String location) {
        this(status, contentType, body, location, Map.of());
    }

    /** WeChat labels its JSON answers text/plain. */
    static final String WECHAT_CONTENT_TYPE = "text/plain";
    static final String HTML_CONTENT_TYPE = "text/html; charset=utf-8";

    Reply(int status, String contentType, byte[] body) {
        this(status, contentType, body, null);
    }

    static Reply wechat(int status, byte[] json) {
        return new Reply(status, WECHAT_CONTENT_TYPE, json);
    }

    /** What WeChat has been seen sending for a bad appid/secret: 200, text/html, nothing. */
    static Reply emptyHtml() {
        return new Reply(200, "text/html", new byte[0]);
    }

    static Reply garbageHtml() {
        return new Reply(200, "text/html", "<html>busy</html>".getBytes(StandardCharsets.UTF_8));
    }

    static Reply text(int status, String text) {
        return new Reply(status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
    }

    /** A page of WeChat's web pages (open.weixin.qq.com); their error pages are 200s too. */
    static Reply html(String html) {
        return new Reply(200, HTML_CONTENT_TYPE, html.getBytes(StandardCharsets.UTF_8));
    }

    /** 302 Found to {@code location}, as WeChat sends the browser back to the redirect_uri. */
    static Reply redirect(String location) {
        return new Reply(302, HTML_CONTENT_TYPE, new byte[0], location);
    }
}
