package dev.kcwechat.minors.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.ClientPolicyExecutorRepresentation;
import org.keycloak.util.JsonSerialization;

/** The executor's settings as the admin API stores them: also where Keycloak (26.8) types the configuration RawJsonValue. */
class GuardianSettingsTest {

    @Test
    void theSettingsAreTheConfigurationsValuesAsStringsAListCommaSeparated() throws IOException {
        ClientPolicyExecutorRepresentation executor = JsonSerialization.readValue("{\"executor\": \"wechat-guardian-policy\","
                + " \"configuration\": {\"curfew\": \"21:00-07:00\", \"dailyMinutes\": 45, \"guardianClients\": [\"app\", \"web\"],"
                + " \"consentUnder\": null}}", ClientPolicyExecutorRepresentation.class);

        assertThat(GuardianSettings.values(executor))
                .containsExactly(Map.entry("curfew", "21:00-07:00"), Map.entry("dailyMinutes", "45"),
                        Map.entry("guardianClients", "app,web"));
    }

    @Test
    void anExecutorWithoutConfigurationHasNoSettings() throws IOException {
        ClientPolicyExecutorRepresentation executor = JsonSerialization.readValue("{\"executor\": \"wechat-guardian-policy\"}",
                ClientPolicyExecutorRepresentation.class);

        assertThat(GuardianSettings.values(executor)).isEmpty();
    }
}
