package dev.kcwechat.email;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.keycloak.email.EmailException;
import org.keycloak.email.freemarker.FreeMarkerEmailTemplateProvider;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.theme.Theme;

/**
 * The mail with an e-mail code: Keycloak's own e-mail templating and sender (the realm's SMTP
 * settings), with the templates of the extension's e-mail theme {@value #THEME} whatever e-mail
 * theme the realm has chosen, in the user's language (their {@code locale}, else the realm's default).
 */
final class CodeMail extends FreeMarkerEmailTemplateProvider {

    static final String THEME = "keycloak-wechat";
    static final String TEMPLATE = "wechat-email-code.ftl";
    static final String SUBJECT_KEY = "wechatEmailCodeSubject";

    CodeMail(KeycloakSession session, RealmModel realm, UserModel user) {
        super(session);
        setRealm(realm);
        setUser(user);
    }

    @Override
    protected Theme getTheme() throws IOException {
        return session.theme().getTheme(THEME, Theme.Type.EMAIL);
    }

    /** Sends the code to the address being proven (not the user's current address). */
    void send(EmailAddress to, String code, long lifespanSeconds) throws EmailException {
        Map<String, Object> attributes = new HashMap<>();
        attributes.put("code", code);
        attributes.put("expirationMinutes", Math.max(1, lifespanSeconds / 60));
        attributes.put("realmName", getRealmName());
        // the language is the user's, not the mini-program's HTTP client's
        attributes.put(Constants.IGNORE_ACCEPT_LANGUAGE_HEADER, true);
        send(SUBJECT_KEY, List.of(getRealmName()), TEMPLATE, attributes, to.value());
    }
}
