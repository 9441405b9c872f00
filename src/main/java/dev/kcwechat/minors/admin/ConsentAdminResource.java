package dev.kcwechat.minors.admin;

import dev.kcwechat.common.Csv;
import dev.kcwechat.common.JsonErrors;
import dev.kcwechat.common.TimeParams;
import dev.kcwechat.minors.consent.GuardianConsents;
import dev.kcwechat.minors.store.ConsentRecords;
import dev.kcwechat.minors.store.GuardianConsentEntity;
import dev.kcwechat.records.AuthorizationAdminResource;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.admin.OperationType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * {@code /admin/realms/{realm}/wechat/consents}: the realm's guardian-consent records for its
 * administrators: JSON, or CSV with {@code Accept: text/csv}; and revocation. Mounts the guardian
 * links at {@code guardians}.
 */
public final class ConsentAdminResource {

    /** The contract's columns first, in its order; then the rest of the record. */
    static final String[] COLUMNS = {"id", "childUserId", "guardianUserId", "clientId", "decision", "createdAt", "revokedAt",
            "scope", "birthdate", "revokedBy", "ipAddress", "userAgent"};
    /** The admin events' resource type of a consent record. */
    static final String CONSENT_RESOURCE = "WECHAT_GUARDIAN_CONSENT";

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;
    private final AdminEventBuilder adminEvent;

    ConsentAdminResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth, AdminEventBuilder adminEvent) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
        this.adminEvent = adminEvent;
    }

    /** Every authorization on record: {@code /admin/realms/{realm}/wechat/authorizations}. */
    @Path("authorizations")
    public AuthorizationAdminResource authorizations() {
        return new AuthorizationAdminResource(session, realm, auth);
    }

    /** Who is whose guardian: {@code /admin/realms/{realm}/wechat/guardians}. */
    @Path("guardians")
    public GuardianLinksAdminResource guardians() {
        return new GuardianLinksAdminResource(session, realm, auth, adminEvent);
    }

    /**
     * Records decided in {@code [from, to)}: ISO dates (UTC midnight) or instants; {@code user}
     * keeps those where that user id is the child or the guardian.
     */
    @GET
    @Path("consents")
    @Produces({MediaType.APPLICATION_JSON, Csv.MEDIA_TYPE})
    public Response list(@QueryParam("user") String user, @QueryParam("from") String from, @QueryParam("to") String to,
                         @Context HttpHeaders headers) {
        auth.users().requireView();
        long fromMillis;
        long toMillis;
        try {
            fromMillis = TimeParams.millis(from, 0);
            toMillis = TimeParams.millis(to, Long.MAX_VALUE);
        } catch (DateTimeParseException e) {
            return JsonErrors.answer(Response.Status.BAD_REQUEST, "invalid_request",
                    "from and to are dates (YYYY-MM-DD) or ISO-8601 instants").build();
        }
        List<Map<String, Object>> rows = new ConsentRecords(session).list(realm, user == null || user.isBlank() ? null : user.trim(),
                fromMillis, toMillis).stream().map(ConsentAdminResource::row).toList();
        if (Csv.asked(headers)) {
            return Response.ok(Csv.write(COLUMNS, rows), Csv.MEDIA_TYPE + "; charset=UTF-8")
                    .header("Content-Disposition", "attachment; filename=\"guardian-consents-" + realm.getName() + ".csv\"")
                    .header("Cache-Control", "no-store").build();
        }
        return Response.ok(rows, MediaType.APPLICATION_JSON_TYPE).header("Cache-Control", "no-store").build();
    }

    /** Revocation by an administrator who may manage users: the child's sessions end. */
    @DELETE
    @Path("consents/{id}")
    public Response revoke(@PathParam("id") String id) {
        auth.users().requireManage();
        GuardianConsents consents = new GuardianConsents(session, realm);
        GuardianConsentEntity record = consents.find(id).orElse(null);
        if (record == null) {
            return JsonErrors.answer(Response.Status.NOT_FOUND, "not_found", "No consent record of that id in this realm").build();
        }
        UserModel admin = auth.adminAuth().getUser();
        try {
            consents.revoke(record, admin, new EventBuilder(realm, session, session.getContext().getConnection()));
        } catch (GuardianConsents.Refused e) {
            return JsonErrors.answer(Response.Status.fromStatusCode(e.status()), e.error(), e.getMessage()).build();
        }
        adminEvent.resource(CONSENT_RESOURCE).operation(OperationType.DELETE).resourcePath(session.getContext().getUri()).success();
        return Response.noContent().build();
    }

    private static Map<String, Object> row(GuardianConsentEntity record) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", record.getId());
        row.put("childUserId", record.getChildUserId());
        row.put("guardianUserId", record.getGuardianUserId());
        row.put("clientId", record.getClientId());
        row.put("decision", record.getDecision());
        row.put("createdAt", Instant.ofEpochMilli(record.getCreatedAt()).toString());
        row.put("revokedAt", record.getRevokedAt() == null ? null : Instant.ofEpochMilli(record.getRevokedAt()).toString());
        row.put("scope", record.getScope());
        row.put("birthdate", record.getBirthdate());
        row.put("revokedBy", record.getRevokedBy());
        row.put("ipAddress", record.getIpAddress());
        row.put("userAgent", record.getUserAgent());
        return row;
    }
}
