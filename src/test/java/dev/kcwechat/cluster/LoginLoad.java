package dev.kcwechat.cluster;

import dev.kcwechat.simulator.WeChatSimulator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A steady stream of mini-program logins through a {@link FailoverClient}, from a few workers that
 * each send one login after another: every other login is a new user (a first login creates the
 * user and its link), the rest are returning users signing in with a new code.
 */
final class LoginLoad implements AutoCloseable {

    /** One login of the load: whose, whether a first login, and how it ended. */
    record Login(String unionid, boolean firstLogin, FailoverClient.Outcome outcome) {
    }

    private final WeChatSimulator wechat;
    private final FailoverClient client;
    private final String prefix;
    private final ExecutorService workers;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicInteger newUsers = new AtomicInteger();
    private final List<String> knownUsers = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedQueue<Login> logins = new ConcurrentLinkedQueue<>();

    private LoginLoad(WeChatSimulator wechat, FailoverClient client, String prefix, int workerCount) {
        this.wechat = wechat;
        this.client = client;
        this.prefix = prefix;
        this.workers = Executors.newFixedThreadPool(workerCount);
        for (int i = 0; i < workerCount; i++) {
            workers.submit(this::work);
        }
    }

    /** Starts {@code workerCount} workers; {@code prefix} (a few letters) keeps this load's users apart from others'. */
    static LoginLoad start(WeChatSimulator wechat, FailoverClient client, String prefix, int workerCount) {
        return new LoginLoad(wechat, client, prefix, workerCount);
    }

    private void work() {
        boolean firstLogin = true;
        while (running.get()) {
            String unionid = firstLogin || knownUsers.isEmpty()
                    ? String.format("u%s_unionid_%017d", prefix, newUsers.incrementAndGet())
                    : knownUsers.get(ThreadLocalRandom.current().nextInt(knownUsers.size()));
            String code = wechat.newCode(WeChatSimulator.DEMO_APP_ID, "o" + unionid.substring(1), unionid);
            FailoverClient.Outcome outcome = client.codeLogin(code, Map.of());
            boolean isNew = !knownUsers.contains(unionid);
            logins.add(new Login(unionid, isNew, outcome));
            if (isNew && outcome.succeeded()) {
                knownUsers.add(unionid);
            }
            firstLogin = !firstLogin;
        }
    }

    /** Logins so far. */
    List<Login> logins() {
        return new ArrayList<>(logins);
    }

    /** Stops the workers after their current login and returns every login. */
    List<Login> stop() {
        running.set(false);
        workers.shutdown();
        try {
            if (!workers.awaitTermination(2, TimeUnit.MINUTES)) {
                throw new IllegalStateException("The load's workers did not stop");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return logins();
    }

    @Override
    public void close() {
        stop();
    }
}
