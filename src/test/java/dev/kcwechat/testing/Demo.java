package dev.kcwechat.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcwechat.simulator.WeChatSimulator;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The README's demo ({@code mvn -Pdemo verify}): the WeChat simulator on port 8500 and Keycloak
 * 26.7.3 with the JAR and {@code realm-export/} on port 8080, in dev mode on a fresh embedded
 * database. Checks the printed curls work before printing them, then runs until Ctrl+C.
 */
public final class Demo {

    private static final int KEYCLOAK_PORT = Integer.parseInt(env("KEYCLOAK_PORT", "8080"));
    private static final int MANAGEMENT_PORT = Integer.parseInt(env("KEYCLOAK_MANAGEMENT_PORT", "9000"));
    private static final int SIMULATOR_PORT = Integer.parseInt(env("WECHAT_SIMULATOR_PORT", "8500"));

    /** The simulator user the realm's demo child account (born 2016-06-01) is linked to. */
    private static final String CHILD = "xiaoming";
    /** The realm's demo guardian, who signs in on the consent page. */
    private static final String GUARDIAN = "guardian";
    private static final String GUARDIAN_PASSWORD = "guardian-demo";
    /** The curfew of the realm's guardian policy, in its time zone. */
    private static final ZoneId CURFEW_ZONE = ZoneId.of("Asia/Shanghai");
    private static final LocalTime CURFEW_START = LocalTime.of(22, 0);
    private static final LocalTime CURFEW_END = LocalTime.of(6, 0);

    private Demo() {
    }

    public static void main(String[] args) throws InterruptedException {
        WeChatSimulator wechat = WeChatSimulator.start(SIMULATOR_PORT).enableDemoEndpoints(WeChatSimulator.DEMO_APP_ID);
        Runtime.getRuntime().addShutdownHook(new Thread(wechat::close));
        System.out.println("WeChat simulator listening on " + wechat.baseUrl());
        Path log = Path.of("target", "keycloak-demo.log");
        System.out.println("Starting Keycloak 26.7.3 on port " + KEYCLOAK_PORT + " (log: " + log + "), this takes about a minute...");
        KeycloakServer keycloak = KeycloakServer.start(new KeycloakServer.Options(
                Path.of(System.getProperty("keycloak.home")),
                Path.of(System.getProperty("keycloak.java.home", System.getProperty("java.home"))),
                Path.of(System.getProperty("provider.jar")),
                Path.of(System.getProperty("realm.export.dir")),
                KEYCLOAK_PORT, MANAGEMENT_PORT, true, log,
                Map.of("WECHAT_API_BASE_URL", wechat.baseUrl(),
                        "WECHAT_APP_ID", WeChatSimulator.DEMO_APP_ID,
                        "WECHAT_APP_SECRET", WeChatSimulator.DEMO_APP_SECRET),
                List.of()));

        String tokenUrl = "http://localhost:" + KEYCLOAK_PORT + "/realms/wechat-demo/protocol/openid-connect/token";
        String loginUrl = wechat.baseUrl() + "/sim/wx.login?user=alice";
        OAuth oauth = new OAuth(keycloak.baseUrl(), "wechat-demo");
        Http.Answer check = oauth.codeLogin("mini-program", Http.get(loginUrl, null).body().trim(), Map.of("scope", "openid"));
        if (check.status() != 200) {
            throw new IllegalStateException("The demo login does not work: " + check);
        }
        String childLoginUrl = wechat.baseUrl() + "/sim/wx.login?user=" + CHILD;
        String childAnswer = childAnswer(oauth.codeLogin("mini-program", Http.get(childLoginUrl, null).body().trim(),
                Map.of("scope", "openid")));
        System.out.println("""

                ==============================================================================
                 keycloak-wechat demo is running (checked: a simulator code got tokens)
                 Keycloak:          http://localhost:%1$d   admin console: http://localhost:%1$d/admin  (admin / admin)
                 Realm:             wechat-demo   client: mini-program   identity provider: wechat
                 WeChat simulator:  %2$s   (/sim/wx.login?user=NAME stands in for wx.login())

                 Sign in as a mini-program does, code from wx.login() in, Keycloak tokens out:

                 curl -s %3$s \\
                   -d grant_type=urn:kcwechat:params:oauth:grant-type:mini-program-code \\
                   -d client_id=mini-program -d scope=openid \\
                   -d code=$(curl -s '%4$s')

                 A child under 14 signs in only with a guardian's consent (checked): the simulator's
                 user %5$s is the realm's demo child account (birthdate 2016-06-01):

                 curl -s %3$s \\
                   -d grant_type=urn:kcwechat:params:oauth:grant-type:mini-program-code \\
                   -d client_id=mini-program -d scope=openid \\
                   -d code=$(curl -s '%6$s')

                %7$s

                 The guardian opens guardian_consent_uri in a browser, signs in as  %8$s / %9$s,
                 confirms the child's birthdate and approves: the same curl then gets tokens
                 (age_bracket under_14). Other demo users have no birthdate and sign in as adults.

                 Press Ctrl+C to stop.
                ==============================================================================
                """.formatted(KEYCLOAK_PORT, wechat.baseUrl(), tokenUrl, loginUrl, CHILD, childLoginUrl, childAnswer,
                GUARDIAN, GUARDIAN_PASSWORD));
        new CountDownLatch(1).await();
    }

    /**
     * What the child's curl answers, from the check's answer: a guardian's consent is required or,
     * from 22:00 to 06:00 in Shanghai, the curfew comes first.
     */
    private static String childAnswer(Http.Answer answer) {
        JsonNode body = answer.status() == 403 ? answer.json() : Http.JSON.createObjectNode();
        String consentRequired = """
                 It answers 403 {"error":"consent_required","guardian_policy":"consent_required",
                   "guardian_consent_request":"<id>",
                   "guardian_consent_uri":"http://localhost:%d/realms/wechat-demo/wechat/guardian/consent/<id>"}
                """.formatted(KEYCLOAK_PORT).stripTrailing();
        if ("consent_required".equals(body.path("error").asText()) && "consent_required".equals(body.path("guardian_policy").asText())
                && body.hasNonNull("guardian_consent_uri")) {
            return consentRequired + "\n This check left one such request waiting: " + body.get("guardian_consent_uri").asText();
        }
        LocalTime shanghai = LocalTime.now(CURFEW_ZONE).withNano(0);
        boolean night = !shanghai.isBefore(CURFEW_START) || shanghai.isBefore(CURFEW_END);
        if (night && "access_denied".equals(body.path("error").asText()) && "curfew".equals(body.path("guardian_policy").asText())) {
            return """
                     Now (%s in Shanghai) it answers 403 {"error":"access_denied","guardian_policy":"curfew"}:
                     minors cannot sign in from 22:00 to 06:00 Asia/Shanghai. From 06:00 Shanghai time:
                    """.formatted(shanghai) + consentRequired;
        }
        throw new IllegalStateException("The demo child's login does not ask for a guardian's consent: " + answer);
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
