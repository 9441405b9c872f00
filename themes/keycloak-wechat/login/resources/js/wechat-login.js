/*
 * keycloak-wechat login theme: one WeChat sign-in per browser.
 *
 * social-providers.ftl lists every WeChat browser login of the realm as a link with
 * data-wechat="<provider id>". This keeps the one that works where the page is open:
 * - inside WeChat's own browser, the official account's OAuth (wechat-official-account); the
 *   website's QR code (wechat-website) is hidden when there is an official account to use instead;
 * - anywhere else, the website's QR code; the official account's OAuth, which only works inside
 *   WeChat, is hidden.
 * Without JavaScript every link stays. Loaded on every page of the theme (theme.properties
 * scripts), it does nothing on pages without such links.
 */
(function () {
    "use strict";

    var WEBSITE = "wechat-website";
    var OFFICIAL_ACCOUNT = "wechat-official-account";

    /** WeChat's browser says MicroMessenger; so does WeCom's (wxwork), where an official account's OAuth does not work. */
    function insideWeChat(userAgent) {
        return /MicroMessenger/i.test(userAgent) && !/wxwork/i.test(userAgent);
    }

    function links(providerId) {
        return Array.prototype.slice.call(document.querySelectorAll("a[data-wechat='" + providerId + "']"));
    }

    function hide(link) {
        var item = link.closest("li") || link;
        item.hidden = true;
    }

    function chooseWeChatSignIn() {
        var officialAccounts = links(OFFICIAL_ACCOUNT);
        if (insideWeChat(navigator.userAgent)) {
            if (officialAccounts.length > 0) {
                links(WEBSITE).forEach(hide);
            }
        } else {
            officialAccounts.forEach(hide);
        }
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", chooseWeChatSignIn);
    } else {
        chooseWeChatSignIn();
    }
})();
