package dev.kcwechat.minors.consent;

import dev.kcwechat.minors.store.ConsentRequest;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.keycloak.common.util.SecretGenerator;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.SingleUseObjectProvider;

/** Guardian consent requests in Keycloak's single-use store: cluster-wide, expiring, taken once. */
public final class ConsentRequests {

    /** A request's life: the consent link is valid for 24 hours. */
    public static final int LIFESPAN_SECONDS = 24 * 3600;

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{16,64}");

    private final KeycloakSession session;
    private final SingleUseObjectProvider store;

    public ConsentRequests(KeycloakSession session) {
        this.session = session;
        this.store = session.singleUseObjects();
    }

    /**
     * A new request, stored when the request's transaction commits. The realm's consent client is
     * created with the first request (a child's login, never an anonymous request).
     */
    public ConsentRequest create(RealmModel realm, String childUserId, String clientId, String scope) {
        ConsentClients.ensure(session, realm);
        ConsentRequest request = new ConsentRequest(SecretGenerator.getInstance().generateSecureID(), realm.getId(), childUserId,
                clientId, scope, Time.currentTimeMillis());
        store.put(key(realm, request.id()), LIFESPAN_SECONDS, request.notes());
        return request;
    }

    /** The pending request of that id in that realm, if it is neither decided nor expired. */
    public Optional<ConsentRequest> find(RealmModel realm, String id) {
        if (id == null || !ID.matcher(id).matches()) {
            return Optional.empty();
        }
        Map<String, String> notes = store.get(key(realm, id));
        return notes == null ? Optional.empty() : Optional.of(ConsentRequest.of(id, notes));
    }

    /** Takes the request out for its decision; of two concurrent takers only one gets it. */
    public Optional<ConsentRequest> take(RealmModel realm, String id) {
        if (id == null || !ID.matcher(id).matches()) {
            return Optional.empty();
        }
        Map<String, String> notes = store.remove(key(realm, id));
        return notes == null ? Optional.empty() : Optional.of(ConsentRequest.of(id, notes));
    }

    private static String key(RealmModel realm, String id) {
        return "kcwechat:guardian-request:" + realm.getId() + ":" + id;
    }
}
