package dev.kcwechat.wecom.directory;

import dev.kcwechat.common.JsonErrors;
import dev.kcwechat.wecom.WeComUsers;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * {@code POST /admin/realms/{realm}/wecom-directory/{alias}/sync}: reconciles a WeCom provider's
 * linked users with WeCom's directory now, and answers the summary. For administrators who may
 * manage users.
 */
public final class DirectorySyncAdminResource {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;

    DirectorySyncAdminResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
    }

    @POST
    @Path("{alias}/sync")
    @Produces(MediaType.APPLICATION_JSON)
    public Response sync(@PathParam("alias") String alias) {
        auth.users().requireManage();
        IdentityProviderModel model = session.identityProviders().getByAlias(alias);
        if (model == null || !WeComUsers.PROVIDER_IDS.contains(model.getProviderId())) {
            return JsonErrors.answer(Response.Status.NOT_FOUND, "not_found", "No WeCom provider '" + alias + "'").build();
        }
        DirectorySync.Summary summary = new DirectorySync(session.getKeycloakSessionFactory(), realm.getId(), alias).run();
        return Response.ok(Map.of("members", summary.members(), "linked", summary.linked(), "offboarded", summary.offboarded(),
                "failed", summary.failed())).build();
    }
}
