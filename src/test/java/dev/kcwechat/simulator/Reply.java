package dev.kcwechat.simulator;

import java.nio.charset.StandardCharsets;

/** An HTTP answer of the simulator. */
record Reply(int status, String contentType, byte[] body) {

    /** WeChat labels its JSON answers text/plain. */
    static final String WECHAT_CONTENT_TYPE = "text/plain";

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
}
