package dev.kcwechat.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kcwechat.simulator.WeChatSimulator;
import dev.kcwechat.testing.Http;
import dev.kcwechat.testing.KeycloakAdmin;
import dev.kcwechat.testing.KeycloakServer;
import dev.kcwechat.testing.OAuth;
import dev.kcwechat.testing.TestRealm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The login benchmark ({@code mvn -Pbench verify}, README "Benchmark"): Keycloak 26.7.3 with the
 * JAR in dev mode and the WeChat simulator; the mini-program code login against Keycloak's own
 * client_credentials and password grants on the same server, interleaved in rounds so that drift
 * hits every case alike. Prints a table and writes {@code target/benchmark/results.json}.
 *
 * <p>System properties: {@code bench.rounds} (3), {@code bench.seconds} per case and round (5),
 * {@code bench.warmup} seconds per case (5), {@code bench.concurrency} (16), {@code bench.jfr}
 * (false: true records a JFR profile of Keycloak into target/benchmark/keycloak.jfr), {@code bench.only}
 * (a case number: measure only that case, for profiling it).
 */
public final class LoginBenchmark {

    private static final String REALM = "bench";
    private static final String SERVICE_CLIENT = "bench-service";
    private static final String SERVICE_SECRET = "bench-service-secret";
    private static final String PASSWORD_CLIENT = TestRealm.NOT_ALLOWED_CLIENT;
    private static final String PASSWORD_USER = "bench-password-user";
    private static final String PASSWORD = "Bench-password-1";
    private static final int RETURNING_USERS = 500;
    private static final int LATENCY_CONCURRENCY = 64;
    private static final Duration WECHAT_LATENCY = Duration.ofMillis(300);

    private final WeChatSimulator wechat;
    private final String tokenUrl;
    private final LoadGenerator load;
    private final AtomicLong newUsers = new AtomicLong();

    private LoginBenchmark(WeChatSimulator wechat, String tokenUrl) {
        this.wechat = wechat;
        this.tokenUrl = tokenUrl;
        this.load = new LoadGenerator(tokenUrl);
    }

    public static void main(String[] args) throws Exception {
        int rounds = Integer.getInteger("bench.rounds", 3);
        Duration perCase = Duration.ofSeconds(Integer.getInteger("bench.seconds", 5));
        Duration warmup = Duration.ofSeconds(Integer.getInteger("bench.warmup", 5));
        int concurrency = Integer.getInteger("bench.concurrency", 16);
        Path out = Files.createDirectories(Path.of("target", "benchmark"));

        WeChatSimulator wechat = WeChatSimulator.start(0);
        List<String> javaOpts = new ArrayList<>();
        if (Boolean.getBoolean("bench.jfr")) {
            javaOpts.add("-XX:StartFlightRecording=filename=" + out.toAbsolutePath().resolve("keycloak.jfr") + ",settings=profile");
        }
        int managementPort = KeycloakServer.freePort();
        System.out.println("Starting Keycloak 26.7.3 with the extension (dev mode); log: target/benchmark/keycloak.log");
        try (KeycloakServer keycloak = KeycloakServer.start(new KeycloakServer.Options(
                Path.of(System.getProperty("keycloak.home")),
                Path.of(System.getProperty("keycloak.java.home", System.getProperty("java.home"))),
                Path.of(System.getProperty("provider.jar")), null,
                KeycloakServer.freePort(), managementPort, true, out.resolve("keycloak.log"),
                javaOpts.isEmpty() ? Map.of() : Map.of("JAVA_OPTS_APPEND", String.join(" ", javaOpts)),
                List.of("--metrics-enabled=true")))) {
            KeycloakAdmin admin = new KeycloakAdmin(keycloak.baseUrl());
            createRealm(admin, wechat);
            LoginBenchmark bench = new LoginBenchmark(wechat, new OAuth(keycloak.baseUrl(), REALM).tokenUrl());
            Map<String, Sample> results = bench.run(rounds, perCase, warmup, concurrency);
            long heap = heapInUse(managementPort);
            int tokenFetches = wechat.calls(WeChatSimulator.STABLE_TOKEN) + wechat.calls(WeChatSimulator.TOKEN);
            Report report = new Report(results, tokenFetches, heap, rounds, perCase, concurrency);
            System.out.println(report.table());
            Files.writeString(out.resolve("results.json"), report.json());
            System.out.println("Written: target/benchmark/results.json");
            int errors = results.values().stream().mapToInt(Sample::errors).sum();
            if (errors > 0) {
                System.out.println("Requests that failed: " + errors);
                results.forEach((name, sample) -> {
                    if (sample.firstError() != null) {
                        System.out.println("  " + name + ": " + sample.firstError());
                    }
                });
                System.exit(1);
            }
        } finally {
            wechat.close();
        }
    }

    /** The cases, in the order each round runs them. */
    private Map<String, Runnable> cases(Map<String, Sample> results, Duration perCase, int concurrency) {
        Map<String, Runnable> cases = new LinkedHashMap<>();
        cases.put(Report.CLIENT_CREDENTIALS, () -> measure(results, Report.CLIENT_CREDENTIALS, concurrency, perCase, this::clientCredentials));
        cases.put(Report.PASSWORD, () -> measure(results, Report.PASSWORD, concurrency, perCase, this::password));
        cases.put(Report.RETURNING, () -> measure(results, Report.RETURNING, concurrency, perCase, this::returningLogin));
        cases.put(Report.FIRST, () -> measure(results, Report.FIRST, concurrency, perCase, this::firstLogin));
        cases.put(Report.PHONE, () -> measure(results, Report.PHONE, concurrency, perCase, this::phoneLogin));
        cases.put(Report.SLOW_WECHAT, () -> {
            wechat.setLatency(WeChatSimulator.JSCODE2SESSION, WECHAT_LATENCY);
            try {
                measure(results, Report.SLOW_WECHAT, LATENCY_CONCURRENCY, perCase, this::returningLogin);
            } finally {
                wechat.setLatency(WeChatSimulator.JSCODE2SESSION, Duration.ZERO);
            }
        });
        return cases;
    }

    private Map<String, Sample> run(int rounds, Duration perCase, Duration warmup, int concurrency) throws Exception {
        System.out.println("Creating " + RETURNING_USERS + " returning users, then warming up " + warmup.toSeconds() + " s per case");
        for (int i = 0; i < RETURNING_USERS; i++) {
            Map<String, String> form = returningLoginOf(i);
            Http.Answer answer = Http.postForm(tokenUrl, form, null);
            if (answer.status() != 200) {
                throw new IllegalStateException("Creating returning user " + i + " failed: " + answer);
            }
        }
        Map<String, Sample> discarded = new LinkedHashMap<>();
        cases(discarded, warmup, concurrency).values().forEach(Runnable::run);

        Map<String, Sample> results = new LinkedHashMap<>();
        Map<String, Runnable> cases = cases(results, perCase, concurrency);
        String only = System.getProperty("bench.only");
        if (only != null) {
            cases.keySet().removeIf(name -> !name.startsWith(only + " "));
        }
        for (int round = 1; round <= rounds; round++) {
            System.out.println("Round " + round + " of " + rounds);
            cases.values().forEach(Runnable::run);
        }
        return results;
    }

    private void measure(Map<String, Sample> results, String name, int concurrency, Duration duration,
                         Supplier<Map<String, String>> form) {
        try {
            Sample sample = load.run(concurrency, duration, form);
            results.computeIfAbsent(name, n -> new Sample()).add(sample);
        } catch (Exception e) {
            throw new IllegalStateException("Case " + name + " failed", e);
        }
    }

    private Map<String, String> clientCredentials() {
        return Map.of("grant_type", "client_credentials", "client_id", SERVICE_CLIENT, "client_secret", SERVICE_SECRET);
    }

    private Map<String, String> password() {
        return Map.of("grant_type", "password", "client_id", PASSWORD_CLIENT, "username", PASSWORD_USER, "password", PASSWORD);
    }

    private Map<String, String> returningLogin() {
        return returningLoginOf(ThreadLocalRandom.current().nextInt(RETURNING_USERS));
    }

    private Map<String, String> returningLoginOf(int user) {
        return codeLogin(wechat.newCode(WeChatSimulator.DEMO_APP_ID, openid(user), unionid(user)));
    }

    private Map<String, String> firstLogin() {
        long user = RETURNING_USERS + newUsers.incrementAndGet() + ThreadLocalRandom.current().nextLong(1L << 40) * 1000;
        return codeLogin(wechat.newCode(WeChatSimulator.DEMO_APP_ID, openid(user), unionid(user)));
    }

    private Map<String, String> phoneLogin() {
        int user = ThreadLocalRandom.current().nextInt(RETURNING_USERS);
        String number = String.format("139%08d", user);
        Map<String, String> form = new LinkedHashMap<>(returningLoginOf(user));
        form.put("phone_code", wechat.newPhoneCode(WeChatSimulator.DEMO_APP_ID, number, number, "86"));
        return form;
    }

    private static Map<String, String> codeLogin(String code) {
        return Map.of("grant_type", OAuth.GRANT_TYPE, "client_id", TestRealm.PUBLIC_CLIENT, "code", code);
    }

    private static String openid(long user) {
        return "oBench_openid_" + user;
    }

    private static String unionid(long user) {
        return "uBench_unionid_" + user;
    }

    /**
     * The realm: the mini-program client and WeChat provider (with the phone mapper) of the tests,
     * a confidential client for client_credentials, a password user; events not stored (Keycloak's
     * default), the same for every case.
     */
    private static void createRealm(KeycloakAdmin admin, WeChatSimulator wechat) {
        TestRealm realm = TestRealm.named(REALM, wechat);
        ObjectNode rep = realm.representation();
        rep.put("eventsEnabled", false);
        rep.withArray("identityProviderMappers").addObject()
                .put("name", "phone").put("identityProviderAlias", TestRealm.IDP_ALIAS)
                .put("identityProviderMapper", "wechat-phone-number-idp-mapper")
                .putObject("config").put("syncMode", "FORCE").put("attribute", "phoneNumber").put("conflict", "reject");
        ArrayNode clients = rep.withArray("clients");
        ((ObjectNode) clients.get(2)).put("directAccessGrantsEnabled", true);
        clients.addObject().put("clientId", SERVICE_CLIENT).put("enabled", true).put("publicClient", false)
                .put("secret", SERVICE_SECRET).put("serviceAccountsEnabled", true).put("standardFlowEnabled", false);
        ObjectNode user = rep.withArray("users").addObject().put("username", PASSWORD_USER).put("enabled", true)
                .put("email", "bench@example.com").put("emailVerified", true).put("firstName", "Bench").put("lastName", "User");
        user.putArray("credentials").addObject().put("type", "password").put("value", PASSWORD).put("temporary", false);
        realm.create(admin);
    }

    /** Heap in use in Keycloak's JVM, from its metrics endpoint. */
    private static long heapInUse(int managementPort) {
        String metrics = Http.get("http://127.0.0.1:" + managementPort + "/metrics", null).body();
        return metrics.lines()
                .filter(line -> line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\""))
                .mapToLong(line -> (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }
}
