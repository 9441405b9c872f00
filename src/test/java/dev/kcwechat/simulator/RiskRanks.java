package dev.kcwechat.simulator;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What /wxa/getuserriskrank knows: which users have recently used each app (WeChat answers
 * 61010 for everyone else), their risk ranks, and the request bodies it received.
 */
final class RiskRanks {

    /** WeChat's ranks go from 0 (lowest risk) to 4. */
    static final int MAX_RANK = 4;

    private final Set<String> activeUsers = ConcurrentHashMap.newKeySet();
    private final Set<String> inactiveUsers = ConcurrentHashMap.newKeySet();
    private final Map<String, Integer> ranks = new ConcurrentHashMap<>();
    private final List<Map<String, Object>> requests = new CopyOnWriteArrayList<>();
    private final AtomicLong unoinIds;

    RiskRanks(Random random) {
        this.unoinIds = new AtomicLong(100_000_000L + random.nextInt(900_000_000));
    }

    /** scene 0: register, 1: marketing; WeChat answers 47001 for anything else. */
    static boolean isScene(int scene) {
        return scene == 0 || scene == 1;
    }

    /** A code was issued for the user: WeChat has seen them open the app. */
    void visited(String appId, String openid) {
        activeUsers.add(userKey(appId, openid));
    }

    void setRank(String appId, String openid, int rank) {
        if (rank < 0 || rank > MAX_RANK) {
            throw new IllegalArgumentException("WeChat risk ranks are 0 to " + MAX_RANK + ": " + rank);
        }
        ranks.put(userKey(appId, openid), rank);
    }

    /** The user gets 61010 from now on, whatever codes they are issued. */
    void markInactive(String appId, String openid) {
        inactiveUsers.add(userKey(appId, openid));
    }

    /** The user's rank (default 0), or WeChat's 61010 when it has no recent visit of theirs. */
    int rankOf(String appId, String openid) {
        String user = userKey(appId, openid);
        if (!activeUsers.contains(user) || inactiveUsers.contains(user)) {
            throw new WeChatError(WeChatError.USER_NOT_ACTIVE);
        }
        return ranks.getOrDefault(user, 0);
    }

    /** The number WeChat tags each answer with (its "unoin_id", sic): different every time. */
    long nextUnoinId() {
        return unoinIds.incrementAndGet();
    }

    /** Kept as sent, JSON nulls included. */
    void record(Map<String, Object> body) {
        requests.add(Collections.unmodifiableMap(new LinkedHashMap<>(body)));
    }

    /** The recorded bodies, oldest first. */
    List<Map<String, Object>> requests() {
        return List.copyOf(requests);
    }

    void clearRequests() {
        requests.clear();
    }

    private static String userKey(String appId, String openid) {
        return appId + '\n' + openid;
    }
}
