package dev.kcwechat.cluster;

import dev.kcwechat.load.LoadGenerator;
import dev.kcwechat.load.Tally;
import dev.kcwechat.simulator.WeChatSimulator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A steady stream of mini-program logins through a {@link FailoverClient}, from a few loops of the
 * load generator that each send one login after another: every other login is a new user (a first
 * login creates the user and its link), the rest are returning users signing in with a new code.
 */
final class LoginLoad implements AutoCloseable {

    /** One login of the load: whose, whether a first login, and how it ended. */
    record Login(String unionid, boolean firstLogin, FailoverClient.Outcome outcome) {
    }

    private final WeChatSimulator wechat;
    private final FailoverClient client;
    private final String prefix;
    private final AtomicLong made = new AtomicLong();
    private final AtomicInteger newUsers = new AtomicInteger();
    private final List<String> knownUsers = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedQueue<Login> logins = new ConcurrentLinkedQueue<>();
    private final LoadGenerator load;
    private Tally tally;

    private LoginLoad(WeChatSimulator wechat, FailoverClient client, String prefix, int workerCount) {
        this.wechat = wechat;
        this.client = client;
        this.prefix = prefix;
        this.load = LoadGenerator.start(workerCount, this::nextLogin);
    }

    /** Starts {@code workerCount} loops; {@code prefix} (a few letters) keeps this load's users apart from others'. */
    static LoginLoad start(WeChatSimulator wechat, FailoverClient client, String prefix, int workerCount) {
        return new LoginLoad(wechat, client, prefix, workerCount);
    }

    /** A new user's login or a known user's, in turn, with a code from the simulator. */
    private LoadGenerator.Request nextLogin() {
        boolean firstLogin = made.getAndIncrement() % 2 == 0;
        String unionid = firstLogin || knownUsers.isEmpty()
                ? String.format("u%s_unionid_%017d", prefix, newUsers.incrementAndGet())
                : knownUsers.get(ThreadLocalRandom.current().nextInt(knownUsers.size()));
        String code = wechat.newCode(WeChatSimulator.DEMO_APP_ID, "o" + unionid.substring(1), unionid);
        return () -> login(unionid, code);
    }

    private LoadGenerator.Outcome login(String unionid, String code) {
        FailoverClient.Outcome outcome = client.codeLogin(code, Map.of());
        boolean isNew = !knownUsers.contains(unionid);
        logins.add(new Login(unionid, isNew, outcome));
        if (isNew && outcome.succeeded()) {
            knownUsers.add(unionid);
        }
        return outcome.succeeded() ? LoadGenerator.Outcome.SUCCEEDED
                : LoadGenerator.Outcome.failed(outcome.status() + " " + outcome.error(), outcome.toString());
    }

    /** Logins so far. */
    List<Login> logins() {
        return new ArrayList<>(logins);
    }

    /** Stops the loops after their current login and returns every login. */
    List<Login> stop() {
        if (tally == null) {
            tally = load.stop();
        }
        return logins();
    }

    /** The logins' outcomes and latencies, once stopped. */
    Tally tally() {
        return tally;
    }

    @Override
    public void close() {
        stop();
    }
}
