package dev.kcwechat.wecom.directory;

import dev.kcwechat.common.Causes;
import dev.kcwechat.wechatapi.AccessTokenCache;
import dev.kcwechat.wechatapi.WeChatApiClient;
import dev.kcwechat.wechatapi.WeChatException;
import dev.kcwechat.wechatapi.WeChatFailure;
import dev.kcwechat.wechatapi.WeComMember;
import dev.kcwechat.wechatapi.WeComMemberIds;
import dev.kcwechat.wecom.Offboarding;
import dev.kcwechat.wecom.WeComApiClients;
import dev.kcwechat.wecom.WeComMiniProgramConfig;
import dev.kcwechat.wecom.WeComUsers;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.jboss.logging.Logger;
import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.FederatedIdentityModel;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * One reconciliation of a WeCom provider's linked users with WeCom's directory: the userids the
 * app sees ({@code user/list_id}, paged), then each enabled linked user's member status
 * ({@code user/get}); a linked member who is gone, no longer visible to the app or not active is
 * offboarded. WeCom is called at most {@value #CALLS_PER_SECOND} times a second, well within its
 * per-app frequency limits. Each offboarding commits on its own, so an interrupted run keeps what
 * it did; a summary event ends the run.
 */
public final class DirectorySync {

    static final int CALLS_PER_SECOND = 10;
    static final int PAGE_SIZE = 10_000;
    static final int USERS_PER_READ = 100;
    static final String SYNC_CHANGE = "directory_sync";

    private static final Logger LOG = Logger.getLogger(DirectorySync.class);

    private final KeycloakSessionFactory factory;
    private final String realmId;
    private final String alias;
    private long lastCallAt;

    public DirectorySync(KeycloakSessionFactory factory, String realmId, String alias) {
        this.factory = factory;
        this.realmId = realmId;
        this.alias = alias;
    }

    /** What a run found and did. */
    public record Summary(int members, int linked, int offboarded, int failed) {

        Map<String, String> details() {
            Map<String, String> details = new LinkedHashMap<>();
            details.put("wecom_members", Integer.toString(members));
            details.put("wecom_linked", Integer.toString(linked));
            details.put("wecom_offboarded", Integer.toString(offboarded));
            details.put("wecom_failed", Integer.toString(failed));
            return details;
        }
    }

    /** A linked user: Keycloak's id and the member's userid. */
    private record Linked(String userId, String memberId) {
    }

    public Summary run() {
        Set<String> directory = inSession(this::memberIds);
        List<Linked> linked = inSession(this::linkedUsers);
        int offboarded = 0;
        int failed = 0;
        for (Linked user : linked) {
            try {
                String reason = !directory.contains(user.memberId()) ? "gone" : inSession(session -> inactive(session, user.memberId()));
                if (reason != null && inSession(session -> offboard(session, user.memberId()))) {
                    offboarded++;
                    LOG.infof("WeCom provider '%s': member %s is %s; user %s offboarded", alias, user.memberId(), reason, user.userId());
                }
            } catch (RuntimeException e) {
                failed++;
                LOG.warnf("WeCom provider '%s': member %s could not be checked: %s", alias, user.memberId(), Causes.of(e));
            }
        }
        Summary summary = new Summary(directory.size(), linked.size(), offboarded, failed);
        inSession(session -> {
            EventBuilder event = new EventBuilder(session.getContext().getRealm(), session)
                    .event(EventType.IDENTITY_PROVIDER_RESPONSE).detail(Details.IDENTITY_PROVIDER, alias)
                    .detail("wecom_change", SYNC_CHANGE);
            summary.details().forEach(event::detail);
            event.success();
            return null;
        });
        LOG.infof("WeCom provider '%s': directory reconciled: %s", alias, summary);
        return summary;
    }

    private Set<String> memberIds(KeycloakSession session) {
        Api api = api(session);
        Set<String> userids = new HashSet<>();
        String cursor = null;
        do {
            String page = cursor;
            WeComMemberIds ids = api.call(token -> api.client().weComMemberIds(token, page, PAGE_SIZE));
            userids.addAll(ids.userids());
            cursor = ids.nextCursor();
        } while (cursor != null);
        return userids;
    }

    /** The enabled users linked through this provider, with their member's userid. */
    private List<Linked> linkedUsers(KeycloakSession session) {
        RealmModel realm = session.getContext().getRealm();
        String prefix = corpId(session) + ':';
        List<Linked> linked = new ArrayList<>();
        for (int first = 0; ; first += USERS_PER_READ) {
            List<UserModel> users = session.users().searchForUserStream(realm, Map.of(UserModel.IDP_ALIAS, alias), first, USERS_PER_READ)
                    .toList();
            for (UserModel user : users) {
                FederatedIdentityModel link = session.users().getFederatedIdentity(realm, user, alias);
                if (user.isEnabled() && link != null && link.getUserId() != null && link.getUserId().startsWith(prefix)) {
                    linked.add(new Linked(user.getId(), link.getUserId().substring(prefix.length())));
                }
            }
            if (users.size() < USERS_PER_READ) {
                return linked;
            }
        }
    }

    /** @return why the member is to be offboarded, or null when they are active */
    private String inactive(KeycloakSession session, String memberId) {
        Api api = api(session);
        try {
            WeComMember member = api.call(token -> api.client().weComMember(token, memberId));
            return member.isActive() ? null : "not active (status " + member.status() + ")";
        } catch (WeChatException e) {
            if (e.failure() == WeChatFailure.NOT_A_VISIBLE_MEMBER) {
                return "no longer visible to the app";
            }
            throw e;
        }
    }

    private boolean offboard(KeycloakSession session, String memberId) {
        return Offboarding.offboardInBackground(session, session.getContext().getRealm(),
                WeComUsers.brokeredId(corpId(session), memberId)) != null;
    }

    private String corpId(KeycloakSession session) {
        return config(session).getCorpId();
    }

    private WeComMiniProgramConfig config(KeycloakSession session) {
        IdentityProviderModel model = session.identityProviders().getByAlias(alias);
        if (model == null || !WeComUsers.PROVIDER_IDS.contains(model.getProviderId())) {
            throw new IllegalStateException("No WeCom provider '" + alias + "'");
        }
        return new WeComMiniProgramConfig(model);
    }

    /** The app's API client and access tokens, paced. */
    private record Api(WeChatApiClient client, AccessTokenCache tokens, Runnable pace) {

        <T> T call(Function<String, T> apiCall) {
            pace.run();
            return tokens.call(apiCall);
        }
    }

    private Api api(KeycloakSession session) {
        WeChatApiClient client = WeComApiClients.of(session, config(session));
        return new Api(client, new AccessTokenCache(session, client), this::pace);
    }

    /** Waits until a call would keep within {@value #CALLS_PER_SECOND} calls a second. */
    private void pace() {
        long wait = lastCallAt + 1000 / CALLS_PER_SECOND - System.currentTimeMillis();
        if (wait > 0) {
            try {
                Thread.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted", e);
            }
        }
        lastCallAt = System.currentTimeMillis();
    }

    private <T> T inSession(Function<KeycloakSession, T> work) {
        return KeycloakModelUtils.runJobInTransactionWithResult(factory, session -> {
            RealmModel realm = session.realms().getRealm(realmId);
            session.getContext().setRealm(realm);
            return work.apply(session);
        });
    }
}
