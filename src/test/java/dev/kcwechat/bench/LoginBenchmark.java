package dev.kcwechat.bench;

import dev.kcwechat.cluster.Postgres;
import dev.kcwechat.load.LoadGenerator;
import dev.kcwechat.load.Tally;
import dev.kcwechat.simulator.WeChatSimulator;
import dev.kcwechat.testing.Http;
import dev.kcwechat.testing.KeycloakAdmin;
import dev.kcwechat.testing.KeycloakDistribution;
import dev.kcwechat.testing.KeycloakServer;
import dev.kcwechat.testing.OAuth;
import dev.kcwechat.testing.TestRealm;
import dev.kcwechat.testing.TestUsers;
import dev.kcwechat.users.WeChatUsernames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

/**
 * The login benchmark ({@code mvn -Pbench verify}, docs/benchmark.md): Keycloak 26.7.3 (or
 * {@code -Dkeycloak.version}) with the JAR in dev mode; the mini-program code login against Keycloak's own client_credentials and
 * password grants on the same server, interleaved in rounds so that drift hits every case alike,
 * after a warm-up that lasts until throughput is stable. The ratio cases get WeChat from a
 * stand-in whose own cost is next to nothing ({@link WeChatStandIn}); the phone and latency cases
 * from the WeChat simulator. Besides logins/s, each case's Keycloak CPU time per login is measured
 * (from the process), which leaves the load generator and the fakes out entirely. Prints a table
 * and writes {@code target/benchmark/results.json}.
 *
 * <p>System properties: {@code bench.rounds} (3), {@code bench.seconds} per case and round (8),
 * {@code bench.warmup} seconds per case and warm-up round (3), {@code bench.maxWarmupRounds} (8),
 * {@code bench.concurrency} (8), {@code bench.sessions} live sessions of the piled-up user (5000),
 * {@code bench.jfr} (false: true records a JFR profile of Keycloak into target/benchmark/keycloak.jfr),
 * {@code bench.only} (a case number: measure only that case, for profiling it).
 *
 * <p>{@code -Dbench.db=postgres}: Keycloak on PostgreSQL (the cluster tests' Maven binaries) instead
 * of H2, with {@code bench.users} (100,000) WeChat-linked users and {@code bench.populationSessions}
 * (twice as many) sessions provisioned in bulk ({@link Population}) before the warm-up; the returning
 * login is then measured twice, over the population's first 1,000 users and over all of them, and the
 * password grant a second time, over all of them (each clone has the template's e-mail, names and
 * password, given to it before the cloning). {@code bench.userCache} (0: Keycloak's default of
 * 10,000): Keycloak's user cache holds that many users ({@code --cache-embedded-users-max-count}),
 * and every user of the population signs in once before the warm-up, as users who sign in daily
 * would have (it warms Keycloak's user cache and the extension's kept scope grants).
 * {@code bench.heap} (Keycloak's default, 512m): Keycloak's maximum heap, which a large user cache needs.
 */
public final class LoginBenchmark {

    private static final String REALM = "bench";
    private static final String SERVICE_CLIENT = "bench-service";
    private static final String SERVICE_SECRET = "bench-service-secret";
    private static final String PASSWORD_CLIENT = TestRealm.NOT_ALLOWED_CLIENT;
    private static final String PASSWORD_USER = "bench-password-user";
    private static final String PASSWORD = "Bench-password-1";
    /** Keycloak's cheapest session-creating login: the password grant with one pbkdf2 iteration. */
    private static final String PASSWORD_POLICY = "hashAlgorithm(pbkdf2-sha256) and hashIterations(1)";
    private static final String STAND_IN_CLIENT = TestRealm.PUBLIC_CLIENT;
    private static final String STAND_IN_IDP = "wechat-stand-in";
    private static final String SIMULATOR_CLIENT = "mini-program-sim";
    private static final String PILED_USER = "piled";
    /** The stand-in user whose real first login the population is cloned from, and the population's users' prefix. */
    private static final String TEMPLATE_USER = "template";
    private static final String POPULATION_PREFIX = "p";
    private static final int POPULATION_SAMPLE = 1000;
    /** On PostgreSQL the population's sessions must outlive the run: SSO sessions idle and live this long. */
    private static final int POPULATION_SESSION_SECONDS = 10 * 3600;
    private static final int RETURNING_USERS = 500;
    private static final int LATENCY_CONCURRENCY = 64;
    private static final Duration WECHAT_LATENCY = Duration.ofMillis(300);
    /**
     * Keycloak's worker threads: each code login holds one while WeChat answers, so 64 concurrent
     * logins with WeChat at 300 ms need more than the default (50 on 2 cores); docs/benchmark.md.
     */
    private static final int WORKER_THREADS = 128;
    /** Warm-up ends when the three ratio cases' throughputs moved less than this between two warm-up rounds. */
    private static final double STABLE = 0.05;

    private final WeChatSimulator wechat;
    private final KeycloakServer keycloak;
    private final String tokenUrl;
    private final TokenEndpoint tokenEndpoint;
    private final Supplier<Duration> databaseCpu;
    /** PostgreSQL's statement counts; null on H2. */
    private final SqlStatements statements;
    /** The provisioned population's size on PostgreSQL; 0 on H2. */
    private final int populationUsers;
    private final AtomicLong newUsers = new AtomicLong();
    private final AtomicLong codes = new AtomicLong();
    private volatile String freshUser;

    private LoginBenchmark(WeChatSimulator wechat, KeycloakServer keycloak, Supplier<Duration> databaseCpu, SqlStatements statements,
                           int populationUsers) {
        this.wechat = wechat;
        this.keycloak = keycloak;
        this.databaseCpu = databaseCpu;
        this.statements = statements;
        this.populationUsers = populationUsers;
        this.tokenUrl = new OAuth(keycloak.baseUrl(), REALM).tokenUrl();
        this.tokenEndpoint = new TokenEndpoint(tokenUrl);
    }

    public static void main(String[] args) throws Exception {
        int rounds = Integer.getInteger("bench.rounds", 3);
        Duration perCase = Duration.ofSeconds(Integer.getInteger("bench.seconds", 8));
        Duration warmup = Duration.ofSeconds(Integer.getInteger("bench.warmup", 3));
        int maxWarmupRounds = Integer.getInteger("bench.maxWarmupRounds", 8);
        int concurrency = Integer.getInteger("bench.concurrency", 8);
        int sessions = Integer.getInteger("bench.sessions", 5000);
        BenchDatabase database = BenchDatabase.of(System.getProperty("bench.db"));
        int users = database == BenchDatabase.POSTGRES ? Integer.getInteger("bench.users", 100_000) : 0;
        int populationSessions = Integer.getInteger("bench.populationSessions", 2 * users);
        int userCache = database == BenchDatabase.POSTGRES ? Integer.getInteger("bench.userCache", 0) : 0;
        if (database == BenchDatabase.POSTGRES && (users < 1 || populationSessions < 0 || userCache < 0)) {
            throw new IllegalArgumentException("bench.users must be at least 1, bench.populationSessions and bench.userCache not negative");
        }
        Path out = Files.createDirectories(Path.of("target", "benchmark"));

        List<String> javaOpts = new ArrayList<>();
        if (Boolean.getBoolean("bench.jfr")) {
            javaOpts.add("-XX:FlightRecorderOptions=stackdepth=512");
            javaOpts.add("-XX:StartFlightRecording=filename=" + out.toAbsolutePath().resolve("keycloak.jfr") + ",settings=profile");
        }
        int managementPort = KeycloakServer.freePort();
        List<String> arguments = new ArrayList<>(List.of("--metrics-enabled=true", "--http-pool-max-threads=" + WORKER_THREADS));
        Postgres postgres = null;
        if (database == BenchDatabase.POSTGRES) {
            System.out.println("Starting PostgreSQL " + System.getProperty("postgres.version", "") + "; log: target/benchmark/postgres.log");
            postgres = Postgres.create(out.resolve("postgres"), out.resolve("postgres.log"), KeycloakServer.freePort(),
                    SqlStatements.SERVER_SETTINGS);
            arguments.addAll(List.of("--db=postgres", "--db-url=" + postgres.jdbcUrl(), "--db-username=" + Postgres.USER,
                    "--db-password=" + Postgres.PASSWORD));
            if (userCache > 0) {
                arguments.add("--cache-embedded-users-max-count=" + userCache);
            }
        }
        System.out.println("Starting Keycloak " + KeycloakDistribution.version().text() + " with the extension (dev mode, "
                + database.name().toLowerCase(java.util.Locale.ROOT) + "); log: target/benchmark/keycloak.log");
        try (Postgres db = postgres;
             WeChatSimulator wechat = WeChatSimulator.start(0);
             WeChatStandIn standIn = WeChatStandIn.start();
             KeycloakServer keycloak = KeycloakServer.start(new KeycloakServer.Options(
                     Path.of(System.getProperty("keycloak.home")),
                     Path.of(System.getProperty("keycloak.java.home", System.getProperty("java.home"))),
                     Path.of(System.getProperty("provider.jar")), null,
                     KeycloakServer.freePort(), managementPort, true, out.resolve("keycloak.log"),
                     environment(javaOpts, System.getProperty("bench.heap")),
                     arguments));
             KeycloakAdmin admin = new KeycloakAdmin(keycloak.baseUrl())) {
            createRealm(admin, wechat, standIn, db != null);
            SqlStatements statements = db == null ? null : new SqlStatements(() -> connectAsSuperuser(db));
            LoginBenchmark bench = new LoginBenchmark(wechat, keycloak, db == null ? () -> Duration.ZERO : db::cpuTime, statements, users);
            String provisioning = db == null ? null : bench.populate(admin, db, users, populationSessions);
            if (userCache > 0) {
                provisioning += "; " + bench.warmPopulation(users, userCache, concurrency);
            }
            if (db != null && System.getProperty("bench.heap") != null) {
                provisioning += "; Keycloak's heap at most " + System.getProperty("bench.heap").trim();
            }
            bench.prepare(sessions, concurrency);
            bench.warmUp(warmup, maxWarmupRounds, concurrency);
            Map<String, Sample> results = bench.measure(rounds, perCase, concurrency);
            long heap = heapInUse(managementPort);
            int tokenFetches = wechat.calls(WeChatSimulator.STABLE_TOKEN) + wechat.calls(WeChatSimulator.TOKEN);
            int piledSessions = liveSessions(admin, PILED_USER);
            Report.Setting setting = db == null ? Report.Setting.h2()
                    : new Report.Setting("PostgreSQL", Report.POSTGRES_RATIOS, users,
                            new Population(() -> connect(db)).count("offline_user_session", "offline_flag = '0'"), provisioning);
            Report report = new Report(results, setting, tokenFetches, heap, piledSessions, rounds, perCase, concurrency);
            System.out.println(report.table());
            if (statements != null) {
                Files.writeString(out.resolve("sql-statements.txt"), statements.report());
                System.out.println("Written: target/benchmark/sql-statements.txt (each case's most frequent statements per login)");
            }
            Files.writeString(out.resolve("results.json"), report.json());
            System.out.println("Written: target/benchmark/results.json");
            long errors = results.values().stream().mapToLong(sample -> sample.requests().failed()).sum();
            if (errors > 0) {
                System.out.println("Requests that failed: " + errors);
                results.forEach((name, sample) -> {
                    if (sample.requests().failed() > 0) {
                        System.out.println("  " + name + ": " + sample.requests().failures() + ", first: " + sample.requests().firstFailure());
                    }
                });
                System.exit(1);
            }
        }
    }

    /** The cases, in the order each round runs them. */
    private Map<String, Runnable> cases(Map<String, Sample> results, Duration perCase, int concurrency, boolean measured) {
        Map<String, Runnable> cases = new LinkedHashMap<>();
        cases.put(Report.CLIENT_CREDENTIALS, () -> run(measured, results, Report.CLIENT_CREDENTIALS, concurrency, perCase, this::clientCredentials));
        cases.put(Report.PASSWORD, () -> run(measured, results, Report.PASSWORD, concurrency, perCase, this::password));
        if (populationUsers > 0) {
            cases.put(Report.PASSWORD_ALL, () -> run(measured, results, Report.PASSWORD_ALL, concurrency, perCase,
                    () -> populationPassword(populationUsers)));
        }
        if (populationUsers > 0) {
            int sample = Math.min(POPULATION_SAMPLE, populationUsers);
            cases.put(Report.RETURNING_1K, () -> run(measured, results, Report.RETURNING_1K, concurrency, perCase, () -> populationLogin(sample)));
            cases.put(Report.RETURNING_ALL, () -> run(measured, results, Report.RETURNING_ALL, concurrency, perCase, () -> populationLogin(populationUsers)));
        } else {
            cases.put(Report.RETURNING, () -> run(measured, results, Report.RETURNING, concurrency, perCase, this::returningLogin));
        }
        cases.put(Report.FIRST, () -> run(measured, results, Report.FIRST, concurrency, perCase, this::firstLogin));
        cases.put(Report.PILED, () -> run(measured, results, Report.PILED, concurrency, perCase, () -> standInLogin(PILED_USER)));
        cases.put(Report.FRESH, () -> {
            // a user of its own per round: it has only the sessions this round gives it
            freshUser = "fresh-" + newUsers.incrementAndGet();
            require(Http.postForm(tokenUrl, standInLogin(freshUser), null), "the first login of " + freshUser);
            run(measured, results, Report.FRESH, concurrency, perCase, () -> standInLogin(freshUser));
        });
        cases.put(Report.PHONE, () -> run(measured, results, Report.PHONE, concurrency, perCase, this::phoneLogin));
        cases.put(Report.SLOW_WECHAT, () -> {
            wechat.setLatency(WeChatSimulator.JSCODE2SESSION, WECHAT_LATENCY);
            try {
                run(measured, results, Report.SLOW_WECHAT, LATENCY_CONCURRENCY, perCase, this::simulatorLogin);
            } finally {
                wechat.setLatency(WeChatSimulator.JSCODE2SESSION, Duration.ZERO);
            }
        });
        return cases;
    }

    /**
     * On PostgreSQL: the population, cloned in bulk from the rows of one real first login (the
     * template user's), then checked through Keycloak: the last user's sessions as its admin API
     * lists them. Returns what it took, for the report.
     */
    private String populate(KeycloakAdmin admin, Postgres postgres, int users, int sessions) throws Exception {
        require(Http.postForm(tokenUrl, standInLogin(TEMPLATE_USER), null), "the template user");
        givePassword(admin, WeChatUsernames.forIdentity(WeChatStandIn.unionid(TEMPLATE_USER)));
        Population population = new Population(() -> connect(postgres));
        PopulationSql.Template template = population.template(REALM, WeChatUsernames.forIdentity(WeChatStandIn.unionid(TEMPLATE_USER)),
                WeChatStandIn.unionid(TEMPLATE_USER), WeChatStandIn.openid(TEMPLATE_USER));
        PopulationSql sql = new PopulationSql(template, POPULATION_PREFIX, WeChatStandIn.unionid(""), WeChatStandIn.openid(""),
                WeChatUsernames.PREFIX);
        System.out.println("Provisioning " + users + " WeChat-linked users and " + sessions + " sessions in PostgreSQL");
        Duration took = population.provision(sql, template, users, sessions);
        String last = POPULATION_PREFIX + (users - 1);
        int expected = sessions / users + (users - 1 < sessions % users ? 1 : 0);
        int loaded = liveSessions(admin, last);
        if (loaded != expected) {
            throw new IllegalStateException("Keycloak lists " + loaded + " sessions of the provisioned user " + last + ", not " + expected);
        }
        require(Http.postForm(tokenUrl, Map.of("grant_type", "password", "client_id", PASSWORD_CLIENT, "username", populationUsername(users - 1),
                "password", PASSWORD), null), "the password grant of the provisioned user " + last);
        String summary = String.format("provisioned in %.1f s; Keycloak lists the provisioned sessions and takes a clone's password",
                took.toMillis() / 1000.0);
        System.out.println("Population: " + summary);
        return summary;
    }

    /** Keycloak's environment: the extra JVM options and the maximum heap, if given. */
    private static Map<String, String> environment(List<String> javaOpts, String heap) {
        Map<String, String> environment = new LinkedHashMap<>();
        if (!javaOpts.isEmpty()) {
            environment.put("JAVA_OPTS_APPEND", String.join(" ", javaOpts));
        }
        if (heap != null && !heap.isBlank()) {
            environment.put("JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx" + heap.trim());
        }
        return environment;
    }

    /**
     * One code login of every user of the population, before the warm-up: with a user cache sized to
     * the population, every user is then cached, as the users who sign in daily are.
     */
    private String warmPopulation(int users, int userCache, int concurrency) {
        System.out.println("User cache of " + userCache + "; warming it: one code login of each of the " + users + " users");
        AtomicLong next = new AtomicLong();
        long started = System.nanoTime();
        Tally warming = LoadGenerator.run(concurrency, (users + concurrency - 1) / concurrency,
                tokenEndpoint.posts(() -> standInLogin(POPULATION_PREFIX + next.getAndIncrement() % users)));
        if (warming.failed() > 0) {
            throw new IllegalStateException("Warming the population failed: " + warming.firstFailure());
        }
        String summary = String.format("user cache %d (--cache-embedded-users-max-count), warmed by one code login of each user in %.0f s",
                userCache, (System.nanoTime() - started) / 1e9);
        System.out.println("Population: " + summary);
        return summary;
    }

    /**
     * What the realm's user profile and the password grant need, given to the template user through
     * the admin API before it is cloned: a verified e-mail that holds its username (so each clone's is
     * its own), first and last name, and the password (hashed by the realm's policy).
     */
    private static void givePassword(KeycloakAdmin admin, String username) {
        UserRepresentation user = admin.realm(REALM).users().search(username, true).get(0);
        user.setEmail(username + "@example.com");
        user.setEmailVerified(true);
        user.setFirstName("Bench");
        user.setLastName("Population");
        admin.realm(REALM).users().get(user.getId()).update(user);
        admin.realm(REALM).users().get(user.getId()).resetPassword(TestUsers.password(PASSWORD));
    }

    private static java.sql.Connection connectAsSuperuser(Postgres postgres) {
        try {
            return postgres.connectAsSuperuser();
        } catch (SQLException e) {
            throw new IllegalStateException("Connecting to PostgreSQL failed", e);
        }
    }

    private static java.sql.Connection connect(Postgres postgres) {
        try {
            return postgres.connect();
        } catch (SQLException e) {
            throw new IllegalStateException("Connecting to PostgreSQL failed", e);
        }
    }

    /** The returning users (through both WeChats) and the user with many live sessions. */
    private void prepare(int sessions, int concurrency) throws Exception {
        System.out.println("Creating " + RETURNING_USERS + " returning users and " + sessions + " live sessions of one user");
        for (int i = 0; i < RETURNING_USERS; i++) {
            require(Http.postForm(tokenUrl, standInLogin(Integer.toString(i)), null), "returning user " + i);
            require(Http.postForm(tokenUrl, simulatorLoginOf(i), null), "returning simulator user " + i);
        }
        require(Http.postForm(tokenUrl, standInLogin(PILED_USER), null), "the piled-up user");
        int perThread = sessions / concurrency;
        Tally piling = LoadGenerator.run(concurrency, perThread, tokenEndpoint.posts(() -> standInLogin(PILED_USER)));
        if (piling.failed() > 0) {
            throw new IllegalStateException("Piling up sessions failed: " + piling.firstFailure());
        }
    }

    /** Rounds of every case until client_credentials, password and returning logins are stable (or the maximum of rounds is reached). */
    private void warmUp(Duration perCase, int maxRounds, int concurrency) {
        String returning = populationUsers > 0 ? Report.RETURNING_ALL : Report.RETURNING;
        List<String> watched = List.of(Report.CLIENT_CREDENTIALS, Report.PASSWORD, returning);
        Map<String, Double> previous = Map.of();
        for (int round = 1; round <= maxRounds; round++) {
            Map<String, Sample> discarded = new LinkedHashMap<>();
            cases(discarded, perCase, concurrency, false).values().forEach(Runnable::run);
            Map<String, Double> current = new LinkedHashMap<>();
            watched.forEach(name -> current.put(name, discarded.get(name).medianThroughput()));
            System.out.printf("Warm-up round %d: client_credentials %.0f/s, password %.0f/s, returning code login %.0f/s%n", round,
                    current.get(Report.CLIENT_CREDENTIALS), current.get(Report.PASSWORD), current.get(returning));
            Map<String, Double> before = previous;
            if (!before.isEmpty() && watched.stream().allMatch(name -> Math.abs(current.get(name) - before.get(name)) / before.get(name) < STABLE)) {
                return;
            }
            previous = current;
        }
        System.out.println("Warm-up: still moving after " + maxRounds + " rounds; measuring anyway");
    }

    private Map<String, Sample> measure(int rounds, Duration perCase, int concurrency) {
        Map<String, Sample> results = new LinkedHashMap<>();
        Map<String, Runnable> cases = cases(results, perCase, concurrency, true);
        String only = System.getProperty("bench.only");
        if (only != null) {
            List<String> chosen = List.of(only.split(","));
            cases.keySet().removeIf(name -> chosen.stream().noneMatch(number -> name.startsWith(number.trim() + " ")));
        }
        for (int round = 1; round <= rounds; round++) {
            System.out.println("Round " + round + " of " + rounds);
            cases.values().forEach(Runnable::run);
        }
        return results;
    }

    /** One round of a case; a measured round's statements count for the case's statement profile. */
    private void run(boolean measured, Map<String, Sample> results, String name, int concurrency, Duration duration,
                     Supplier<Map<String, String>> form) {
        try {
            if (statements != null) {
                statements.reset();
            }
            Duration cpuBefore = keycloak.cpuTime();
            Duration databaseBefore = databaseCpu.get();
            long start = System.nanoTime();
            Tally round = LoadGenerator.run(concurrency, duration, tokenEndpoint.posts(form));
            double seconds = (System.nanoTime() - start) / 1e9;
            double cpuMillis = keycloak.cpuTime().minus(cpuBefore).toNanos() / 1e6;
            double databaseMillis = databaseCpu.get().minus(databaseBefore).toNanos() / 1e6;
            long sql = statements == null ? 0 : statements.add(measured ? name : null, round.succeeded());
            results.computeIfAbsent(name, n -> new Sample()).addRound(round, seconds, cpuMillis, databaseMillis, sql);
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

    /** A password grant of one of the population's first {@code bound} users (each has the template's password). */
    private Map<String, String> populationPassword(int bound) {
        return Map.of("grant_type", "password", "client_id", PASSWORD_CLIENT, "username", populationUsername(ThreadLocalRandom.current().nextInt(bound)),
                "password", PASSWORD);
    }

    private static String populationUsername(int n) {
        return WeChatUsernames.forIdentity(WeChatStandIn.unionid(POPULATION_PREFIX + n));
    }

    private Map<String, String> returningLogin() {
        return standInLogin(Integer.toString(ThreadLocalRandom.current().nextInt(RETURNING_USERS)));
    }

    /** A returning login of one of the population's first {@code bound} users. */
    private Map<String, String> populationLogin(int bound) {
        return standInLogin(POPULATION_PREFIX + ThreadLocalRandom.current().nextInt(bound));
    }

    private Map<String, String> firstLogin() {
        return standInLogin("new-" + newUsers.incrementAndGet() + "-" + ThreadLocalRandom.current().nextLong(1L << 40));
    }

    /** A code login of that user through the stand-in: every code is new. */
    private Map<String, String> standInLogin(String user) {
        return Map.of("grant_type", OAuth.GRANT_TYPE, "client_id", STAND_IN_CLIENT, "code", user + "." + codes.incrementAndGet());
    }

    private Map<String, String> simulatorLogin() {
        return simulatorLoginOf(ThreadLocalRandom.current().nextInt(RETURNING_USERS));
    }

    private Map<String, String> simulatorLoginOf(int user) {
        String code = wechat.newCode(WeChatSimulator.DEMO_APP_ID, "oBench_openid_" + user, "uBench_unionid_" + user);
        return Map.of("grant_type", OAuth.GRANT_TYPE, "client_id", SIMULATOR_CLIENT, "code", code);
    }

    private Map<String, String> phoneLogin() {
        int user = ThreadLocalRandom.current().nextInt(RETURNING_USERS);
        String number = String.format("139%08d", user);
        Map<String, String> form = new LinkedHashMap<>(simulatorLoginOf(user));
        form.put("phone_code", wechat.newPhoneCode(WeChatSimulator.DEMO_APP_ID, number, number, "86"));
        return form;
    }

    private static void require(Http.Answer answer, String what) {
        if (answer.status() != 200) {
            throw new IllegalStateException("Login for " + what + " failed: " + answer);
        }
    }

    /**
     * The realm: the tests' WeChat provider (the simulator, with the phone mapper) for the client
     * {@value #SIMULATOR_CLIENT}, a provider on the stand-in for the mini-program client, a
     * confidential client for client_credentials, a password user hashed with one pbkdf2
     * iteration; events not stored (Keycloak's default), the same for every case. With a population
     * its sessions stay live for the whole run.
     */
    private static void createRealm(KeycloakAdmin admin, WeChatSimulator wechat, WeChatStandIn standIn, boolean population) {
        TestRealm realm = TestRealm.named(REALM, wechat)
                .addClient(SIMULATOR_CLIENT, null)
                .set("allowedClients", SIMULATOR_CLIENT)
                .addIdentityProvider(STAND_IN_IDP, WeChatStandIn.APP_ID, WeChatStandIn.APP_SECRET, STAND_IN_CLIENT)
                .addPhoneMapper(TestRealm.IDP_ALIAS, "reject");
        realm.idpConfig(STAND_IN_IDP).put("apiBaseUrl", standIn.baseUrl());
        // the load comes from one address: a refused code's slot, taken while a code is in flight, would cap its concurrency
        realm.idpConfig(TestRealm.IDP_ALIAS).put("failedCodesPerIp", "0");
        realm.idpConfig(STAND_IN_IDP).put("failedCodesPerIp", "0");
        RealmRepresentation rep = realm.representation();
        rep.setEventsEnabled(false);
        rep.setPasswordPolicy(PASSWORD_POLICY);
        if (population) {
            rep.setSsoSessionIdleTimeout(POPULATION_SESSION_SECONDS);
            rep.setSsoSessionMaxLifespan(POPULATION_SESSION_SECONDS);
        }
        realm.client(PASSWORD_CLIENT).setDirectAccessGrantsEnabled(true);
        ClientRepresentation service = new ClientRepresentation();
        service.setClientId(SERVICE_CLIENT);
        service.setEnabled(true);
        service.setPublicClient(false);
        service.setSecret(SERVICE_SECRET);
        service.setServiceAccountsEnabled(true);
        service.setStandardFlowEnabled(false);
        rep.getClients().add(service);
        rep.setUsers(List.of(TestUsers.withPassword(PASSWORD_USER, PASSWORD, "bench@example.com", "Bench", "User")));
        realm.create(admin);
    }

    /** The live sessions of the stand-in user with that name. */
    private static int liveSessions(KeycloakAdmin admin, String user) {
        String username = WeChatUsernames.forIdentity(WeChatStandIn.unionid(user));
        String id = admin.realm(REALM).users().search(username, true).get(0).getId();
        return admin.realm(REALM).users().get(id).getUserSessions().size();
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
