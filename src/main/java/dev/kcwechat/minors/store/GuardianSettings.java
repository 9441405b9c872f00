package dev.kcwechat.minors.store;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcwechat.minors.policy.GuardianPolicy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.representations.idm.ClientPolicyExecutorRepresentation;
import org.keycloak.representations.idm.ClientProfileRepresentation;
import org.keycloak.representations.idm.ClientProfilesRepresentation;
import org.keycloak.services.clientpolicy.ClientPolicyException;
import org.keycloak.util.JsonSerialization;

/**
 * The realm's guardian policy, in one place: the settings of the {@code wechat-guardian-policy}
 * executor in the realm's client profiles (Realm settings → Client policies → Profiles). The
 * authenticator, the executor, the refresh tokens, the guardian API and the retention all read it
 * here, so they cannot disagree. No profile with the executor: the defaults. Profiles whose
 * executors hold different settings: invalid, so that an admin notices.
 */
public final class GuardianSettings {

    private static final String ATTRIBUTE = "kcwechat.guardianSettings.";

    private GuardianSettings() {
    }

    /**
     * The realm's policy, read once per Keycloak session.
     *
     * @throws IllegalArgumentException naming the setting or the profiles that make it invalid
     */
    public static GuardianPolicy of(KeycloakSession session, RealmModel realm) {
        String key = ATTRIBUTE + realm.getId();
        Object read = session.getAttribute(key);
        if (read == null) {
            read = read(session, realm);
            session.setAttribute(key, read);
        }
        if (read instanceof IllegalArgumentException invalid) {
            throw invalid;
        }
        return (GuardianPolicy) read;
    }

    private static Object read(KeycloakSession session, RealmModel realm) {
        try {
            return GuardianPolicy.fromConfig(settings(session, realm));
        } catch (IllegalArgumentException e) {
            return e;
        }
    }

    /** The executor's settings; null when no client profile of the realm has the executor. */
    private static Map<String, String> settings(KeycloakSession session, RealmModel realm) {
        ClientProfilesRepresentation profiles;
        try {
            profiles = session.clientPolicy().getClientProfiles(realm, false);
        } catch (ClientPolicyException e) {
            throw new IllegalArgumentException("the realm's client profiles cannot be read: " + e.getErrorDetail());
        }
        List<String> holders = new ArrayList<>();
        Map<String, String> found = null;
        for (ClientProfileRepresentation profile : profiles == null || profiles.getProfiles() == null
                ? List.<ClientProfileRepresentation>of() : profiles.getProfiles()) {
            for (ClientPolicyExecutorRepresentation executor : profile.getExecutors() == null
                    ? List.<ClientPolicyExecutorRepresentation>of() : profile.getExecutors()) {
                if (!GuardianPolicy.PROVIDER_ID.equals(executor.getExecutorProviderId())) {
                    continue;
                }
                Map<String, String> values = values(executor);
                holders.add(profile.getName());
                if (found != null && !Objects.equals(found, values)) {
                    throw new IllegalArgumentException("the client profiles " + String.join(", ", holders)
                            + " hold different " + GuardianPolicy.PROVIDER_ID + " settings: keep one");
                }
                found = values;
            }
        }
        return found;
    }

    /**
     * The executor's JSON settings as strings (a list becomes comma-separated, as typed in a text
     * field). Read from the representation's JSON: its configuration is a {@code JsonNode} up to
     * Keycloak 26.7 and a {@code RawJsonValue} from 26.8, the same JSON either way.
     */
    static Map<String, String> values(ClientPolicyExecutorRepresentation executor) {
        JsonNode configuration = JsonSerialization.mapper.valueToTree(executor).get("configuration");
        Map<String, String> values = new LinkedHashMap<>();
        if (configuration == null) {
            return values;
        }
        configuration.fields().forEachRemaining(field -> {
            JsonNode value = field.getValue();
            if (value.isArray()) {
                List<String> items = new ArrayList<>();
                value.forEach(item -> items.add(item.asText()));
                values.put(field.getKey(), String.join(",", items));
            } else if (!value.isNull()) {
                values.put(field.getKey(), value.asText());
            }
        });
        return values;
    }
}
