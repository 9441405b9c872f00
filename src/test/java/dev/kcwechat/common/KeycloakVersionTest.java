package dev.kcwechat.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class KeycloakVersionTest {

    @ParameterizedTest
    @CsvSource({
        "26.5.6, 26, 5",
        "26.4.7.redhat-00001, 26, 4",
        "26.7.3-SNAPSHOT, 26, 7",
        "999.0.0-SNAPSHOT, 999, 0",
        "26.8, 26, 8",
        "' 26.7.3 ', 26, 7"
    })
    void theLineIsTheLeadingMajorAndMinor(String text, int major, int minor) {
        KeycloakVersion version = KeycloakVersion.parse(text).orElseThrow();

        assertThat(version.major()).isEqualTo(major);
        assertThat(version.minor()).isEqualTo(minor);
        assertThat(version.text()).isEqualTo(text.strip());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "unknown", "26", "v26.5.6", "26.x.1"})
    void whatDoesNotStartWithMajorDotMinorIsNoVersion(String text) {
        assertThat(KeycloakVersion.parse(text)).isEmpty();
        assertThat(KeycloakVersion.parse(null)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
        "26.4.0, true", "26.4.7.redhat-00001, true", "26.5.6, true", "26.7.3, true", "26.7.5, true",
        "26.3.5, false", "26.6.4, false", "26.8.2, false", "27.0.0, false", "25.0.6, false", "999.0.0-SNAPSHOT, false"
    })
    void testedAreTheLines264265And267(String text, boolean tested) {
        assertThat(KeycloakVersion.parse(text).orElseThrow().isTested()).isEqualTo(tested);
    }

    @ParameterizedTest
    @CsvSource({
        "26.5.6, 26.5, true", "26.7.3, 26.5, true", "27.0.0, 26.9, true", "26.4.7, 26.5, false", "25.9.0, 26.0, false"
    })
    void aVersionIsAtLeastItsOwnLineAndEveryEarlierOne(String text, String line, boolean atLeast) {
        KeycloakVersion version = KeycloakVersion.parse(text).orElseThrow();

        assertThat(version.isAtLeast(KeycloakVersion.parse(line).orElseThrow())).isEqualTo(atLeast);
    }

    @Test
    void aTestedKeycloakThatHasEverythingGetsNoLine() {
        assertThat(KeycloakVersion.startupLine("1.0", "26.7.3", List.of())).isEmpty();
    }

    @Test
    void aTestedKeycloakThatLacksSomethingGetsOneInfoLineSayingWhat() {
        KeycloakVersion.StartupLine line = KeycloakVersion.startupLine("1.0", "26.4.7", List.of("the browser logins", "a refresh check"))
                .orElseThrow();

        assertThat(line.level()).isEqualTo(Logger.Level.INFO);
        assertThat(line.text()).isEqualTo("keycloak-wechat 1.0 on Keycloak 26.4.7; not available on this Keycloak: the browser logins;"
                + " a refresh check");
    }

    @ParameterizedTest
    @ValueSource(strings = {"26.6.4", "26.8.2", "26.3.1", "27.0.0", "999.0.0-SNAPSHOT", "unknown"})
    void anUntestedKeycloakGetsOneWarningNamingTheTestedLines(String running) {
        KeycloakVersion.StartupLine line = KeycloakVersion.startupLine("1.0", running, List.of()).orElseThrow();

        assertThat(line.level()).isEqualTo(Logger.Level.WARN);
        assertThat(line.text()).isEqualTo("keycloak-wechat 1.0 is not tested on Keycloak " + running + " (tested: 26.4.x, 26.5.x, 26.7.x)");
    }

    @Test
    void theWarningOfAnUntestedKeycloakAlsoSaysWhatItLacks() {
        assertThat(KeycloakVersion.startupLine("1.0", "26.6.4", List.of("a refresh check")).orElseThrow().text())
                .endsWith("(tested: 26.4.x, 26.5.x, 26.7.x); not available on this Keycloak: a refresh check");
    }
}
