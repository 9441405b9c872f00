package dev.kcwechat.testing;

import dev.kcwechat.simulator.WeChatSimulator;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The README's demo ({@code mvn -Pdemo verify}): the WeChat simulator on port 8500 and Keycloak
 * 26.7.3 with the JAR and {@code realm-export/} on port 8080, in dev mode on a fresh embedded
 * database. Checks the printed curl works before printing it, then runs until Ctrl+C.
 */
public final class Demo {

    private static final int KEYCLOAK_PORT = Integer.parseInt(env("KEYCLOAK_PORT", "8080"));
    private static final int MANAGEMENT_PORT = Integer.parseInt(env("KEYCLOAK_MANAGEMENT_PORT", "9000"));
    private static final int SIMULATOR_PORT = Integer.parseInt(env("WECHAT_SIMULATOR_PORT", "8500"));

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
        Http.Answer check = new OAuth(keycloak.baseUrl(), "wechat-demo")
                .codeLogin("mini-program", Http.get(loginUrl, null).body().trim(), Map.of("scope", "openid"));
        if (check.status() != 200) {
            throw new IllegalStateException("The demo login does not work: " + check);
        }
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

                 Press Ctrl+C to stop.
                ==============================================================================
                """.formatted(KEYCLOAK_PORT, wechat.baseUrl(), tokenUrl, loginUrl));
        new CountDownLatch(1).await();
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
