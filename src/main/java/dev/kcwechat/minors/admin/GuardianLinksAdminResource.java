package dev.kcwechat.minors.admin;

import dev.kcwechat.common.JsonErrors;
import dev.kcwechat.minors.consent.ConsentClients;
import dev.kcwechat.minors.store.GuardianLinkEntity;
import dev.kcwechat.minors.store.GuardianLinks;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.keycloak.events.admin.OperationType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * {@code /admin/realms/{realm}/wechat/guardians}: who is whose guardian, for administrators who may
 * view users (the list) or manage them (link, unlink), each change an admin event. An admin's link
 * is what {@code guardianVerification=registered} accepts, and it creates the realm's consent
 * client, through which guardians sign in to their page.
 */
public final class GuardianLinksAdminResource {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;
    private final AdminEventBuilder adminEvent;

    GuardianLinksAdminResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth, AdminEventBuilder adminEvent) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
        this.adminEvent = adminEvent.resource("WECHAT_GUARDIAN_LINK");
    }

    /** The child's guardians. */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response list(@QueryParam("child") String child) {
        auth.users().requireView();
        if (child == null || child.isBlank()) {
            return JsonErrors.answer(Response.Status.BAD_REQUEST, "invalid_request", "child (a user id) is required").build();
        }
        List<Map<String, Object>> links = new GuardianLinks(session).guardiansOf(realm, child.trim()).stream()
                .map(GuardianLinksAdminResource::representation).toList();
        return Response.ok(links, MediaType.APPLICATION_JSON_TYPE).header("Cache-Control", "no-store").build();
    }

    /** Links {@code {"child", "guardian"}} (user ids of this realm); linking them again keeps the first link. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response link(Map<String, Object> body) {
        auth.users().requireManage();
        UserModel child = user(body, "child");
        UserModel guardian = user(body, "guardian");
        if (child == null || guardian == null || child.getId().equals(guardian.getId())) {
            return JsonErrors.answer(Response.Status.BAD_REQUEST, "invalid_request",
                    "child and guardian must be the ids of two users of this realm").build();
        }
        GuardianLinks links = new GuardianLinks(session);
        GuardianLinkEntity link = links.find(realm, child.getId(), guardian.getId())
                .filter(existing -> GuardianLinks.ADMIN.equals(existing.getSource()))
                .orElseGet(() -> {
                    links.find(realm, child.getId(), guardian.getId()).ifPresent(links::remove);
                    return links.link(realm, child.getId(), guardian.getId(), GuardianLinks.ADMIN, auth.adminAuth().getUser().getId());
                });
        ConsentClients.ensure(session, realm);
        Map<String, Object> representation = representation(link);
        adminEvent.operation(OperationType.CREATE).resourcePath(session.getContext().getUri(), link.getId())
                .representation(representation).success();
        return Response.status(Response.Status.CREATED).type(MediaType.APPLICATION_JSON_TYPE).entity(representation).build();
    }

    @DELETE
    @Path("{id}")
    public Response unlink(@PathParam("id") String id) {
        auth.users().requireManage();
        GuardianLinks links = new GuardianLinks(session);
        GuardianLinkEntity link = links.byId(realm, id).orElse(null);
        if (link == null) {
            return JsonErrors.answer(Response.Status.NOT_FOUND, "not_found", "No guardian link of that id in this realm").build();
        }
        links.remove(link);
        adminEvent.operation(OperationType.DELETE).resourcePath(session.getContext().getUri()).success();
        return Response.noContent().build();
    }

    private UserModel user(Map<String, Object> body, String field) {
        Object id = body == null ? null : body.get(field);
        return id instanceof String text && !text.isBlank() ? session.users().getUserById(realm, text.trim()) : null;
    }

    private static Map<String, Object> representation(GuardianLinkEntity link) {
        Map<String, Object> representation = new LinkedHashMap<>();
        representation.put("id", link.getId());
        representation.put("child", link.getChildUserId());
        representation.put("guardian", link.getGuardianUserId());
        representation.put("source", link.getSource());
        representation.put("createdAt", Instant.ofEpochMilli(link.getCreatedAt()).toString());
        representation.put("createdBy", link.getCreatedBy());
        return representation;
    }
}
