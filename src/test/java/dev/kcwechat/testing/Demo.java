package dev.kcwechat.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kcwechat.simulator.WeChatSimulator;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The README's demo ({@code mvn -Pdemo verify}): the WeChat simulator on port 8500, Keycloak
 * (26.7.3, or {@code -Dkeycloak.version}) with the JAR and {@code realm-export/} on port 8080, in dev mode on a fresh embedded
 * database, and the realm's web app ({@link DemoWebApp}) on port 8600. Checks the printed curls
 * and sign-in URLs work before printing them, then runs until Ctrl+C.
 */
public final class Demo {

    private static final int KEYCLOAK_PORT = Integer.parseInt(env("KEYCLOAK_PORT", "8080"));
    private static final int MANAGEMENT_PORT = Integer.parseInt(env("KEYCLOAK_MANAGEMENT_PORT", "9000"));
    private static final int SIMULATOR_PORT = Integer.parseInt(env("WECHAT_SIMULATOR_PORT", "8500"));
    private static final int WEB_APP_PORT = Integer.parseInt(env("WEB_APP_PORT", String.valueOf(DemoWebApp.DEFAULT_PORT)));
    private static final String WEB_APP_SECRET = env("WEB_APP_SECRET", DemoWebApp.DEFAULT_SECRET);
    private static final String OA_WEB_SECRET = env("OA_WEB_SECRET", DemoWebApp.OA_WEB_DEFAULT_SECRET);
    /** The demo's SMTP server (GreenMail), which the demo realm sends its mail to, and the page that shows that mail. */
    private static final int SMTP_PORT = Integer.parseInt(env("SMTP_PORT", "2525"));
    private static final int MAIL_PAGE_PORT = Integer.parseInt(env("MAIL_PAGE_PORT", String.valueOf(MailPage.DEFAULT_PORT)));
    /** The address the demo binds to alice, as an overseas user would. */
    private static final String ALICE_EMAIL = "alice@overseas.example.com";
    /** The realm's public client of the WeCom mini-program (mini-program stays WeChat's alone: its curls need no idp). */
    private static final String WECOM_APP = "wecom-mini-program-app";
    /** The simulator user the printed curls and sign-ins use: the same person everywhere. */
    private static final String USER = "alice";

    /** The simulator user the realm's demo child account (born 2016-06-01) is linked to. */
    private static final String CHILD = "xiaoming";
    /** The realm's demo guardian, who signs in on the consent page. */
    private static final String GUARDIAN = "guardian";
    private static final String GUARDIAN_PASSWORD = "guardian-demo";
    /** The time zone of the realm's guardian policy. */
    private static final ZoneId CURFEW_ZONE = ZoneId.of("Asia/Shanghai");
    private static final String REALM = "wechat-demo";
    /** The realm's post-login flow of the guardian policy, and the alias of the policy's settings. */

    /** The demo corp's member who leaves during the demo, and the Token and EncodingAESKey of its callback. */
    private static final String LEAVER = "lisi";
    private static final String CALLBACK_TOKEN = "DemoCallbackToken";
    private static final String CALLBACK_AES_KEY = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C";

    private Demo() {
    }

    /** The demo corp's callback Token and EncodingAESKey in a file vault, where the demo realm's provider finds them. */
    private static Path directoryCallbackVault() {
        Path vault = Path.of("target", "demo-vault");
        FileVault.put(vault, REALM, "idp.wecom-mini-program.callback-token", CALLBACK_TOKEN);
        FileVault.put(vault, REALM, "idp.wecom-mini-program.callback-aes-key", CALLBACK_AES_KEY);
        return vault;
    }

    public static void main(String[] args) throws InterruptedException {
        WeChatSimulator wechat = WeChatSimulator.start(SIMULATOR_PORT).enableDemoEndpoints(WeChatSimulator.DEMO_APP_ID);
        Runtime.getRuntime().addShutdownHook(new Thread(wechat::close));
        System.out.println("WeChat simulator listening on " + wechat.baseUrl());
        Mailbox mailbox = Mailbox.start(SMTP_PORT);
        Runtime.getRuntime().addShutdownHook(new Thread(mailbox::close));
        MailPage mailPage = MailPage.start("127.0.0.1", MAIL_PAGE_PORT, mailbox);
        Runtime.getRuntime().addShutdownHook(new Thread(mailPage::close));
        System.out.println("SMTP server (GreenMail) on 127.0.0.1:" + mailbox.port() + ", its mail at " + mailPage.url());
        Path log = Path.of("target", "keycloak-demo.log");
        System.out.println("Starting Keycloak " + KeycloakDistribution.version().text() + " on port " + KEYCLOAK_PORT + " (log: " + log + "), this takes about a minute...");
        Map<String, String> environment = new HashMap<>(DemoRealmEnvironment.of(wechat, WEB_APP_PORT, WEB_APP_SECRET, OA_WEB_SECRET));
        KeycloakServer.Options options = new KeycloakServer.Options(
                Path.of(System.getProperty("keycloak.home")),
                Path.of(System.getProperty("keycloak.java.home", System.getProperty("java.home"))),
                Path.of(System.getProperty("provider.jar")),
                Path.of(System.getProperty("realm.export.dir")),
                KEYCLOAK_PORT, MANAGEMENT_PORT, true, log, environment,
                List.of("--vault=file", "--vault-dir=" + directoryCallbackVault().toAbsolutePath(), "--metrics-enabled=true"));
        if (PolicyTime.ofRun().isPresent()) {
            // -Dkcwechat.policyTime=23:00 shows the demo as it is at that hour in Shanghai: the tests' clock, pinned there
            environment.put("JAVA_OPTS_APPEND", PolicyTime.serverJavaOptions());
            options = options.withTestProviders(List.of(PolicyTime.clockJar()));
        }
        KeycloakServer keycloak = KeycloakServer.start(options);

        String realmUrl = "http://localhost:" + KEYCLOAK_PORT + "/realms/wechat-demo";
        String tokenUrl = realmUrl + "/protocol/openid-connect/token";
        DemoWebApp webApp = DemoWebApp.start("127.0.0.1", WEB_APP_PORT, keycloak.baseUrl() + "/realms/wechat-demo/protocol/openid-connect/token",
                WEB_APP_SECRET, OA_WEB_SECRET);
        Runtime.getRuntime().addShutdownHook(new Thread(webApp::close));
        String loginUrl = wechat.baseUrl() + "/sim/wx.login?user=" + USER;
        OAuth oauth = new OAuth(keycloak.baseUrl(), "wechat-demo");
        Http.Answer check = oauth.codeLogin("mini-program", Http.get(loginUrl, null).body().trim(), Map.of("scope", "openid"));
        if (check.status() != 200) {
            throw new IllegalStateException("The demo login does not work: " + check);
        }
        String sub = new Jwt(check.json().get("access_token").asText()).claims().get("sub").asText();
        String emailCheck = bindEmail(keycloak, oauth, mailbox, check.json().get("access_token").asText());
        String childLoginUrl = wechat.baseUrl() + "/sim/wx.login?user=" + CHILD;
        String childAnswer;
        try (KeycloakAdmin admin = new KeycloakAdmin(keycloak.baseUrl())) {
            childAnswer = childAnswer(oauth.codeLogin("mini-program", Http.get(childLoginUrl, null).body().trim(),
                    Map.of("scope", "openid")), admin);
        }
        Map<String, String> signIn = new LinkedHashMap<>();
        signIn.put("response_type", "code");
        signIn.put("client_id", DemoWebApp.CLIENT_ID);
        signIn.put("redirect_uri", webApp.redirectUri());
        signIn.put("scope", "openid");
        String signInUrl = realmUrl + "/protocol/openid-connect/auth?" + Http.formEncode(signIn);
        expectSub("The QR-code sign-in", qrSignIn(signInUrl, wechat), sub);
        expectSub("The web-view ticket's sign-in", ticketSignIn(signInUrl, oauth, wechat), sub);
        String employeeLoginUrl = wechat.baseUrl() + WeChatSimulator.DEMO_WECOM_LOGIN + "?user=" + WeChatSimulator.DEMO_WECOM_USER;
        String disabledLoginUrl = wechat.baseUrl() + WeChatSimulator.DEMO_WECOM_LOGIN + "?user=" + WeChatSimulator.DEMO_WECOM_DISABLED_USER;
        String leaverLoginUrl = wechat.baseUrl() + WeChatSimulator.DEMO_WECOM_LOGIN + "?user=" + LEAVER;
        String leaveUrl = wechat.baseUrl() + WeChatSimulator.DEMO_WECOM_LEAVE + "?user=" + LEAVER;
        // the demo corp's callback URL: WeCom verifies it as when its admin saves it (checked), then tells it who leaves
        wechat.weComMember(WeChatSimulator.DEMO_CORP_ID, LEAVER, "李四", List.of(2), WeChatSimulator.WECOM_STATUS_ACTIVE, null, null)
                .weComCallbackTarget(WeChatSimulator.DEMO_CORP_ID, WeChatSimulator.DEMO_AGENT_ID,
                        keycloak.baseUrl() + "/realms/wechat-demo/wechat/wecom/wecom-mini-program/callback", CALLBACK_TOKEN, CALLBACK_AES_KEY);
        if (!wechat.weComCallbacks(WeChatSimulator.DEMO_CORP_ID).verifyUrl().passed()) {
            throw new IllegalStateException("WeCom's URL verification of the demo corp's callback URL failed; see " + log);
        }
        Http.Answer employee = oauth.codeLogin(WECOM_APP, Http.get(employeeLoginUrl, null).body().trim(), Map.of("scope", "openid"));
        if (employee.status() != 200) {
            throw new IllegalStateException("The demo's WeCom login does not work: " + employee);
        }
        String employeeSub = new Jwt(employee.json().get("access_token").asText()).claims().get("sub").asText();
        Http.Answer disabled = oauth.codeLogin(WECOM_APP, Http.get(disabledLoginUrl, null).body().trim(), Map.of("scope", "openid"));
        if (disabled.status() != 403 || !"access_denied".equals(disabled.json().path("error").asText())) {
            throw new IllegalStateException("The demo corp's disabled member was not refused: " + disabled);
        }
        Map<String, String> oaSignIn = new LinkedHashMap<>(signIn);
        oaSignIn.put("client_id", DemoWebApp.OA_WEB_CLIENT_ID);
        oaSignIn.put("redirect_uri", webApp.oaWebRedirectUri());
        String oaSignInUrl = realmUrl + "/protocol/openid-connect/auth?" + Http.formEncode(oaSignIn);
        String oaSub = ssoSignIn(oaSignInUrl, wechat);
        if (!employeeSub.equals(oaSub)) {
            throw new IllegalStateException("WeCom's SSO page signed " + oaSub + " into oa-web, not the WeCom mini-program's "
                    + WeChatSimulator.DEMO_WECOM_USER + " (" + employeeSub + ")");
        }
        System.out.println("""

                ==============================================================================
                 keycloak-wechat demo is running (checked: a simulator code got tokens)
                 Keycloak:          http://localhost:%1$d   admin console: http://localhost:%1$d/admin  (admin / admin)
                 Metrics:           http://localhost:%10$d/metrics   (the extension's: kcwechat_*)
                 Realm:             wechat-demo   clients: mini-program, web-app, wecom-mini-program-app, oa-web
                                    identity providers: wechat (mini-program), wechat-website, wechat-official-account,
                                    wecom-mini-program, wecom (the WeCom pair, on with WECOM_ENABLED=true)
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
                """.formatted(KEYCLOAK_PORT, wechat.baseUrl(), tokenUrl, loginUrl, CHILD, childLoginUrl, childAnswer,
                GUARDIAN, GUARDIAN_PASSWORD, MANAGEMENT_PORT)
                + """

                 Sign in to a web app with WeChat (checked). Open in a browser, click "Sign in with
                 WeChat" and confirm on the simulated QR page (as %1$s, or type another name):

                 %2$s

                 The demo's web app (client web-app, secret %3$s) trades the code on
                 %4$s and shows the id_token's sub. For %1$s it is
                 %5$s, the sub of the mini-program's %1$s too (jq needed):

                 ACCESS_TOKEN=$(curl -s %6$s \\
                   -d grant_type=urn:kcwechat:params:oauth:grant-type:mini-program-code \\
                   -d client_id=mini-program -d scope=openid \\
                   -d code=$(curl -s '%7$s') | jq -r .access_token)
                 curl -s %8$s/protocol/openid-connect/userinfo -H "Authorization: Bearer $ACCESS_TOKEN"

                 Web-view SSO (checked): with that token the mini-program gets a ticket for web-app
                 (single use, 60 seconds)

                 curl -s %8$s/wechat/web-ticket -H "Authorization: Bearer $ACCESS_TOKEN" \\
                   -H 'Content-Type: application/json' -d '{"client_id":"web-app"}'

                 and its <web-view> opens the sign-in URL with it: %1$s is in, no login page:

                 %2$s&wechat_ticket=<ticket>
                """.formatted(USER, signInUrl, WEB_APP_SECRET, webApp.redirectUri(), sub, tokenUrl, loginUrl, realmUrl)
                + """

                 WeCom (checked): an employee of the simulator's demo corp (%1$s) signs in from the
                 corp's WeCom mini-program, code from wx.qy.login() in (client %2$s):

                 curl -s %3$s \\
                   -d grant_type=urn:kcwechat:params:oauth:grant-type:mini-program-code \\
                   -d client_id=%2$s -d scope=openid \\
                   -d code=$(curl -s '%4$s')

                 Tokens with wecom_corpid and wecom_userid; sub %5$s.
                 %6$s, disabled in the corp, is refused: the same curl with user=%6$s answers
                 403 {"error":"access_denied",...}.

                 The corp's OA web app (client oa-web, secret %7$s): open in a browser, click "WeCom"
                 and confirm on the simulated SSO page (as %1$s, no password; or type another userid):

                 %8$s

                 Its callback page %9$s shows the same sub.
                """.formatted(WeChatSimulator.DEMO_WECOM_USER, WECOM_APP, tokenUrl, employeeLoginUrl, employeeSub,
                WeChatSimulator.DEMO_WECOM_DISABLED_USER, OA_WEB_SECRET, oaSignInUrl, webApp.oaWebRedirectUri())
                + """

                 A member who leaves is signed out everywhere at once (WeCom's directory callback,
                 whose URL WeCom verified, checked). %1$s signs in and keeps the refresh token:

                 REFRESH_TOKEN=$(curl -s %2$s \\
                   -d grant_type=urn:kcwechat:params:oauth:grant-type:mini-program-code \\
                   -d client_id=%3$s -d scope=openid \\
                   -d code=$(curl -s '%4$s') | jq -r .refresh_token)

                 %1$s leaves the corp; WeCom tells Keycloak (delete_user, signed and encrypted):

                 curl -s '%5$s'

                 Keycloak has disabled %1$s and ended all their sessions, offline ones too: the refresh
                 token is refused (400 invalid_grant), and the admin console's Events show
                 IDENTITY_PROVIDER_RESPONSE with offboarded=true:

                 curl -s %2$s -d grant_type=refresh_token -d client_id=%3$s -d refresh_token=$REFRESH_TOKEN

                 Overseas users: e-mail as the fallback (checked: %6$s was bound to alice
                 %7$s). The realm sends its mail to the demo's SMTP server; read it at
                 %8$s (newest first). With alice's ACCESS_TOKEN from above:

                 curl -s %9$s/wechat/email -H "Authorization: Bearer $ACCESS_TOKEN" \\
                   -H 'Content-Type: application/json' -d '{"email":"%6$s"}'

                 then the six digits of the mail (%8$s/code?to=%6$s gives them alone):

                 curl -s %9$s/wechat/email/verify -H "Authorization: Bearer $ACCESS_TOKEN" \\
                   -H 'Content-Type: application/json' \\
                   -d '{"email":"%6$s","code":"'$(curl -s '%8$s/code?to=%6$s')'"}'

                 Press Ctrl+C to stop.
                ==============================================================================
                """.formatted(LEAVER, tokenUrl, WECOM_APP, leaverLoginUrl, leaveUrl, ALICE_EMAIL, emailCheck, mailPage.url(), realmUrl));
        new CountDownLatch(1).await();
    }

    /**
     * Points the demo realm's SMTP settings at the demo's GreenMail and binds {@value #ALICE_EMAIL}
     * to alice as the mini-program would: a code by mail, read from GreenMail, sent back.
     *
     * @return what the check saw, for the printout
     */
    private static String bindEmail(KeycloakServer keycloak, OAuth oauth, Mailbox mailbox, String accessToken) {
        try (KeycloakAdmin admin = new KeycloakAdmin(keycloak.baseUrl())) {
            var realm = admin.realm(REALM).toRepresentation();
            realm.setSmtpServer(mailbox.smtpServer());
            admin.realm(REALM).update(realm);
        }
        int before = mailbox.to(ALICE_EMAIL).size();
        Http.Answer sent = Http.postJson(oauth.wechat("email"), Map.of("email", ALICE_EMAIL), accessToken);
        if (sent.status() != 200) {
            throw new IllegalStateException("The demo's e-mail code was not sent: " + sent);
        }
        Mailbox.Mail mail = mailbox.next(ALICE_EMAIL, before, java.time.Duration.ofSeconds(20));
        Http.Answer verified = Http.postJson(oauth.wechat("email/verify"), Map.of("email", ALICE_EMAIL, "code", mail.code()), accessToken);
        if (verified.status() != 200 || !verified.json().path("email_verified").asBoolean()) {
            throw new IllegalStateException("The demo's e-mail binding does not work: " + verified);
        }
        return "with the code of the mail \"" + mail.subject() + "\"";
    }

    /**
     * The printed sign-in URL as a browser walks it: Keycloak's login page, its "Sign in with
     * WeChat" (the website's), the simulated QR page confirmed as {@link #USER}, the web app's
     * callback page; the sub that page shows.
     */
    private static String qrSignIn(String signInUrl, WeChatSimulator wechat) {
        PlainBrowser browser = new PlainBrowser();
        PlainBrowser.Page login = browser.open(URI.create(signInUrl));
        PlainBrowser.Page qrPage = browser.open(login.url("a#social-wechat-website", "href"));
        PlainBrowser.Page callback = browser.submit(URI.create(wechat.baseUrl() + WeChatSimulator.BROWSER_CONFIRM),
                Map.of("uuid", qrPage.attribute("input[name=uuid]", "value"), "user", USER, "action", "confirm"));
        return callback.text("code#sub");
    }

    /**
     * oa-web's sign-in URL as a browser walks it: Keycloak's login page, its "WeCom", the simulated
     * SSO page confirmed (as the demo corp's zhangsan), oa-web's callback page; the sub that page shows.
     */
    private static String ssoSignIn(String signInUrl, WeChatSimulator wechat) {
        PlainBrowser browser = new PlainBrowser();
        PlainBrowser.Page login = browser.open(URI.create(signInUrl));
        PlainBrowser.Page ssoPage = browser.open(login.url("a#social-wecom", "href"));
        PlainBrowser.Page callback = browser.submit(ssoPage.url("form#wecom-confirm-form[method=post]", "action"),
                Map.of("uuid", ssoPage.attribute("input[name=uuid]", "value"), "user", WeChatSimulator.DEMO_WECOM_USER, "action", "confirm"));
        return callback.text("code#sub");
    }

    /** A mini-program's web-view ticket on the sign-in URL: straight to the web app's callback page; the sub it shows. */
    private static String ticketSignIn(String signInUrl, OAuth oauth, WeChatSimulator wechat) {
        Http.Answer miniProgram = oauth.codeLogin("mini-program", Http.get(wechat.baseUrl() + "/sim/wx.login?user=" + USER, null).body().trim(),
                Map.of("scope", "openid"));
        Http.Answer ticket = Http.postJson(oauth.wechat("web-ticket"), Map.of("client_id", DemoWebApp.CLIENT_ID),
                miniProgram.json().get("access_token").asText());
        if (ticket.status() != 200) {
            throw new IllegalStateException("The demo's web-view ticket was refused: " + ticket);
        }
        PlainBrowser.Page page = new PlainBrowser().open(URI.create(signInUrl + "&wechat_ticket="
                + URLEncoder.encode(ticket.json().get("ticket").asText(), StandardCharsets.UTF_8)));
        return page.text("code#sub");
    }

    private static void expectSub(String what, String actual, String expected) {
        if (!expected.equals(actual)) {
            throw new IllegalStateException(what + " signed in " + actual + ", not the mini-program's " + USER + " (" + expected + ")");
        }
    }

    /**
     * What the child's curl answers, from the check's answer: a guardian's consent is required or,
     * from 22:00 to 06:00 in Shanghai, the curfew comes first; then also how an admin turns it off.
     */
    private static String childAnswer(Http.Answer answer, KeycloakAdmin admin) {
        JsonNode body = answer.status() == 403 ? answer.json() : Http.JSON.createObjectNode();
        String consentRequired = """
                 It answers 403 {"error":"consent_required","guardian_policy":"consent_required",
                   "guardian_consent_request":"<id>",
                   "guardian_consent_uri":"http://localhost:%d/realms/wechat-demo/wechat/guardian/consent/<id>"}
                """.formatted(KEYCLOAK_PORT).stripTrailing();
        if ("consent_required".equals(body.path("error").asText()) && "consent_required".equals(body.path("guardian_policy").asText())
                && body.hasNonNull("guardian_consent_uri")) {
            return consentRequired + "\n This check left one such request waiting: " + body.get("guardian_consent_uri").asText()
                    + "\n From 22:00 to 06:00 Shanghai time the curfew answers first (403 access_denied, guardian_policy curfew).";
        }
        if ("access_denied".equals(body.path("error").asText()) && "curfew".equals(body.path("guardian_policy").asText())) {
            LocalTime shanghai = LocalTime.ofInstant(PolicyTime.ofRun().orElse(Instant.now()), CURFEW_ZONE).withNano(0);
            return """
                     Now (%s in Shanghai) it answers 403 {"error":"access_denied","guardian_policy":"curfew"}:
                     minors cannot sign in from 22:00 to 06:00 Asia/Shanghai. From 06:00 Shanghai time:
                    """.formatted(shanghai) + consentRequired + "\n" + curfewOff(admin);
        }
        throw new IllegalStateException("The demo child's login does not ask for a guardian's consent: " + answer);
    }

    /** How an admin turns the demo realm's curfew off, in the admin console or with curl: the night's way to try the rest. */
    private static String curfewOff(KeycloakAdmin admin) {
        GuardianSetup policy = new GuardianSetup(() -> admin.realm(REALM));
        Map<String, String> config = new LinkedHashMap<>(policy.policyConfig());
        config.put("curfew", "off");
        ObjectNode profiles = Http.JSON.createObjectNode();
        ObjectNode executor = profiles.putArray("profiles").addObject().put("name", GuardianSetup.PROFILE)
                .putArray("executors").addObject().put("executor", "wechat-guardian-policy");
        config.forEach(executor.putObject("configuration")::put);
        return """

                 To try it now, turn the curfew off: admin console (admin / admin), realm %1$s,
                 Realm settings, Client policies, Profiles, "%2$s", the executor "wechat-guardian-policy",
                 Curfew: off, Save. Or with curl (jq needed):

                 ADMIN_TOKEN=$(curl -s http://localhost:%3$d/realms/master/protocol/openid-connect/token \\
                   -d grant_type=password -d client_id=admin-cli -d username=admin -d password=admin | jq -r .access_token)
                 curl -s -X PUT http://localhost:%3$d/admin/realms/%1$s/client-policies/profiles \\
                   -H "Authorization: Bearer $ADMIN_TOKEN" -H 'Content-Type: application/json' \\
                   -d '%4$s'
                """.formatted(REALM, GuardianSetup.PROFILE, KEYCLOAK_PORT, profiles).stripTrailing();
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
