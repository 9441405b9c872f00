package dev.kcwechat.minors.consent;

import dev.kcwechat.common.JsonErrors;
import dev.kcwechat.common.SignedIn;
import dev.kcwechat.minors.policy.GuardianPolicy;
import dev.kcwechat.minors.store.ConsentRequest;
import dev.kcwechat.minors.store.GuardianConsentEntity;
import dev.kcwechat.minors.store.GuardianSettings;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.keycloak.OAuth2Constants;
import org.keycloak.common.util.SecretGenerator;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.protocol.oidc.OIDCLoginProtocolService;
import org.keycloak.services.managers.AppAuthManager;
import org.keycloak.services.managers.AuthenticationManager;
import org.keycloak.services.resources.admin.AdminAuth;
import org.keycloak.services.resources.admin.fgap.AdminPermissions;

/**
 * {@code /realms/{realm}/wechat/guardian}: the guardian's page (their children, revocation,
 * stricter limits), the consent page a guardian opens from the child's {@code guardian_consent_uri}
 * (signed in with their own account, in a browser), and the same as an API for a guardian's app.
 */
public final class GuardianResource {

    /** What the guardian page's CSRF token is bound to, besides the guardian's session. */
    private static final String GUARDIAN_PAGE = "guardian-page";

    private final KeycloakSession session;
    private final RealmModel realm;

    public GuardianResource(KeycloakSession session) {
        this.session = session;
        this.realm = session.getContext().getRealm();
    }

    /** The page: the signed-in guardian's form, or Keycloak's login first. */
    @GET
    @Path("consent/{request}")
    @Produces(MediaType.TEXT_HTML)
    public Response page(@PathParam("request") String requestId) {
        GuardianPages pages = new GuardianPages(session, realm);
        ClientModel consentClient = ConsentClients.find(session, realm);
        if (consentClient == null) {
            // no request was ever made in this realm: the client comes with the first one, never with a page view
            return pages.error(400, "wechatGuardianRequestInvalid");
        }
        SignedIn guardian = SignedIn.of(AuthenticationManager.authenticateIdentityCookie(session, realm, true));
        if (guardian == null) {
            URI page = GuardianPages.consentUri(session.getContext().getUri().getBaseUri(), realm, requestId);
            return Response.seeOther(login(consentClient, page)).header("Cache-Control", "no-store").build();
        }
        try {
            ConsentRequest request = new GuardianConsents(session, realm).pendingFor(requestId, guardian.user());
            return pages.form(request, guardian.user(), csrf(guardian, requestId));
        } catch (GuardianConsents.Refused e) {
            return pages.error(e.status(), e.messageKey());
        }
    }

    /** The guardian's page: their children, or Keycloak's login first. */
    @GET
    @Produces(MediaType.TEXT_HTML)
    public Response guardianPage() {
        GuardianPages pages = new GuardianPages(session, realm);
        ClientModel consentClient = ConsentClients.find(session, realm);
        if (consentClient == null) {
            // no guardian was ever linked in this realm: the client comes with the first link, never with a page view
            return pages.error(404, "wechatGuardianNoChildren");
        }
        SignedIn guardian = SignedIn.of(AuthenticationManager.authenticateIdentityCookie(session, realm, true));
        if (guardian == null) {
            URI page = GuardianPages.guardianUri(session.getContext().getUri().getBaseUri(), realm);
            return Response.seeOther(login(consentClient, page)).header("Cache-Control", "no-store").build();
        }
        return childrenPage(pages, guardian, null, false);
    }

    /** The guardian page's forms: {@code action=revoke} with {@code consent}, {@code action=limits} with {@code child}, {@code curfew}, {@code dailyMinutes}. */
    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Response actOnGuardianPage(MultivaluedMap<String, String> form) {
        GuardianPages pages = new GuardianPages(session, realm);
        SignedIn guardian = SignedIn.of(AuthenticationManager.authenticateIdentityCookie(session, realm, true));
        if (guardian == null || !ConsentCsrf.matches(csrf(guardian, GUARDIAN_PAGE), form.getFirst("csrf"))) {
            return pages.error(400, "wechatGuardianCsrf");
        }
        try {
            if ("revoke".equals(form.getFirst("action"))) {
                GuardianConsents consents = new GuardianConsents(session, realm);
                GuardianConsentEntity record = consents.find(form.getFirst("consent"))
                        .filter(found -> guardian.user().getId().equals(found.getGuardianUserId()))
                        .orElseThrow(() -> new GuardianConsents.Refused(404, "not_found", "Not an approval of yours",
                                "wechatGuardianRequestInvalid"));
                consents.revoke(record, guardian.user(), event());
                return childrenPage(pages, guardian, "wechatGuardianConsentRevokedDone", false);
            }
            new GuardianChildren(session, realm).setLimits(guardian.user(), form.getFirst("child"), blankAsNull(form.getFirst("curfew")),
                    blankAsNull(form.getFirst("dailyMinutes")), ConsentClients.CLIENT_ID, event());
            return childrenPage(pages, guardian, "wechatGuardianLimitsSaved", false);
        } catch (GuardianConsents.Refused e) {
            return childrenPage(pages, guardian, e.messageKey(), true);
        }
    }

    private Response childrenPage(GuardianPages pages, SignedIn guardian, String notice, boolean noticeError) {
        return pages.children(guardian.user(), new GuardianChildren(session, realm).of(guardian.user()), csrf(guardian, GUARDIAN_PAGE),
                notice, noticeError);
    }

    /** The page's form: {@code csrf}, {@code birthdate}, {@code decision}. */
    @POST
    @Path("consent/{request}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Response decideOnPage(@PathParam("request") String requestId, MultivaluedMap<String, String> form) {
        GuardianPages pages = new GuardianPages(session, realm);
        SignedIn guardian = SignedIn.of(AuthenticationManager.authenticateIdentityCookie(session, realm, true));
        if (guardian == null || !ConsentCsrf.matches(csrf(guardian, requestId), form.getFirst("csrf"))) {
            return pages.error(400, "wechatGuardianCsrf");
        }
        try {
            GuardianConsentEntity record = new GuardianConsents(session, realm)
                    .decide(requestId, guardian.user(), form.getFirst("decision"), form.getFirst("birthdate"), event());
            return pages.done(record.getDecision());
        } catch (GuardianConsents.Refused e) {
            return pages.error(e.status(), e.messageKey());
        }
    }

    /** The API: {@code {"request", "decision", "birthdate"}} with the guardian's bearer token. */
    @POST
    @Path("consents")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response decide(Map<String, Object> body) {
        UserModel guardian = bearer().user();
        try {
            GuardianConsentEntity record = new GuardianConsents(session, realm).decide(string(body, "request"), guardian,
                    string(body, "decision"), string(body, "birthdate"), event());
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("id", record.getId());
            answer.put("decision", record.getDecision());
            answer.put("request", record.getRequestId());
            return json(Response.Status.OK, answer);
        } catch (GuardianConsents.Refused e) {
            return JsonErrors.answer(Response.Status.fromStatusCode(e.status()), e.error(), e.getMessage(), e.members()).build();
        }
    }

    /** The caller's children: each child's day (minutes used and left), curfew, minutes and consents. */
    @GET
    @Path("children")
    @Produces(MediaType.APPLICATION_JSON)
    public Response children() {
        return json(Response.Status.OK, new GuardianChildren(session, realm).of(bearer().user()));
    }

    /** The child's own limits, {@code {"curfew", "dailyMinutes"}}: only stricter than the realm's. */
    @PUT
    @Path("children/{child}/policy")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response setPolicy(@PathParam("child") String childUserId, Map<String, Object> body) {
        SignedIn caller = bearer();
        Map<String, Object> values = body == null ? Map.of() : body;
        try {
            return json(Response.Status.OK, new GuardianChildren(session, realm).setLimits(caller.user(), childUserId,
                    values.get("curfew"), values.get("dailyMinutes"), caller.client().getClientId(), event()));
        } catch (GuardianConsents.Refused e) {
            return JsonErrors.answer(Response.Status.fromStatusCode(e.status()), e.error(), e.getMessage(), e.members()).build();
        }
    }

    /** Revocation by the guardian who consented, or by a user of this realm who may manage users. The child's sessions end. */
    @DELETE
    @Path("consents/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response revoke(@PathParam("id") String id) {
        SignedIn caller = bearer();
        GuardianConsents consents = new GuardianConsents(session, realm);
        GuardianConsentEntity record = consents.find(id).orElse(null);
        if (record == null) {
            return error(404, "not_found", "No consent record of that id in this realm");
        }
        if (!caller.user().getId().equals(record.getGuardianUserId()) && !mayManageUsers(caller)) {
            return error(403, "access_denied", "Only the guardian who consented or a user administrator may revoke it");
        }
        try {
            consents.revoke(record, caller.user(), event());
            return Response.noContent().header("Cache-Control", "no-store").build();
        } catch (GuardianConsents.Refused e) {
            return error(e.status(), e.error(), e.getMessage());
        }
    }

    private boolean mayManageUsers(SignedIn caller) {
        AdminAuth auth = new AdminAuth(realm, caller.token(), caller.user(), caller.client());
        return AdminPermissions.evaluator(session, realm, auth).users().canManage();
    }

    /** The caller of the API: a valid access token of a client the realm's guardian policy accepts for it. */
    private SignedIn bearer() {
        SignedIn auth;
        try {
            auth = SignedIn.of(new AppAuthManager.BearerTokenAuthenticator(session).authenticate());
        } catch (NotAuthorizedException malformed) {
            auth = null;   // an Authorization header that is not "Bearer <token>", an empty token among them
        }
        if (auth == null || auth.session() == null) {
            throw new WebApplicationException(JsonErrors.answer(Response.Status.UNAUTHORIZED, "invalid_token",
                    "A valid bearer access token is required").header(HttpHeaders.WWW_AUTHENTICATE, JsonErrors.bearerChallenge("invalid_token"))
                    .build());
        }
        GuardianPolicy policy;
        try {
            policy = GuardianSettings.of(session, realm);
        } catch (IllegalArgumentException e) {
            throw new WebApplicationException(error(503, "temporarily_unavailable", "The guardian policy's settings are invalid"));
        }
        if (!policy.acceptsGuardianTokensOf(auth.client().getClientId())) {
            throw new WebApplicationException(error(403, "unauthorized_client",
                    "The guardian API accepts tokens of the clients the realm's guardian policy lists (guardianClients)"));
        }
        return auth;
    }

    /** Keycloak's login for the guardians' pages' own public client; back to {@code page} once signed in. */
    private URI login(ClientModel consentClient, URI page) {
        String redirect = page.toString();
        String verifier = SecretGenerator.getInstance().randomString(64);
        return OIDCLoginProtocolService.authUrl(session.getContext().getUri())
                .queryParam(OAuth2Constants.CLIENT_ID, consentClient.getClientId())
                .queryParam(OAuth2Constants.REDIRECT_URI, redirect)
                .queryParam(OAuth2Constants.RESPONSE_TYPE, OAuth2Constants.CODE)
                .queryParam(OAuth2Constants.SCOPE, "openid")
                .queryParam(OAuth2Constants.STATE, SecretGenerator.getInstance().generateSecureID())
                .queryParam(OAuth2Constants.CODE_CHALLENGE, ConsentCsrf.s256(verifier))
                .queryParam(OAuth2Constants.CODE_CHALLENGE_METHOD, OAuth2Constants.PKCE_METHOD_S256)
                .build(realm.getName());
    }

    private String csrf(SignedIn guardian, String requestId) {
        return ConsentCsrf.token(session, realm, guardian.session().getId(), requestId);
    }

    private static String blankAsNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    private EventBuilder event() {
        return new EventBuilder(realm, session, session.getContext().getConnection());
    }

    private static String string(Map<String, Object> body, String field) {
        Object value = body == null ? null : body.get(field);
        return value instanceof String text ? text : null;
    }

    private static Response error(int status, String error, String description) {
        return JsonErrors.answer(Response.Status.fromStatusCode(status), error, description).build();
    }

    private static Response json(Response.Status status, Object body) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).header("Cache-Control", "no-store").entity(body).build();
    }
}
