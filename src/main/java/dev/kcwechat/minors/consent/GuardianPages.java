package dev.kcwechat.minors.consent;

import dev.kcwechat.minors.policy.AgeBracket;
import dev.kcwechat.minors.store.ConsentRequest;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientScopeModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.Urls;
import org.keycloak.theme.FreeMarkerException;
import org.keycloak.theme.beans.MessageFormatterMethod;
import org.keycloak.theme.freemarker.FreeMarkerProvider;

/**
 * The guardians' pages of the {@code keycloak-wechat} theme: the consent page
 * ({@code wechat-guardian-consent.ftl}: the request's form, the decision, or why it cannot be
 * decided; the mini-program's name, the scopes it asks for and the child's birthdate, nothing else
 * of the child, shown only to a verified guardian), and the guardian's page ({@code wechat-guardian.ftl}).
 */
public final class GuardianPages {

    private static final String CONSENT_TEMPLATE = "wechat-guardian-consent.ftl";
    private static final String GUARDIAN_TEMPLATE = "wechat-guardian.ftl";

    private final KeycloakSession session;
    private final RealmModel realm;

    public GuardianPages(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    /** Where a guardian decides a request: {@code /realms/{realm}/wechat/guardian/consent/{id}}. */
    public static URI consentUri(URI baseUri, RealmModel realm, String requestId) {
        return Urls.realmBase(baseUri).path(realm.getName()).path("wechat/guardian/consent").path(requestId).build();
    }

    /** The guardian's own page: {@code /realms/{realm}/wechat/guardian}. */
    public static URI guardianUri(URI baseUri, RealmModel realm) {
        return Urls.realmBase(baseUri).path(realm.getName()).path("wechat/guardian").build();
    }

    /**
     * The guardian's children with their day, limits and apps.
     *
     * @param notice a message key after an action, or null
     */
    public Response children(UserModel guardian, List<Map<String, Object>> children, String csrf, String notice, boolean noticeError) {
        Map<String, Object> data = new HashMap<>();
        data.put("guardianName", displayName(guardian));
        data.put("children", children);
        data.put("actionUrl", guardianUri(session.getContext().getUri().getBaseUri(), realm).toString());
        data.put("csrf", csrf);
        data.put("notice", notice == null ? "" : notice);
        data.put("noticeError", noticeError);
        return render(GUARDIAN_TEMPLATE, data, noticeError ? Response.Status.BAD_REQUEST : Response.Status.OK);
    }

    public Response form(ConsentRequest request, UserModel guardian, String csrf) {
        ClientModel client = session.clients().getClientByClientId(realm, request.clientId());
        UserModel child = session.users().getUserById(realm, request.childUserId());
        Map<String, Object> data = new HashMap<>();
        data.put("view", "form");
        data.put("clientName", client == null || client.getName() == null || client.getName().isBlank()
                ? request.clientId() : client.getName());
        data.put("scopes", scopes(client, request.scope()));
        String birthdate = child == null ? null : child.getFirstAttribute(AgeBracket.BIRTHDATE_ATTRIBUTE);
        data.put("birthdate", birthdate == null ? "" : birthdate);
        data.put("guardianName", displayName(guardian));
        data.put("actionUrl", consentUri(session.getContext().getUri().getBaseUri(), realm, request.id()).toString());
        data.put("csrf", csrf);
        return render(CONSENT_TEMPLATE, data, Response.Status.OK);
    }

    public Response done(String decision) {
        Map<String, Object> data = new HashMap<>();
        data.put("view", "done");
        data.put("decision", decision);
        return render(CONSENT_TEMPLATE, data, Response.Status.OK);
    }

    public Response error(int status, String messageKey) {
        Map<String, Object> data = new HashMap<>();
        data.put("view", "error");
        data.put("errorKey", messageKey);
        return render(CONSENT_TEMPLATE, data, Response.Status.fromStatusCode(status));
    }

    private Response render(String template, Map<String, Object> data, Response.Status status) {
        GuardianTheme theme = GuardianTheme.of(session, realm);
        data.put("msg", new MessageFormatterMethod(theme.locale(), theme.messages()));
        data.put("locale", theme.locale().toLanguageTag());
        data.put("resourcesPath", Urls.themeRoot(session.getContext().getUri().getBaseUri()) + "/login/" + GuardianTheme.NAME);
        data.put("realmName", realm.getDisplayName() == null || realm.getDisplayName().isBlank() ? realm.getName() : realm.getDisplayName());
        try {
            String html = session.getProvider(FreeMarkerProvider.class).processTemplate(data, template, theme.theme());
            return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).entity(html)
                    .header("Cache-Control", "no-store").header("X-Frame-Options", "DENY")
                    .header("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'; form-action 'self'")
                    .build();
        } catch (FreeMarkerException e) {
            throw new IllegalStateException("Cannot render " + template, e);
        }
    }

    /**
     * What the client asks for, as Keycloak's own consent screen shows it: the requested and the
     * client's default scopes that are displayed on consent screens, with their consent texts.
     */
    private List<Map<String, String>> scopes(ClientModel client, String requested) {
        if (client == null) {
            return List.of();
        }
        Map<String, ClientScopeModel> defaults = client.getClientScopes(true);
        Map<String, ClientScopeModel> optional = client.getClientScopes(false);
        Set<String> names = new LinkedHashSet<>(defaults.keySet());
        if (requested != null && !requested.isBlank()) {
            names.addAll(List.of(requested.trim().split("\\s+")));
        }
        List<Map<String, String>> scopes = new ArrayList<>();
        for (String name : names) {
            ClientScopeModel scope = defaults.containsKey(name) ? defaults.get(name) : optional.get(name);
            if (scope != null && scope.isDisplayOnConsentScreen()) {
                Map<String, String> entry = new LinkedHashMap<>();
                entry.put("name", name);
                entry.put("description", scope.getConsentScreenText());
                scopes.add(entry);
            }
        }
        return scopes;
    }

    private static String displayName(UserModel user) {
        String first = user.getFirstName();
        String last = user.getLastName();
        String name = ((first == null ? "" : first) + " " + (last == null ? "" : last)).trim();
        return name.isEmpty() ? user.getUsername() : name;
    }
}
