package dev.kcwechat.simulator;

/**
 * The HTML pages of {@link BrowserOAuthApi}. What tests and browsers can rely on:
 * <ul>
 * <li>the confirm page ("the user scanned the QR code" or "the user is asked inside WeChat"):
 *     {@code #wechat-authorize} (with {@code data-appid} and {@code data-scope}), the app in
 *     {@code #wechat-app}, who signs in by default in {@code #wechat-who} (with {@code data-openid},
 *     and {@code data-unionid} when there is one), and the form {@code #wechat-confirm-form}
 *     ({@code POST /connect/confirm}) with its hidden {@code uuid}, the optional text field
 *     {@code #wechat-user} (name {@code user}: sign in as that named user instead) and the buttons
 *     {@code #wechat-confirm} and {@code #wechat-cancel} (name {@code action}, values
 *     {@code confirm} and {@code cancel});</li>
 * <li>every error page, "open it in WeChat" included: {@code #wechat-error} with a
 *     {@code data-reason} ({@code appid}, {@code redirect_uri}, {@code response_type},
 *     {@code scope}, {@code not_in_wechat}, {@code expired}) and WeChat's own text.</li>
 * </ul>
 * All of them are 200 text/html; charset=utf-8, as WeChat's are, and never redirect.
 */
final class BrowserPages {

    private BrowserPages() {
    }

    /** What the page says to the user and in which words, per reason. */
    enum Problem {
        APPID("appid", "参数错误", "appid 参数错误"),
        REDIRECT_URI("redirect_uri", "参数错误", "redirect_uri 参数错误"),
        RESPONSE_TYPE("response_type", "参数错误", "response_type 参数错误"),
        SCOPE("scope", "参数错误", "Scope 参数错误或没有 Scope 权限"),
        NOT_IN_WECHAT("not_in_wechat", "微信登录", "请在微信客户端打开链接"),
        EXPIRED("expired", "微信登录", "二维码已失效，请返回重新发起登录");

        private final String reason;
        private final String title;
        private final String text;

        Problem(String reason, String title, String text) {
            this.reason = reason;
            this.title = title;
            this.text = text;
        }

        String reason() {
            return reason;
        }

        String text() {
            return text;
        }
    }

    /** The page in place of WeChat's QR code or in-app consent: confirm, cancel or type a name. */
    static String confirm(String appId, String appName, String scope, String uuid, BrowserUser user) {
        String asks = "snsapi_base".equals(scope) ? "获取你的身份标识 (openid)"
                : "snsapi_userinfo".equals(scope) ? "获取你的昵称、头像 (nickname, avatar)"
                : "使用你的微信帐号登录 (sign in with your WeChat account)";
        String unionid = user.unionid() == null ? ""
                : " data-unionid=\"" + escape(user.unionid()) + "\"";
        String unionidText = user.unionid() == null ? "no unionid" : "unionid " + escape(user.unionid());
        return page("微信登录", """
                <main id="wechat-authorize" data-appid="%1$s" data-scope="%2$s">
                  <h1>微信登录 <small>(WeChat simulator)</small></h1>
                  <p id="wechat-app"><strong>%3$s</strong> (%1$s) 申请%4$s</p>
                  <p id="wechat-who" data-openid="%5$s"%6$s>登录的微信用户 / signing in as:
                    openid <code>%5$s</code>, %7$s</p>
                  <form id="wechat-confirm-form" method="post" action="%8$s">
                    <input type="hidden" name="uuid" value="%9$s">
                    <p><label for="wechat-user">或以此名字的用户登录 / or sign in as the user named</label>
                      <input type="text" id="wechat-user" name="user" autocomplete="off" placeholder="xiaoming"></p>
                    <p><button type="submit" id="wechat-confirm" name="action" value="confirm">确认登录 / Confirm</button>
                      <button type="submit" id="wechat-cancel" name="action" value="cancel">取消 / Cancel</button></p>
                  </form>
                </main>
                """.formatted(escape(appId), escape(scope), escape(appName), asks, escape(user.openid()), unionid,
                unionidText, WeChatSimulator.BROWSER_CONFIRM, escape(uuid)));
    }

    /** An error page: no redirect, the user stays with WeChat. */
    static String error(Problem problem) {
        return page(problem.title, """
                <main>
                  <h1>%s</h1>
                  <p id="wechat-error" data-reason="%s">%s</p>
                </main>
                """.formatted(escape(problem.title), problem.reason, escape(problem.text)));
    }

    static String page(String title, String main) {
        return """
                <!DOCTYPE html>
                <html lang="zh-CN">
                <head>
                <meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>%s</title>
                </head>
                <body>
                %s</body>
                </html>
                """.formatted(escape(title), main);
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
