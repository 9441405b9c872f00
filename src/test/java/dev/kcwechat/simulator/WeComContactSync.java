package dev.kcwechat.simulator;

import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * WeCom's contact-change callbacks (通讯录回调) of the corps of {@link WeComDirectory}: where each
 * corp's callbacks go, and the changes that both update the directory and tell the callback URL,
 * as WeCom does when an admin edits the contact book. The directory's own control methods change
 * it silently, as when a callback is lost.
 *
 * <p>Control API (on {@link WeChatSimulator}): {@code weComCallbackTarget}, {@code weComCallbacks},
 * {@code weComMemberLeaves}, {@code weComMemberDisabled}, {@code weComMemberUseridChanged}.
 */
final class WeComContactSync {

    private final Simulation simulation;
    private final WeComDirectory directory;
    private final Map<String, WeComCallbacks> targets = new ConcurrentHashMap<>();

    WeComContactSync(Simulation simulation, WeComDirectory directory) {
        this.simulation = simulation;
        this.directory = directory;
    }

    /** The corp's callbacks go to that URL from now on, as from that app (null: the corp's first app). */
    WeComCallbacks target(String corpId, Integer agentId, String callbackUrl, String token, String encodingAesKey) {
        int agent = agentId != null ? agentId : directory.apps(corpId).stream()
                .map(WeComDirectory.App::agentId)
                .min(Comparator.naturalOrder())
                .orElseThrow(() -> new IllegalArgumentException("unknown corp " + corpId + ": registerCorp first"));
        if (directory.app(corpId, agent).isEmpty()) {
            throw new IllegalArgumentException("unknown app " + agent + " of " + corpId + ": registerCorp first");
        }
        WeComCallbacks callbacks = new WeComCallbacks(callbackUrl, token, encodingAesKey, corpId, String.valueOf(agent),
                simulation::now);
        targets.put(corpId, callbacks);
        return callbacks;
    }

    WeComCallbacks callbacks(String corpId) {
        WeComCallbacks callbacks = corpId == null ? null : targets.get(corpId);
        if (callbacks == null) {
            throw new IllegalArgumentException("no callback URL for " + corpId + ": weComCallbackTarget first");
        }
        return callbacks;
    }

    /** The member is deleted from the directory and delete_user sent; the HTTP status answered. */
    int memberLeaves(String corpId, String userid) {
        WeComCallbacks callbacks = callbacks(corpId);
        directory.remove(corpId, userid);
        return callbacks.send(WeComContactEvents.deleteUser(corpId, userid, simulation.now())).status();
    }

    /** The member's status becomes disabled (2) and update_user with Status 2 is sent; the HTTP status answered. */
    int memberDisabled(String corpId, String userid) {
        WeComCallbacks callbacks = callbacks(corpId);
        directory.status(corpId, userid, WeComDirectory.STATUS_DISABLED);
        return callbacks.send(WeComContactEvents.updateUserStatus(corpId, userid, WeComDirectory.STATUS_DISABLED,
                simulation.now())).status();
    }

    /** The member's userid changes and update_user with NewUserID is sent; the HTTP status answered. */
    int useridChanged(String corpId, String userid, String newUserid) {
        WeComCallbacks callbacks = callbacks(corpId);
        directory.changeUserid(corpId, userid, newUserid);
        return callbacks.send(WeComContactEvents.updateUserId(corpId, userid, newUserid, simulation.now())).status();
    }
}
