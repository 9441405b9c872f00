package dev.kcwechat.testing;

import dev.kcwechat.simulator.WeChatSimulator;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The Keycloak every integration test of a run shares: started once, on first use, with the
 * freshly built JAR, {@code realm-export/} imported against a simulator of its own, a file vault,
 * and the extension logging at TRACE (so tests can prove no secret reaches even trace logs).
 * Each test class then creates its own realm and simulator.
 */
public final class TestEnvironment {

    /** Realm and vault key the vault test uses (the provider's own): the file vault reads {@code <realm>_<key>}. */
    public static final String VAULT_REALM = "vaultit";
    /** How old a login may be to delete its account, in the test server. */
    public static final int ACCOUNT_DELETION_MAX_AUTH_AGE = 10;
    /** How long a web-view ticket stays redeemable on the test server (60 s in production): long enough for a browser to start. */
    public static final int WEB_TICKET_LIFESPAN = 20;
    private static final Path VAULT_DIR = Path.of("target", "it-vault");
    public static final String VAULT_KEY = "idp." + TestRealm.IDP_ALIAS + ".secret";
    public static final String VAULT_SECRET = "fedcba9876543210fedcba9876543210";
    /** Another component's vault key in that realm (an SMTP password, say), which no provider may read. */
    public static final String OTHER_VAULT_KEY = "smtp-password";
    public static final String OTHER_VAULT_SECRET = "0f1e2d3c4b5a69780f1e2d3c4b5a6978";
    /** The demo realm's web-app client: its secret, and the port of its redirect URIs (9: nothing is served there). */
    public static final String WEB_APP_SECRET = "web-app-it-secret";
    public static final int WEB_APP_PORT = 9;
    /** The demo realm's oa-web client (the WeCom pair's web app): its secret. */
    public static final String OA_WEB_SECRET = "oa-web-it-secret";
    /** How long an e-mail code is valid on the test server (600 s in production): EmailBindingIT waits for one to expire. */
    public static final int EMAIL_CODE_LIFESPAN = 10;

    private static TestEnvironment instance;

    private final KeycloakServer server;
    private final KeycloakAdmin admin;
    private final WeChatSimulator demoSimulator;
    private final Mailbox mailbox;

    private TestEnvironment(KeycloakServer server, WeChatSimulator demoSimulator, Mailbox mailbox) {
        this.server = server;
        this.admin = new KeycloakAdmin(server.baseUrl());
        this.demoSimulator = demoSimulator;
        this.mailbox = mailbox;
    }

    public static synchronized TestEnvironment get() {
        if (instance == null) {
            instance = start();
        }
        return instance;
    }

    private static TestEnvironment start() {
        Path target = Path.of("target");
        WeChatSimulator demoSimulator = WeChatSimulator.start(0).enableDemoEndpoints(WeChatSimulator.DEMO_APP_ID);
        // the run's SMTP server: every test realm sends its mail there (WeChatRealmExtension)
        Mailbox mailbox = Mailbox.start(0);
        Path vault = writeVault(VAULT_DIR);
        KeycloakServer server = KeycloakServer.start(new KeycloakServer.Options(
                Path.of(required("keycloak.home")),
                Path.of(System.getProperty("keycloak.java.home", System.getProperty("java.home"))),
                Path.of(required("provider.jar")),
                Path.of(required("realm.export.dir")),
                KeycloakServer.freePort(), KeycloakServer.freePort(), true,
                target.resolve("keycloak-it.log"),
                environment(demoSimulator),
                List.of("--vault=file", "--vault-dir=" + vault.toAbsolutePath(),
                        // the extension's metrics on the management port's /metrics (MetricsIT)
                        "--metrics-enabled=true",
                        // the consent records' retention runs every 2 s instead of daily (GuardianConsentIT)
                        "--spi-jpa-entity-provider--kcwechat-guardian--retention-interval=2",
                        // no WeCom directory reconciliation on its own during a run: tests ask for one (WeComDirectoryIT)
                        "--spi-admin-realm-restapi-extension--wecom-directory--check-interval=86400",
                        // a login older than 10 s (not 300) may not delete its account (AuthorizationTrailIT)
                        "--spi-realm-restapi-extension--wechat--account-deletion-max-auth-age=" + ACCOUNT_DELETION_MAX_AUTH_AGE,
                        // a web-view ticket expires after 20 s (not 60: WebTicketIT waits for it)
                        "--spi-realm-restapi-extension--wechat--web-ticket-lifespan=" + WEB_TICKET_LIFESPAN,
                        // an e-mail code expires after 10 s (not 600: EmailBindingIT waits for it)
                        "--spi-realm-restapi-extension--wechat--email-code-lifespan=" + EMAIL_CODE_LIFESPAN,
                        "--log-level=INFO,dev.kcwechat:trace,org.hibernate.SQL:debug"))
                .withTestProviders(List.of(PolicyTime.clockJar())));
        return new TestEnvironment(server, demoSimulator, mailbox);
    }

    /**
     * The demo realm's variables, and the run's time of the tests' guardian-policy clock (deployed
     * beside the extension): guardian-policy tests pin it per realm (GuardianSetup.clock);
     * {@code -Dkcwechat.policyTime} pins it for the whole run.
     */
    private static Map<String, String> environment(WeChatSimulator demoSimulator) {
        Map<String, String> environment = new HashMap<>(DemoRealmEnvironment.of(demoSimulator, WEB_APP_PORT, WEB_APP_SECRET, OA_WEB_SECRET));
        String runTime = PolicyTime.serverJavaOptions();
        if (!runTime.isEmpty()) {
            environment.put("JAVA_OPTS_APPEND", runTime);
        }
        return environment;
    }

    /** Puts a secret in the test server's file vault, where {@code ${vault.<key>}} of that realm finds it. */
    public static void vaultSecret(String realm, String key, String value) {
        FileVault.put(VAULT_DIR, realm, key, value);
    }

    private static Path writeVault(Path dir) {
        FileVault.put(dir, VAULT_REALM, VAULT_KEY, VAULT_SECRET);
        FileVault.put(dir, VAULT_REALM, OTHER_VAULT_KEY, OTHER_VAULT_SECRET);
        return dir;
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null) {
            throw new IllegalStateException("System property " + property + " is not set: run integration tests with 'mvn verify'");
        }
        return value;
    }

    public KeycloakServer server() {
        return server;
    }

    public KeycloakAdmin admin() {
        return admin;
    }

    /** The simulator the imported demo realm talks to. */
    public WeChatSimulator demoSimulator() {
        return demoSimulator;
    }

    /** The run's SMTP server, and the mail it received. */
    public Mailbox mailbox() {
        return mailbox;
    }

    public OAuth oauth(String realm) {
        return new OAuth(server.baseUrl(), realm);
    }
}
