package dev.kcwechat.simulator;

import java.time.Instant;

/**
 * The messages of WeCom's contact-change callbacks (通讯录变更事件, Event {@code change_contact}) as
 * WeCom writes them before encrypting: {@code <xml><ToUserName>, <FromUserName>sys, <CreateTime>,
 * <MsgType>event, <Event>change_contact, <ChangeType>, <UserID>[, <Status>][, <NewUserID>]</xml>}.
 * The forms without a time are stamped with the system clock.
 */
public final class WeComContactEvents {

    private WeComContactEvents() {
    }

    /** A member was deleted from the corp (ChangeType delete_user). */
    public static String deleteUser(String corpId, String userId) {
        return deleteUser(corpId, userId, Instant.now());
    }

    public static String deleteUser(String corpId, String userId, Instant createTime) {
        return message(corpId, createTime, "delete_user", userId, null, null);
    }

    /** A member's status changed (ChangeType update_user with Status: 1 active, 2 disabled, 4 not activated, 5 left). */
    public static String updateUserStatus(String corpId, String userId, int status) {
        return updateUserStatus(corpId, userId, status, Instant.now());
    }

    public static String updateUserStatus(String corpId, String userId, int status, Instant createTime) {
        return message(corpId, createTime, "update_user", userId, status, null);
    }

    /** An admin changed a member's userid (ChangeType update_user with NewUserID). */
    public static String updateUserId(String corpId, String userId, String newUserId) {
        return updateUserId(corpId, userId, newUserId, Instant.now());
    }

    public static String updateUserId(String corpId, String userId, String newUserId, Instant createTime) {
        return message(corpId, createTime, "update_user", userId, null, newUserId);
    }

    private static String message(String corpId, Instant createTime, String changeType, String userId, Integer status,
                                  String newUserId) {
        StringBuilder xml = new StringBuilder("<xml>")
                .append("<ToUserName>").append(cdata(corpId)).append("</ToUserName>")
                .append("<FromUserName>").append(cdata("sys")).append("</FromUserName>")
                .append("<CreateTime>").append(createTime.getEpochSecond()).append("</CreateTime>")
                .append("<MsgType>").append(cdata("event")).append("</MsgType>")
                .append("<Event>").append(cdata("change_contact")).append("</Event>")
                .append("<ChangeType>").append(cdata(changeType)).append("</ChangeType>")
                .append("<UserID>").append(cdata(userId)).append("</UserID>");
        if (status != null) {
            xml.append("<Status>").append(status).append("</Status>");
        }
        if (newUserId != null) {
            xml.append("<NewUserID>").append(cdata(newUserId)).append("</NewUserID>");
        }
        return xml.append("</xml>").toString();
    }

    /** A CDATA section holding the text, split where the text itself contains "]]>". */
    static String cdata(String text) {
        return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>";
    }
}
