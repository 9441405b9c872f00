package dev.kcwechat.resource;

import dev.kcwechat.common.JsonErrors;
import dev.kcwechat.common.SignedIn;
import dev.kcwechat.records.AuthorizationKind;
import dev.kcwechat.records.AuthorizationRecord;
import dev.kcwechat.records.AuthorizationRecords;
import dev.kcwechat.session.UserSessions;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import org.keycloak.common.util.Time;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserManager;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;

/**
 * {@code /realms/{realm}/wechat/me}: what a signed-in user may see and do about themselves, with a
 * bearer access token of any client of the realm: their authorization records
 * ({@code GET authorizations}), and deleting their account ({@code DELETE}, a login at most
 * {@code account-deletion-max-auth-age} seconds old, 300 by default: a stolen refresh token is not
 * enough). The records stay after the account is gone.
 */
public final class MeResource {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final long maxAuthAge;

    MeResource(KeycloakSession session, long maxAuthAge) {
        this.session = session;
        this.realm = session.getContext().getRealm();
        this.maxAuthAge = maxAuthAge;
    }

    @GET
    @Path("authorizations")
    @Produces(MediaType.APPLICATION_JSON)
    public Response authorizations() {
        SignedIn auth = authenticate();
        List<Map<String, Object>> records = new AuthorizationRecords(session).ofUser(realm, auth.user().getId()).stream()
                .map(AuthorizationRecord::fields).toList();
        return Response.ok(records).header(JsonErrors.CACHE_CONTROL, JsonErrors.NO_STORE).build();
    }

    @DELETE
    public Response deleteAccount() {
        SignedIn auth = authenticate();
        UserSessionModel userSession = auth.session();
        long authTime = auth.token().getAuth_time() != null && auth.token().getAuth_time() > 0 ? auth.token().getAuth_time()
                : userSession.getStarted();
        if (Time.currentTime() - authTime > maxAuthAge) {
            throw ResourceError.invalidToken("Deleting the account needs a login at most " + maxAuthAge + " s old: sign in again");
        }
        UserModel user = auth.user();
        String clientId = auth.token().getIssuedFor();
        new AuthorizationRecords(session).record(realm,
                new AuthorizationRecords.Act(user.getId(), clientId, AuthorizationKind.ACCOUNT_DELETED, user.getUsername(), null));
        UserSessions.endAll(session, realm, user);
        new EventBuilder(realm, session, session.getContext().getConnection()).event(EventType.DELETE_ACCOUNT).user(user)
                .client(clientId).success();
        new UserManager(session).removeUser(realm, user);
        return Response.noContent().build();
    }

    private SignedIn authenticate() {
        return WeChatCaller.bearer(session);
    }
}
