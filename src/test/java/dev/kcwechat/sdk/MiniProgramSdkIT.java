package dev.kcwechat.sdk;

import static dev.kcwechat.simulator.WeChatSimulator.DEMO_APP_ID;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kcwechat.testing.KeycloakServer;
import dev.kcwechat.testing.MailPage;
import dev.kcwechat.testing.NodeJs;
import dev.kcwechat.testing.RequiresNode;
import dev.kcwechat.testing.TestRealm;
import dev.kcwechat.testing.WeChatRealmExtension;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The mini-program SDK ({@code sdk/miniprogram}) against the real Keycloak and this class's WeChat
 * simulator: runs its Node tests ({@code node --test test/}: unit tests, and integration tests
 * through a {@code wx} shim whose wx.login asks the simulator for codes and whose wx.request is
 * real HTTP), their output in the build's log, and passes when they all ran and passed. What they
 * need is in their environment: the realm's URL, its public client and WeChat provider (with the
 * phone number mapper), the simulator (demo endpoints on), a page of the realm's mail, and the admin's credentials, with which
 * they make the short-lived clients of their expiry scenarios and end users' sessions.
 */
@RequiresNode
class MiniProgramSdkIT {

    private static final String REALM = "sdk";
    private static final Path SDK = Path.of("sdk", "miniprogram");
    private static final long TIMEOUT_MINUTES = 5;

    @RegisterExtension
    static final WeChatRealmExtension realm = WeChatRealmExtension.named(REALM)
            .with(r -> r.addPhoneMapper(TestRealm.IDP_ALIAS, "reject"));

    @Test
    void theSdkTestsPassAgainstKeycloakAndTheSimulator() throws Exception {
        realm.wechat().enableDemoEndpoints(DEMO_APP_ID);
        List<String> command = new ArrayList<>(List.of(NodeJs.command(), "--test"));
        if (NodeJs.version().filter(NodeJs::hasTestReporters).isPresent()) {
            command.add("--test-reporter=tap"); // what the summary below is read from, whatever Node's default
        }
        command.add("test/");
        ProcessBuilder builder = new ProcessBuilder(command).directory(SDK.toFile()).redirectErrorStream(true);
        builder.environment().putAll(Map.of(
                "KCWECHAT_ISSUER", realm.oauth().issuer(),
                "KCWECHAT_CLIENT_ID", TestRealm.PUBLIC_CLIENT,
                "KCWECHAT_IDP", TestRealm.IDP_ALIAS,
                "KCWECHAT_SIMULATOR", realm.wechat().baseUrl(),
                "KCWECHAT_ADMIN_USER", KeycloakServer.ADMIN_USERNAME,
                "KCWECHAT_ADMIN_PASSWORD", KeycloakServer.ADMIN_PASSWORD));

        // the codes the realm mails (the run's GreenMail), for the tests of bindEmail
        try (MailPage mailPage = MailPage.start("127.0.0.1", 0, realm.mailbox())) {
            builder.environment().put("KCWECHAT_MAIL", mailPage.url());
            run(builder.start());
        }
    }

    private static void run(Process node) throws Exception {
        List<String> output = new ArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    System.out.println("[sdk] " + line);
                    synchronized (output) {
                        output.add(line);
                    }
                }
            } catch (java.io.IOException e) {
                // the process ended; what it wrote is in output
            }
        }, "sdk-test-output");
        reader.start();
        boolean finished = node.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES);
        if (!finished) {
            node.descendants().forEach(ProcessHandle::destroyForcibly);
            node.destroyForcibly();
        }
        reader.join(TimeUnit.SECONDS.toMillis(10));

        assertThat(finished).as("node --test finished within " + TIMEOUT_MINUTES + " minutes").isTrue();
        assertThat(node.exitValue()).as("node --test's exit code (its output is above, lines [sdk])").isZero();
        synchronized (output) {
            assertThat(output).as("every test ran, none was skipped").contains("# fail 0", "# skipped 0")
                    .anySatisfy(line -> assertThat(line).matches("# pass [1-9]\\d*"));
        }
    }
}
