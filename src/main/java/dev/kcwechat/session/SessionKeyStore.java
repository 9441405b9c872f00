package dev.kcwechat.session;

import java.util.Optional;
import javax.crypto.SecretKey;
import org.keycloak.crypto.Algorithm;
import org.keycloak.crypto.KeyUse;
import org.keycloak.crypto.KeyWrapper;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserSessionModel;

/**
 * Keeps the WeChat session_key with the Keycloak user session the code grant created: a note of
 * that session, sealed with AES-GCM under the realm's active AES key (key id kept for rotation) and
 * bound to the session's id (see {@link SessionKeySeal}). It goes wherever the session goes
 * (cluster caches, the database when sessions persist) only sealed, is replaced by the next code
 * login's session, and is gone at logout or expiry with the session.
 */
public final class SessionKeyStore {

    /** The user session note holding the sealed session_key. */
    public static final String NOTE = "kcwechat.session_key";

    private final KeycloakSession session;
    private final RealmModel realm;
    private KeyWrapper activeKey;

    public SessionKeyStore(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    /**
     * Whether {@link #store} has a key to seal with: the realm's active AES key ({@link KeyUse#ENC},
     * {@link Algorithm#AES}). Never throws. Like {@code store}, it asks Keycloak for the active key,
     * so a realm without one gets the fallback AES key Keycloak generates then, if it can.
     */
    public boolean canSeal() {
        try {
            KeyWrapper key = activeKey();
            return key != null && key.getKid() != null && key.getSecretKey() != null;
        } catch (RuntimeException noKey) {
            // DefaultKeyManager throws when the realm has no active key of that kind and none can be generated
            return false;
        }
    }

    public void store(UserSessionModel userSession, String sessionKey) {
        KeyWrapper key = activeKey();
        if (key == null || key.getSecretKey() == null) {
            throw new IllegalStateException("The realm has no active AES key to seal the session_key with");
        }
        userSession.setNote(NOTE, SessionKeySeal.seal(key.getKid(), key.getSecretKey(), userSession.getId(), sessionKey));
    }

    /** The realm's active AES key, looked up once per instance (one instance serves one request). */
    private KeyWrapper activeKey() {
        if (activeKey == null) {
            activeKey = session.keys().getActiveKey(realm, KeyUse.ENC, Algorithm.AES);
        }
        return activeKey;
    }

    /** The session_key of a session the code grant created; empty for any other session, or if it cannot be unsealed. */
    public Optional<String> read(UserSessionModel userSession) {
        return SessionKeySeal.unseal(userSession.getNote(NOTE), userSession.getId(), this::enabledAesKey);
    }

    /** An enabled (active or passive) AES key of the realm by its id; null if the realm has none by that id. */
    private SecretKey enabledAesKey(String kid) {
        KeyWrapper key = session.keys().getKey(realm, kid, KeyUse.ENC, Algorithm.AES);
        return key == null ? null : key.getSecretKey();
    }
}
