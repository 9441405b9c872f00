package dev.kcwechat.records;

import dev.kcwechat.common.Csv;
import dev.kcwechat.common.JsonErrors;
import dev.kcwechat.common.TimeParams;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.format.DateTimeParseException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * {@code GET /admin/realms/{realm}/wechat/authorizations?user=&kind=&client=&from=&to=&first=&max=}:
 * the realm's authorization records for administrators who may view users, oldest first, as JSON
 * or, with {@code Accept: text/csv}, as CSV with the same columns. All that pass the filters unless
 * {@code first} and {@code max} ask for a page; streamed as they are read ({@link AuthorizationExport}).
 * {@code from} and {@code to} are dates (UTC midnight) or ISO instants. Records of deleted users are there too.
 */
public final class AuthorizationAdminResource {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;

    public AuthorizationAdminResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
    }

    @GET
    @Produces({MediaType.APPLICATION_JSON, Csv.MEDIA_TYPE})
    public Response list(@QueryParam("user") String user, @QueryParam("kind") String kind, @QueryParam("client") String client,
                         @QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("first") Integer first,
                         @QueryParam("max") Integer max, @Context HttpHeaders headers) {
        auth.users().requireView();
        if (kind != null && !kind.isBlank() && AuthorizationKind.of(kind.trim()).isEmpty()) {
            return invalid("kind is one of register, scope, phone, email, open_data, privacy_policy, guardian_consent, revocation,"
                    + " account_deleted");
        }
        if (first != null && first < 0 || max != null && max < 1) {
            return invalid("first is 0 or more, max 1 or more");
        }
        AuthorizationRecords.Filter filter;
        try {
            filter = new AuthorizationRecords.Filter(blankToNull(user), blankToNull(kind), blankToNull(client),
                    TimeParams.millis(from, 0), TimeParams.millis(to, Long.MAX_VALUE));
        } catch (DateTimeParseException e) {
            return invalid("from and to are dates (YYYY-MM-DD) or ISO-8601 instants");
        }
        boolean csv = Csv.asked(headers);
        AuthorizationExport export = new AuthorizationExport(session.getKeycloakSessionFactory(), realm.getId(), filter,
                first == null ? 0 : first, max == null ? Long.MAX_VALUE : max, csv ? AuthorizationExport.Format.CSV
                : AuthorizationExport.Format.JSON);
        Response.ResponseBuilder answer = csv
                ? Response.ok(export, Csv.MEDIA_TYPE + "; charset=UTF-8").header("Content-Disposition",
                        "attachment; filename=\"authorizations-" + realm.getName() + ".csv\"")
                : Response.ok(export, MediaType.APPLICATION_JSON_TYPE);
        return answer.header(JsonErrors.CACHE_CONTROL, JsonErrors.NO_STORE).build();
    }

    private static Response invalid(String description) {
        return JsonErrors.answer(Response.Status.BAD_REQUEST, "invalid_request", description).build();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
