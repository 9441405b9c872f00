package dev.kcwechat.records;

import dev.kcwechat.common.JsonErrors;
import dev.kcwechat.common.TimeParams;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * {@code GET /admin/realms/{realm}/wechat/authorizations?user=&kind=&client=&from=&to=&first=&max=}:
 * the realm's authorization records for administrators who may view users, a page at a time
 * (JSON; {@code max} at most {@value #MAX_PAGE}), oldest first; {@code from} and {@code to} are
 * dates (UTC midnight) or ISO instants. Records of deleted users are there too.
 */
public final class AuthorizationAdminResource {

    static final int DEFAULT_PAGE = 100;
    static final int MAX_PAGE = 1000;

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;

    public AuthorizationAdminResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response list(@QueryParam("user") String user, @QueryParam("kind") String kind, @QueryParam("client") String client,
                         @QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("first") Integer first,
                         @QueryParam("max") Integer max) {
        auth.users().requireView();
        if (kind != null && !kind.isBlank() && AuthorizationKind.of(kind.trim()).isEmpty()) {
            return invalid("kind is one of register, scope, phone, email, open_data, privacy_policy, guardian_consent, revocation,"
                    + " account_deleted");
        }
        if (first != null && first < 0 || max != null && (max < 1 || max > MAX_PAGE)) {
            return invalid("first is 0 or more, max 1 to " + MAX_PAGE);
        }
        AuthorizationRecords.Filter filter;
        try {
            filter = new AuthorizationRecords.Filter(blankToNull(user), blankToNull(kind), blankToNull(client),
                    TimeParams.millis(from, 0), TimeParams.millis(to, Long.MAX_VALUE));
        } catch (DateTimeParseException e) {
            return invalid("from and to are dates (YYYY-MM-DD) or ISO-8601 instants");
        }
        List<Map<String, Object>> rows = new AuthorizationRecords(session)
                .page(realm, filter, first == null ? 0 : first, max == null ? DEFAULT_PAGE : max).stream()
                .map(AuthorizationRecord::fields).toList();
        return Response.ok(rows, MediaType.APPLICATION_JSON_TYPE).header(JsonErrors.CACHE_CONTROL, JsonErrors.NO_STORE).build();
    }

    private static Response invalid(String description) {
        return JsonErrors.answer(Response.Status.BAD_REQUEST, "invalid_request", description).build();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
