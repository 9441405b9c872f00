package dev.kcwechat.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No realm data moves the guardian policy's clock in production: the extension's own classes name
 * neither the tests' realm attribute nor their run property (only the tests' clock JAR does).
 */
class ProductionClockTest {

    private static final Path MAIN_CLASSES = Path.of("target", "classes", "dev", "kcwechat");

    @Test
    void noClassOfTheExtensionReadsTheTestClock() throws IOException {
        List<Path> classes;
        try (Stream<Path> files = Files.walk(MAIN_CLASSES)) {
            classes = files.filter(file -> file.toString().endsWith(".class")).toList();
        }
        assertThat(classes).as("the extension's compiled classes").isNotEmpty();
        for (Path file : classes) {
            String bytes = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
            assertThat(bytes).as(file.toString()).doesNotContain("kcwechat.testClock");
        }
    }
}
