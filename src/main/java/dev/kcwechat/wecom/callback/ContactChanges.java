package dev.kcwechat.wecom.callback;

import dev.kcwechat.wechatapi.WeComMember;
import dev.kcwechat.wecom.Offboarding;
import dev.kcwechat.wecom.WeComUsers;
import java.util.LinkedHashMap;
import java.util.Map;
import org.keycloak.events.Details;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * What a contact change means for Keycloak: {@code delete_user}, or {@code update_user} with a
 * status other than active, offboards the member's user; {@code update_user} with a
 * {@code NewUserID} re-keys the member's links. Nothing else changes anything: in particular a
 * member made active again is not re-enabled (an administrator decides).
 */
final class ContactChanges {

    static final String CHANGE_DETAIL = "wecom_change";
    static final String REKEYED_DETAIL = "wecom_new_userid";

    private final KeycloakSession session;
    private final RealmModel realm;
    private final String corpId;

    ContactChanges(KeycloakSession session, RealmModel realm, String corpId) {
        this.session = session;
        this.realm = realm;
        this.corpId = corpId;
    }

    /** What was done, for the event: the user it concerned (or null) and the details. */
    record Outcome(UserModel user, Map<String, String> details) {
    }

    Outcome apply(CallbackXml.ContactChange change) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put(CHANGE_DETAIL, change.changeType() == null ? change.event() : change.changeType());
        if (!"change_contact".equals(change.event()) || change.userId() == null || change.userId().isBlank()) {
            return new Outcome(null, details);
        }
        String userId = change.userId();
        UserModel user = null;
        if ("update_user".equals(change.changeType()) && change.newUserId() != null && !change.newUserId().isBlank()
                && !change.newUserId().equals(userId)) {
            user = WeComUsers.rekey(session, realm, corpId, userId, change.newUserId());
            details.put(REKEYED_DETAIL, change.newUserId());
            userId = change.newUserId();
        }
        details.put(Details.IDENTITY_PROVIDER_USERNAME, WeComUsers.brokeredId(corpId, userId));
        boolean leaves = "delete_user".equals(change.changeType())
                || "update_user".equals(change.changeType()) && change.status() != null && change.status() != WeComMember.ACTIVE;
        if (leaves) {
            if (change.status() != null) {
                details.put(Offboarding.STATUS_DETAIL, change.status().toString());
            }
            UserModel offboarded = Offboarding.offboard(session, realm, WeComUsers.brokeredId(corpId, userId));
            details.put(Offboarding.OFFBOARDED_DETAIL, Boolean.toString(offboarded != null));
            user = offboarded != null ? offboarded : user;
        }
        return new Outcome(user, details);
    }
}
