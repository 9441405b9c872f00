package dev.kcwechat.email;

import java.util.Map;
import org.keycloak.crypto.Algorithm;
import org.keycloak.crypto.KeyUse;
import org.keycloak.crypto.KeyWrapper;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.SingleUseObjectProvider;
import org.keycloak.models.UserModel;
import org.keycloak.email.EmailException;

/**
 * The pending e-mail codes, in Keycloak's clustered single-use store: one per user and address (a
 * new code replaces the one before), kept hashed with a salt and the realm's HMAC key (by its kid,
 * so that a key rotation does not void codes in flight), for the code's lifespan. A code is tried
 * at most {@value #MAX_TRIES} times, right or wrong, and is gone once it matched.
 */
public final class EmailCodes {

    /** Tries of one code, counted across the cluster; a sixth try is refused without looking. */
    static final int MAX_TRIES = 5;
    private static final String KEY_PREFIX = "kcwechat:email-code:";
    private static final String SALT = "salt";
    private static final String HASH = "hash";
    private static final String KID = "kid";

    /** What became of a code that was tried. */
    public enum Outcome {
        /** It matched: the address is proven and the code is gone. */
        PROVEN,
        /** Wrong, expired, used, never sent, or out of tries: the caller cannot tell which. */
        REFUSED
    }

    private final KeycloakSession session;
    private final RealmModel realm;
    private final SingleUseObjectProvider store;

    public EmailCodes(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
        this.store = session.singleUseObjects();
    }

    /**
     * A new code for the user and address, stored when the transaction commits (so a request that
     * fails after this leaves no code behind).
     *
     * @return the code, for the mail only
     */
    String issue(String userId, EmailAddress address, long lifespanSeconds) {
        KeyWrapper key = session.keys().getActiveKey(realm, KeyUse.SIG, Algorithm.HS512);
        String code = CodeHash.newCode();
        String salt = CodeHash.newSalt();
        store.put(key(userId, address), lifespanSeconds, Map.of(SALT, salt, KID, key.getKid(),
                HASH, new CodeHash(key.getSecretKey().getEncoded()).hash(salt, code)));
        return code;
    }

    /**
     * Issues a code for the user and address and mails it to that address (the realm's SMTP
     * settings, the theme's template in the user's language). The code is stored only if the
     * request's transaction commits.
     *
     * @throws EmailException when Keycloak could not render or send the mail
     */
    public void send(UserModel user, EmailAddress address, long lifespanSeconds) throws EmailException {
        String code = issue(user.getId(), address, lifespanSeconds);
        new CodeMail(session, realm, user).send(address, code, lifespanSeconds);
    }

    /** Tries a code: each try counts (at once, whatever the request does next); a code that matched is removed, single use across the cluster. */
    public Outcome prove(String userId, EmailAddress address, String code, long lifespanSeconds) {
        String key = key(userId, address);
        Map<String, String> pending = store.get(key);
        if (pending == null || !CodeHash.isCode(code) || !tryCounted(pending.get(SALT), lifespanSeconds)) {
            return Outcome.REFUSED;
        }
        KeyWrapper hmacKey = session.keys().getKey(realm, pending.get(KID), KeyUse.SIG, Algorithm.HS512);
        if (hmacKey == null || hmacKey.getSecretKey() == null
                || !new CodeHash(hmacKey.getSecretKey().getEncoded()).matches(pending.get(SALT), code, pending.get(HASH))) {
            return Outcome.REFUSED;
        }
        // two requests with the right code: only one removes it
        return store.remove(key) != null ? Outcome.PROVEN : Outcome.REFUSED;
    }

    private boolean tryCounted(String salt, long lifespanSeconds) {
        for (int n = 1; n <= MAX_TRIES; n++) {
            if (store.putIfAbsent(KEY_PREFIX + "try:" + salt + ':' + n, lifespanSeconds)) {
                return true;
            }
        }
        return false;
    }

    private String key(String userId, EmailAddress address) {
        return KEY_PREFIX + realm.getId() + ':' + userId + ':' + address.digest();
    }
}
