package dev.kcwechat.simulator;

import static dev.kcwechat.simulator.BrowserPages.escape;

/**
 * The HTML pages of {@link WeComBrowserApi}. What tests and browsers can rely on:
 * <ul>
 * <li>the confirm page (in place of WeCom's QR code on the SSO login page, or of the consent
 *     snsapi_privateinfo asks for inside WeCom): {@code #wecom-authorize} (with {@code data-corpid},
 *     {@code data-agentid} when the page named an app, {@code data-page}: {@code sso} or
 *     {@code oauth2}, and {@code data-scope} on {@code oauth2} pages), the app in {@code #wecom-app},
 *     who signs in by default in {@code #wecom-who} ({@code data-userid} for a member,
 *     {@code data-openid} for someone who is not), and the form {@code #wecom-confirm-form}
 *     ({@code POST /wwlogin/confirm}) with its hidden {@code uuid}, the optional text field
 *     {@code #wecom-user} (name {@code user}: sign in as the member of that userid instead, or as a
 *     non-member when the corp has no such member) and the buttons {@code #wecom-confirm} and
 *     {@code #wecom-cancel} (name {@code action}, values {@code confirm} and {@code cancel});</li>
 * <li>every error page, "open it in WeCom" included: {@code #wecom-error} with a
 *     {@code data-reason} ({@code appid}, {@code agentid}, {@code login_type},
 *     {@code redirect_uri}, {@code response_type}, {@code scope}, {@code not_in_wecom},
 *     {@code expired}) and a text in WeCom's words.</li>
 * </ul>
 * All of them are 200 text/html; charset=utf-8 and never redirect.
 */
final class WeComPages {

    /** Which of WeCom's pages a confirm page stands for. */
    enum Kind {
        /** login.work.weixin.qq.com/wwlogin/sso/login: the QR code an ordinary browser shows. */
        SSO("sso"),
        /** open.weixin.qq.com/connect/oauth2/authorize inside WeCom: snsapi_privateinfo's consent. */
        OAUTH2("oauth2");

        private final String attribute;

        Kind(String attribute) {
            this.attribute = attribute;
        }
    }

    /** What an error page says, per reason. */
    enum Problem {
        APPID("appid", "参数错误：appid 不是有效的企业 CorpID"),
        AGENTID("agentid", "参数错误：agentid 不是该企业的应用"),
        LOGIN_TYPE("login_type", "参数错误：login_type 应为 CorpApp"),
        REDIRECT_URI("redirect_uri", "redirect_uri 需使用应用可信域名"),
        RESPONSE_TYPE("response_type", "参数错误：response_type 应为 code"),
        SCOPE("scope", "参数错误：scope 应为 snsapi_base 或 snsapi_privateinfo"),
        NOT_IN_WECOM("not_in_wecom", "请在企业微信客户端打开链接"),
        EXPIRED("expired", "二维码已失效，请刷新后重试");

        private final String reason;
        private final String text;

        Problem(String reason, String text) {
            this.reason = reason;
            this.text = text;
        }

        String reason() {
            return reason;
        }
    }

    private WeComPages() {
    }

    /** The page in place of WeCom's QR code or consent: confirm, cancel or type a userid. */
    static String confirm(Kind kind, String corpId, Integer agentId, String appName, String scope, String uuid,
                          WeComUser user) {
        String agent = agentId == null ? "" : " data-agentid=\"" + agentId + "\"";
        String scopeAttribute = kind == Kind.OAUTH2 ? " data-scope=\"" + escape(scope) + "\"" : "";
        String asks = kind == Kind.SSO ? "使用企业微信登录 (sign in with WeCom)"
                : "获取你的手机号、邮箱、头像等敏感信息 (mobile, email, avatar)";
        String who = user.isMember()
                ? " data-userid=\"" + escape(user.userid()) + "\">登录的企业成员 / signing in as the member: userid <code>"
                        + escape(user.userid()) + "</code>"
                : " data-openid=\"" + escape(user.openid()) + "\">登录的非企业成员 / signing in as a non-member: openid <code>"
                        + escape(user.openid()) + "</code>";
        return BrowserPages.page("企业微信登录", """
                <main id="wecom-authorize" data-corpid="%1$s"%2$s data-page="%3$s"%4$s>
                  <h1>企业微信登录 <small>(WeCom simulator)</small></h1>
                  <p id="wecom-app"><strong>%5$s</strong> (%1$s) 申请%6$s</p>
                  <p id="wecom-who"%7$s</p>
                  <form id="wecom-confirm-form" method="post" action="%8$s">
                    <input type="hidden" name="uuid" value="%9$s">
                    <p><label for="wecom-user">或以此账号登录 / or sign in as the userid</label>
                      <input type="text" id="wecom-user" name="user" autocomplete="off" placeholder="zhangsan"></p>
                    <p><button type="submit" id="wecom-confirm" name="action" value="confirm">确认登录 / Confirm</button>
                      <button type="submit" id="wecom-cancel" name="action" value="cancel">取消 / Cancel</button></p>
                  </form>
                </main>
                """.formatted(escape(corpId), agent, kind.attribute, scopeAttribute, escape(appName), asks, who,
                WeChatSimulator.WECOM_CONFIRM, escape(uuid)));
    }

    /** An error page: no redirect, the user stays with WeCom. */
    static String error(Problem problem) {
        return BrowserPages.page("企业微信", """
                <main>
                  <h1>企业微信</h1>
                  <p id="wecom-error" data-reason="%s">%s</p>
                </main>
                """.formatted(problem.reason, escape(problem.text)));
    }
}
