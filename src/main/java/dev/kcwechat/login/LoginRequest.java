package dev.kcwechat.login;

import jakarta.ws.rs.core.MultivaluedMap;
import java.util.regex.Pattern;

/**
 * The grant's own parameters: {@code code} (from {@code wx.login()} or {@code wx.qy.login()}),
 * {@code phone_code} (from the getPhoneNumber button) and {@code idp} (which provider, when the
 * client may use several). Codes are short printable strings; anything else is refused before
 * WeChat is asked.
 */
final class LoginRequest {

    static final String CODE_PARAM = "code";
    static final String PHONE_CODE_PARAM = "phone_code";
    static final String IDP_PARAM = "idp";
    static final String PRIVACY_VERSION_PARAM = "privacy_version";
    private static final Pattern CODE_FORMAT = Pattern.compile("[\\x21-\\x7e]{1,128}");

    private final MultivaluedMap<String, String> formParams;
    private final LoginErrors errors;

    LoginRequest(MultivaluedMap<String, String> formParams, LoginErrors errors) {
        this.formParams = formParams;
        this.errors = errors;
    }

    /** The provider's alias the client asked for, or null. */
    String idpAlias() {
        String alias = formParams.getFirst(IDP_PARAM);
        return alias == null || alias.isBlank() ? null : alias.trim();
    }

    String code() {
        String value = wellFormedCode(CODE_PARAM);
        if (value == null) {
            throw errors.error(GrantError.invalidRequest(), "Missing parameter: " + CODE_PARAM);
        }
        return value;
    }

    /** The privacy policy version the user accepted in the mini-program, or null. */
    String privacyVersion() {
        String version = formParams.getFirst(PRIVACY_VERSION_PARAM);
        return version == null || version.isBlank() ? null : version.trim();
    }

    /** The phone code, or null when the login has none. */
    String phoneCode() {
        return wellFormedCode(PHONE_CODE_PARAM);
    }

    /** The parameter's code, trimmed; null when absent. */
    private String wellFormedCode(String name) {
        String value = formParams.getFirst(name);
        if (value == null || value.isBlank()) {
            return null;
        }
        if (!CODE_FORMAT.matcher(value.trim()).matches()) {
            throw errors.error(GrantError.invalidRequest(), "Parameter " + name + " is not a code from WeChat");
        }
        return value.trim();
    }
}
