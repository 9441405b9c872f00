package dev.kcwechat.minors;

import java.util.Optional;
import org.jboss.logging.Logger;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Whether the realm's guardian policy lets a token be issued to a user for a client now: what the
 * executor asks at every token, and what a web-view ticket asks before it is issued. A minor's
 * time counts with each question.
 */
public final class GuardianTokens {

    private static final Logger LOG = Logger.getLogger(GuardianTokens.class);

    private GuardianTokens() {
    }

    /** Empty when the token may be issued; else why not (a missing consent comes with its request). */
    public static Optional<GuardianRefusal> refusal(KeycloakSession session, RealmModel realm, UserModel user, ClientModel client,
                                                    String scope) {
        if (!GuardianGate.concerns(user, client)) {
            return Optional.empty();
        }
        GuardianGate.Judgement judgement;
        try {
            judgement = GuardianGate.judge(session, realm, user, client);
        } catch (IllegalArgumentException e) {
            LOG.warnf("The guardian policy of realm %s has invalid settings, so it refuses every minor's token: %s",
                    realm.getName(), e.getMessage());
            return Optional.of(GuardianRefusal.unavailable());
        }
        return judgement.allowed() ? Optional.empty()
                : Optional.of(GuardianRefusal.of(session, realm, judgement, user.getId(), client.getClientId(), scope));
    }
}
