package dev.kcwechat.simulator;

import java.net.URI;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * What a WeCom admin set up in the corps the simulator knows: their self-built apps (agentid and
 * secret each, legacy or new, trusted domain, name), their members (contact book) and which
 * members each app may see. The API families read it; the control API of {@link WeChatSimulator}
 * writes it. Thread-safe.
 */
final class WeComDirectory {

    /** A corpid: "ww" (or, for corps of the old 企业号, "wx") and 16 lowercase hex digits. */
    static final Pattern CORP_ID = Pattern.compile("w[wx][0-9a-f]{16}");
    static final int STATUS_ACTIVE = 1;
    static final int STATUS_DISABLED = 2;
    static final int STATUS_NOT_ACTIVATED = 4;
    static final int STATUS_LEFT = 5;
    private static final Set<Integer> STATUSES = Set.of(STATUS_ACTIVE, STATUS_DISABLED, STATUS_NOT_ACTIVATED, STATUS_LEFT);

    /** A self-built app (自建应用) of a corp: its agentid and secret. */
    record App(String corpId, int agentId, String secret) {
    }

    /** A member of a corp's contact book; mobile and email may be null. */
    record Member(String userid, String name, List<Integer> departments, int status, String mobile, String email) {

        Member {
            Objects.requireNonNull(userid, "userid");
            Objects.requireNonNull(name, "name");
            departments = List.copyOf(departments);
            if (!STATUSES.contains(status)) {
                throw new IllegalArgumentException("a member's status is 1 (active), 2 (disabled), 4 (not activated) "
                        + "or 5 (left): " + status);
            }
        }

        Member withStatus(int newStatus) {
            return new Member(userid, name, departments, newStatus, mobile, email);
        }

        Member withUserid(String newUserid) {
            return new Member(newUserid, name, departments, status, mobile, email);
        }
    }

    /** One corp: apps by agentid, members by userid, and per app the members it may not see. */
    private static final class Corp {
        final Map<Integer, App> apps = new ConcurrentHashMap<>();
        final Map<String, Member> members = new ConcurrentHashMap<>();
        final Set<String> hidden = ConcurrentHashMap.newKeySet();
        final Set<Integer> legacyApps = ConcurrentHashMap.newKeySet();
        final Map<Integer, URI> trustedDomains = new ConcurrentHashMap<>();
        final Map<Integer, String> appNames = new ConcurrentHashMap<>();
    }

    private final Map<String, Corp> corps = new ConcurrentHashMap<>();

    // ---- corps and apps ----

    /** Adds an app to a corp, creating the corp if new; the same agentid again changes its secret. */
    void registerApp(String corpId, int agentId, String secret) {
        if (corpId == null || !CORP_ID.matcher(corpId).matches()) {
            throw new IllegalArgumentException("a corpid is \"ww\" and 16 lowercase hex digits, e.g. ww0123456789abcdef: " + corpId);
        }
        if (agentId <= 0) {
            throw new IllegalArgumentException("an agentid is a positive number, e.g. 1000002: " + agentId);
        }
        if (Simulation.isBlank(secret)) {
            throw new IllegalArgumentException("an app needs a secret");
        }
        Corp corp = corps.computeIfAbsent(corpId, id -> new Corp());
        synchronized (corp) {
            boolean secretTaken = corp.apps.values().stream()
                    .anyMatch(app -> app.agentId() != agentId && app.secret().equals(secret));
            if (secretTaken) {
                throw new IllegalArgumentException("another app of " + corpId + " has that secret");
            }
            corp.apps.put(agentId, new App(corpId, agentId, secret));
        }
    }

    boolean isCorp(String corpId) {
        return corpId != null && corps.containsKey(corpId);
    }

    Optional<App> app(String corpId, int agentId) {
        return Optional.ofNullable(corpId == null ? null : corps.get(corpId)).map(corp -> corp.apps.get(agentId));
    }

    /** The app whose secret this is (gettoken names the corp and the app's secret, not the agentid). */
    Optional<App> appBySecret(String corpId, String secret) {
        return apps(corpId).stream().filter(app -> app.secret().equals(secret)).findFirst();
    }

    Collection<App> apps(String corpId) {
        Corp corp = corpId == null ? null : corps.get(corpId);
        return corp == null ? List.of() : List.copyOf(corp.apps.values());
    }

    /** An app created before 2022-06-20: user/get still answers mobile, email, avatar... */
    void legacy(String corpId, int agentId, boolean legacy) {
        Corp corp = corpWithApp(corpId, agentId);
        if (legacy) {
            corp.legacyApps.add(agentId);
        } else {
            corp.legacyApps.remove(agentId);
        }
    }

    boolean isLegacy(App app) {
        return corp(app.corpId()).legacyApps.contains(app.agentId());
    }

    /** The app's trusted domain (可信域名), "host" or "host:port"; null: any loopback host. */
    void trustedDomain(String corpId, int agentId, String domain) {
        Corp corp = corpWithApp(corpId, agentId);
        if (domain == null) {
            corp.trustedDomains.remove(agentId);
        } else {
            corp.trustedDomains.put(agentId, RedirectUris.domain(domain));
        }
    }

    boolean isTrustedRedirect(App app, String redirectUri) {
        return RedirectUris.isAllowed(redirectUri, corp(app.corpId()).trustedDomains.get(app.agentId()));
    }

    void appName(String corpId, int agentId, String name) {
        corpWithApp(corpId, agentId).appNames.put(agentId, name);
    }

    /** What the pages call the app; default "应用 <agentid>". */
    String appName(App app) {
        return corp(app.corpId()).appNames.getOrDefault(app.agentId(), "应用 " + app.agentId());
    }

    // ---- members ----

    /** Adds or replaces a member. */
    void member(String corpId, Member member) {
        corp(corpId).members.put(member.userid(), member);
    }

    Optional<Member> member(String corpId, String userid) {
        Corp corp = corpId == null ? null : corps.get(corpId);
        return Optional.ofNullable(corp == null || userid == null ? null : corp.members.get(userid));
    }

    void status(String corpId, String userid, int status) {
        Corp corp = corp(corpId);
        if (corp.members.computeIfPresent(userid, (id, member) -> member.withStatus(status)) == null) {
            throw new IllegalArgumentException("no member " + userid + " in " + corpId);
        }
    }

    /** Deletes a member from the corp's contact book (user/get answers 60111 from now on). */
    void remove(String corpId, String userid) {
        Corp corp = corp(corpId);
        if (userid == null || corp.members.remove(userid) == null) {
            throw new IllegalArgumentException("no member " + userid + " in " + corpId);
        }
        corp.hidden.removeIf(key -> key.endsWith("\n" + userid));
    }

    /** An admin changes a member's userid: the member, and what each app may see of them, move to the new one. */
    void changeUserid(String corpId, String userid, String newUserid) {
        Corp corp = corp(corpId);
        synchronized (corp) {
            if (Simulation.isBlank(newUserid) || corp.members.containsKey(newUserid)) {
                throw new IllegalArgumentException("the corp " + corpId + " has a member " + newUserid + " already, or it is blank");
            }
            Member member = corp.members.remove(userid == null ? "" : userid);
            if (member == null) {
                throw new IllegalArgumentException("no member " + userid + " in " + corpId);
            }
            corp.members.put(newUserid, member.withUserid(newUserid));
            for (App app : corp.apps.values()) {
                if (corp.hidden.remove(app.agentId() + "\n" + userid)) {
                    corp.hidden.add(app.agentId() + "\n" + newUserid);
                }
            }
        }
    }

    /** The corp's members, by userid. */
    List<Member> members(String corpId) {
        return corp(corpId).members.values().stream()
                .sorted(Comparator.comparing(Member::userid))
                .toList();
    }

    /** Whether the app may see the member (its visible range, 可见范围); every member by default. */
    void visible(String corpId, int agentId, String userid, boolean visible) {
        Corp corp = corpWithApp(corpId, agentId);
        String key = agentId + "\n" + Objects.requireNonNull(userid, "userid");
        if (visible) {
            corp.hidden.remove(key);
        } else {
            corp.hidden.add(key);
        }
    }

    boolean isVisible(App app, String userid) {
        return !corp(app.corpId()).hidden.contains(app.agentId() + "\n" + userid);
    }

    private Corp corp(String corpId) {
        Corp corp = corpId == null ? null : corps.get(corpId);
        if (corp == null) {
            throw new IllegalArgumentException("unknown corp " + corpId + ": registerCorp first");
        }
        return corp;
    }

    private Corp corpWithApp(String corpId, int agentId) {
        Corp corp = corp(corpId);
        if (!corp.apps.containsKey(agentId)) {
            throw new IllegalArgumentException("unknown app " + agentId + " of " + corpId + ": registerCorp first");
        }
        return corp;
    }
}
