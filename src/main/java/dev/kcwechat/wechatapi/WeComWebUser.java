package dev.kcwechat.wechatapi;

/**
 * WeCom's answer to a browser login's code: the member's userid (null for someone who is not a
 * member of the corp) and, with {@code snsapi_privateinfo}, a ticket for the consented details.
 */
public record WeComWebUser(String userid, String userTicket) {

    @Override
    public String toString() {
        return "WeComWebUser[userid=" + userid + ", userTicket=" + (userTicket == null ? "none" : "<hidden>") + "]";
    }
}
