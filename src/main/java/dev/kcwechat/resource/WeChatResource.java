package dev.kcwechat.resource;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcwechat.broker.PhoneBinding;
import dev.kcwechat.broker.PhoneConflictException;
import dev.kcwechat.broker.WeChatPhoneNumberMapper;
import dev.kcwechat.wechat.OpenDataCrypto;
import dev.kcwechat.wechat.OpenDataException;
import dev.kcwechat.wechat.PhoneNumber;
import dev.kcwechat.wechat.WeChatException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.keycloak.models.KeycloakSession;

/**
 * {@code /realms/{realm}/wechat}: what a mini-program does after its code login, with the access
 * token it got. The session_key these calls need never leaves Keycloak.
 */
@Produces(MediaType.APPLICATION_JSON)
public final class WeChatResource {

    private final KeycloakSession session;

    WeChatResource(KeycloakSession session) {
        this.session = session;
    }

    /** Binds (or replaces) the user's verified phone number: {@code {"phone_code"}} from the getPhoneNumber button. */
    @POST
    @Path("phone")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response bindPhone(Map<String, Object> body) {
        WeChatCaller caller = WeChatCaller.authenticate(session);
        String phoneCode = required(body, "phone_code");
        PhoneBinding binding = WeChatPhoneNumberMapper.bindingOf(session, caller.idp().getConfig().getAlias())
                .orElseThrow(() -> new ResourceError(Response.Status.BAD_REQUEST, ResourceError.NO_PHONE_MAPPER,
                        "The identity provider has no 'WeChat phone number' mapper: phone numbers are not stored"));
        PhoneNumber phone;
        try {
            phone = caller.idp().phoneNumber(phoneCode);
        } catch (WeChatException e) {
            throw phoneError(e);
        }
        boolean bound;
        try {
            bound = binding.bind(session, session.getContext().getRealm(), caller.user(), phone.e164());
        } catch (PhoneConflictException e) {
            bound = false;
        }
        if (!bound) {
            // a later binding is explicit: a number another user has is a conflict under every policy
            throw new ResourceError(Response.Status.CONFLICT, ResourceError.PHONE_NUMBER_IN_USE,
                    "This phone number belongs to another account");
        }
        return Response.ok(Map.of("phone_number", phone.masked(), "phone_number_verified", true)).build();
    }

    /** Decrypts legacy open data ({@code {"encryptedData", "iv"}}) with the session's session_key. */
    @POST
    @Path("open-data/decrypt")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response decrypt(Map<String, Object> body) {
        WeChatCaller caller = WeChatCaller.authenticate(session);
        String encryptedData = required(body, "encryptedData");
        String iv = required(body, "iv");
        try {
            JsonNode data = OpenDataCrypto.decrypt(caller.sessionKey(), encryptedData, iv, caller.idp().getConfig().getAppId());
            return Response.ok(data).build();
        } catch (OpenDataException e) {
            throw openDataError(e);
        }
    }

    /** Checks a rawData signature ({@code {"rawData", "signature"}}): {@code {"valid": true|false}}. */
    @POST
    @Path("open-data/verify")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response verify(Map<String, Object> body) {
        WeChatCaller caller = WeChatCaller.authenticate(session);
        String rawData = required(body, "rawData");
        String signature = required(body, "signature");
        return Response.ok(Map.of("valid", OpenDataCrypto.rawDataSignatureMatches(rawData, signature, caller.sessionKey()))).build();
    }

    /** Whether WeChat still holds the session behind this Keycloak session (checksession): {@code {"valid": ...}}. */
    @GET
    @Path("session")
    public Response checkSession() {
        WeChatCaller caller = WeChatCaller.authenticate(session);
        try {
            return Response.ok(Map.of("valid", caller.idp().checkSession(caller.openid(), caller.sessionKey()))).build();
        } catch (WeChatException e) {
            throw unavailable();
        }
    }

    private static String required(Map<String, Object> body, String field) {
        Object value = body == null ? null : body.get(field);
        if (!(value instanceof String text) || text.isBlank()) {
            throw new ResourceError(Response.Status.BAD_REQUEST, ResourceError.INVALID_REQUEST, "Missing field: " + field);
        }
        return text;
    }

    private static ResourceError phoneError(WeChatException e) {
        return switch (e.failure()) {
            case INVALID_CODE, CODE_USED -> new ResourceError(Response.Status.BAD_REQUEST, ResourceError.INVALID_PHONE_CODE,
                    "phone_code is invalid, expired or used");
            case WRONG_APPID -> new ResourceError(Response.Status.BAD_REQUEST, ResourceError.WRONG_APPID,
                    "phone_code belongs to another mini-program");
            default -> unavailable();
        };
    }

    private static ResourceError openDataError(OpenDataException e) {
        String error = switch (e.reason()) {
            case MALFORMED -> ResourceError.INVALID_REQUEST;
            case UNDECRYPTABLE -> ResourceError.SESSION_KEY_ROTATED;
            case WRONG_APPID -> ResourceError.WRONG_APPID;
        };
        return new ResourceError(Response.Status.BAD_REQUEST, error, e.getMessage());
    }

    private static ResourceError unavailable() {
        return new ResourceError(Response.Status.SERVICE_UNAVAILABLE, ResourceError.TEMPORARILY_UNAVAILABLE,
                "WeChat did not answer properly; try again");
    }
}
