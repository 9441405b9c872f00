package dev.kcwechat.testing;

import dev.kcwechat.simulator.WeChatSimulator;
import java.util.Map;

/**
 * The environment variables {@code realm-export/} reads (its {@code ${NAME:default}} placeholders),
 * for a Keycloak that imports it against a simulator: the demo's and the integration tests'.
 */
public final class DemoRealmEnvironment {

    private DemoRealmEnvironment() {
    }

    /**
     * The demo apps of {@code simulator} (which also serves the browser's WeChat pages), the WeCom
     * pair on, the web apps' secrets and the port of web-app's redirect URIs.
     */
    public static Map<String, String> of(WeChatSimulator simulator, int webAppPort, String webAppSecret, String oaWebSecret) {
        return of(simulator.baseUrl(), simulator.baseUrl(), webAppPort, webAppSecret, oaWebSecret);
    }

    /**
     * The same for a simulator Keycloak reaches at {@code apiBaseUrl} (the extension calls WeChat over
     * plain http only on a loopback address) and the browser at {@code authorizationBaseUrl}: for a
     * Keycloak container, whose relay puts the simulator container on its own loopback, as in
     * {@code docker-compose.yml}.
     */
    public static Map<String, String> of(String apiBaseUrl, String authorizationBaseUrl, int webAppPort, String webAppSecret,
            String oaWebSecret) {
        return Map.ofEntries(
                Map.entry("WECHAT_API_BASE_URL", apiBaseUrl),
                Map.entry("WECHAT_APP_ID", WeChatSimulator.DEMO_APP_ID),
                Map.entry("WECHAT_APP_SECRET", WeChatSimulator.DEMO_APP_SECRET),
                // the website's and the official account's pages, opened by the browser on the simulator
                Map.entry("WECHAT_AUTHORIZATION_BASE_URL", authorizationBaseUrl),
                Map.entry("WECHAT_WEBSITE_APP_ID", WeChatSimulator.DEMO_WEBSITE_APP_ID),
                Map.entry("WECHAT_WEBSITE_APP_SECRET", WeChatSimulator.DEMO_WEBSITE_APP_SECRET),
                Map.entry("WECHAT_OA_APP_ID", WeChatSimulator.DEMO_OA_APP_ID),
                Map.entry("WECHAT_OA_APP_SECRET", WeChatSimulator.DEMO_OA_APP_SECRET),
                Map.entry("WEB_APP_PORT", String.valueOf(webAppPort)),
                Map.entry("WEB_APP_SECRET", webAppSecret),
                // the WeCom pair (disabled unless WECOM_ENABLED) on the simulator's demo corp, and oa-web
                Map.entry("WECOM_ENABLED", "true"),
                Map.entry("WECOM_CORP_ID", WeChatSimulator.DEMO_CORP_ID),
                Map.entry("WECOM_AGENT_ID", String.valueOf(WeChatSimulator.DEMO_AGENT_ID)),
                Map.entry("WECOM_CORP_SECRET", WeChatSimulator.DEMO_CORP_SECRET),
                Map.entry("OA_WEB_SECRET", oaWebSecret));
    }
}
