package dev.kcwechat.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Node.js that runs the mini-program SDK's tests ({@code sdk/miniprogram}, Node's own test
 * runner): {@code node} on the PATH, or the program the system property {@value #NODE_PROPERTY}
 * names. Mark a test that uses it {@link RequiresNode}: it is then skipped, with a message, where
 * Node is missing or older than {@value #MINIMUM_MAJOR}.
 */
public final class NodeJs {

    public static final String NODE_PROPERTY = "node.executable";
    public static final int MINIMUM_MAJOR = 18;
    private static final Pattern VERSION = Pattern.compile("v(\\d+)\\.(\\d+)\\.(\\d+)");

    /** Node's version, e.g. {@code 20.19.2}. */
    public record Version(int major, int minor, int patch) {
        @Override
        public String toString() {
            return major + "." + minor + "." + patch;
        }
    }

    private NodeJs() {
    }

    /** The program: {@code -Dnode.executable=...}, else {@code node} from the PATH. */
    public static String command() {
        String configured = System.getProperty(NODE_PROPERTY, "");
        return configured.isBlank() ? "node" : configured;
    }

    /** What {@code node --version} says, or empty when there is no such program. */
    public static Optional<Version> version() {
        try {
            Process process = new ProcessBuilder(command(), "--version").redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                return Optional.empty();
            }
            Matcher matcher = VERSION.matcher(output);
            return matcher.find()
                    ? Optional.of(new Version(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)), Integer.parseInt(matcher.group(3))))
                    : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** Why the SDK's tests cannot run here, or empty when a recent enough Node is there. */
    public static Optional<String> missing() {
        Optional<Version> version = version();
        if (version.isEmpty()) {
            return Optional.of("no Node.js: '" + command() + " --version' did not run");
        }
        if (version.get().major() < MINIMUM_MAJOR) {
            return Optional.of("Node.js " + version.get() + " is older than " + MINIMUM_MAJOR);
        }
        return Optional.empty();
    }

    /** Whether {@code --test-reporter} exists (Node 18.15 and 19.6 on). */
    public static boolean hasTestReporters(Version version) {
        return version.major() > 19 || (version.major() == 19 && version.minor() >= 6)
                || (version.major() == 18 && version.minor() >= 15);
    }
}
