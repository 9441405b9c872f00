package dev.kcwechat.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The project's Markdown holds together: every relative link or image points at a file that
 * exists and, with {@code #anchor}, at a heading of that file with that GitHub anchor. The README
 * stays a front door of at most 200 lines.
 */
class DocLinksTest {

    /** {@code [text](target)} or {@code ![alt](target)}, with an optional title after the target. */
    private static final Pattern LINK = Pattern.compile("!?\\[[^\\]]*\\]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");
    private static final Pattern INLINE_CODE = Pattern.compile("`[^`]*`");
    private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.*?)\\s*#*\\s*$");

    @Test
    void everyRelativeLinkResolves() {
        List<String> broken = new ArrayList<>();
        for (Path file : markdownFiles()) {
            for (String target : relativeLinks(file)) {
                String problem = problem(file, target);
                if (problem != null) {
                    broken.add(file + ": " + target + " (" + problem + ")");
                }
            }
        }
        assertThat(broken).as("broken links").isEmpty();
    }

    @Test
    void readmeIsAFrontDoorOfAtMost200Lines() {
        assertThat(lines(Path.of("README.md"))).hasSizeLessThanOrEqualTo(200);
    }

    @Test
    void anchorsAreGitHubs() {
        assertThat(anchor("Quick start (JDK 17+ and Maven)")).isEqualTo("quick-start-jdk-17-and-maven");
        assertThat(anchor("WeCom (企业微信) mini-programs and OA web SSO")).isEqualTo("wecom-企业微信-mini-programs-and-oa-web-sso");
        assertThat(anchor("After the login: `/realms/{realm}/wechat`")).isEqualTo("after-the-login-realmsrealmwechat");
        assertThat(anchor("WeChat on Keycloak's login page")).isEqualTo("wechat-on-keycloaks-login-page");
    }

    @Test
    void aRepeatedHeadingGetsANumberedAnchor() {
        assertThat(anchors(List.of("# Setup", "## Setup", "```", "# not a heading", "```", "## Setup")))
                .containsExactlyInAnyOrder("setup", "setup-1", "setup-2");
    }

    /** GitHub's anchor of a heading: lowercase, punctuation other than {@code -} and {@code _} dropped, each space a {@code -}. */
    static String anchor(String heading) {
        return heading.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{M}\\p{N}_ -]", "").replace(' ', '-');
    }

    /** README.md, CONTRIBUTING.md, CHANGELOG.md, SECURITY.md, every Markdown file under docs/, and the SDK's README. */
    private static List<Path> markdownFiles() {
        List<Path> files = new ArrayList<>(List.of(Path.of("README.md"), Path.of("CONTRIBUTING.md"),
                Path.of("CHANGELOG.md"), Path.of("SECURITY.md"), Path.of("sdk/miniprogram/README.md")));
        try (Stream<Path> docs = Files.walk(Path.of("docs"))) {
            docs.filter(path -> path.toString().endsWith(".md")).sorted().forEach(files::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    /** The targets of the file's links and images outside fenced code and inline code, but for web and mail addresses. */
    private static List<String> relativeLinks(Path file) {
        List<String> targets = new ArrayList<>();
        for (String line : proseLines(lines(file))) {
            Matcher link = LINK.matcher(INLINE_CODE.matcher(line).replaceAll(""));
            while (link.find()) {
                String target = link.group(1);
                if (!target.matches("(?i)(https?|mailto):.*")) {
                    targets.add(target);
                }
            }
        }
        return targets;
    }

    /** Why a link from {@code file} to {@code target} does not resolve, or null when it does. */
    private static String problem(Path file, String target) {
        int hash = target.indexOf('#');
        String path = hash < 0 ? target : target.substring(0, hash);
        Path linked = path.isEmpty() ? file : file.resolveSibling(path).normalize();
        if (!Files.exists(linked)) {
            return "no such file";
        }
        if (hash >= 0 && !anchors(lines(linked)).contains(target.substring(hash + 1))) {
            return "no such heading in " + linked;
        }
        return null;
    }

    /** The anchors of a file's headings; a repeated one gets {@code -1}, {@code -2}, … as on GitHub. */
    private static Set<String> anchors(List<String> lines) {
        Set<String> anchors = new HashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        for (String line : proseLines(lines)) {
            Matcher heading = HEADING.matcher(line);
            if (heading.matches()) {
                String anchor = anchor(heading.group(1));
                int times = seen.merge(anchor, 1, Integer::sum);
                anchors.add(times == 1 ? anchor : anchor + "-" + (times - 1));
            }
        }
        return anchors;
    }

    /** The lines outside fenced code blocks. */
    private static List<String> proseLines(List<String> lines) {
        List<String> prose = new ArrayList<>();
        boolean inFence = false;
        for (String line : lines) {
            String trimmed = line.strip();
            if (trimmed.startsWith("```") || trimmed.startsWith("~~~")) {
                inFence = !inFence;
            } else if (!inFence) {
                prose.add(line);
            }
        }
        return prose;
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
