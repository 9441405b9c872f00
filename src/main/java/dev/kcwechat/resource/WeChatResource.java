package dev.kcwechat.resource;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcwechat.common.JsonErrors;
import dev.kcwechat.email.EmailAddress;
import dev.kcwechat.email.EmailBinding;
import dev.kcwechat.email.EmailCodes;
import dev.kcwechat.email.EmailConflictException;
import dev.kcwechat.limits.AbuseLimits;
import dev.kcwechat.limits.RateLimit;
import dev.kcwechat.limits.RateLimiter;
import dev.kcwechat.login.PhoneBinding;
import dev.kcwechat.login.PhoneConflictException;
import dev.kcwechat.miniprogram.WeChatMiniProgramConfig;
import dev.kcwechat.minors.GuardianTokens;
import dev.kcwechat.minors.consent.GuardianResource;
import dev.kcwechat.records.AuthorizationKind;
import dev.kcwechat.records.AuthorizationRecords;
import dev.kcwechat.users.UserAttributes;
import dev.kcwechat.wechatapi.OpenDataCrypto;
import dev.kcwechat.wechatapi.OpenDataException;
import dev.kcwechat.wechatapi.PhoneNumber;
import dev.kcwechat.wechatapi.WeChatException;
import dev.kcwechat.wechatweb.WebTickets;
import dev.kcwechat.wecom.callback.WeComCallbackResource;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.BiFunction;
import org.jboss.logging.Logger;
import org.keycloak.email.EmailException;
import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.ClientModel;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * {@code /realms/{realm}/wechat}: what a mini-program does after its code login, with the access
 * token it got. The session_key these calls need never leaves Keycloak.
 */
@Produces(MediaType.APPLICATION_JSON)
public final class WeChatResource {

    /** Every answer, errors too, is about one user: no cache may keep it. */
    /** Event detail naming the /wechat call. */
    static final String ACTION_DETAIL = "wechat_action";
    /** Event detail of a phone binding: the number, masked. */
    static final String PHONE_NUMBER_DETAIL = "phone_number";
    private static final String CALLS_PER_USER_COUNTER = "calls-user";
    private static final String CALLS_PER_IP_COUNTER = "calls-ip";
    /** E-mail codes: at most 5 an hour per user and per address (the address counted by its digest). */
    static final RateLimit EMAIL_CODES_PER_HOUR = new RateLimit(5, 3600);
    private static final String EMAIL_CODES_PER_USER_COUNTER = "email-codes-user";
    private static final String EMAIL_CODES_PER_ADDRESS_COUNTER = "email-codes-address";
    /** Event detail of an e-mail verification that moved the WeChat identity to the account with the address. */
    static final String LINKED_USER_DETAIL = "linked_user";

    private static final Logger LOG = Logger.getLogger(WeChatResource.class);

    private final KeycloakSession session;
    private final ResourceSettings settings;

    WeChatResource(KeycloakSession session, ResourceSettings settings) {
        this.session = session;
        this.settings = settings;
    }

    /** The caller's own: their authorization records, and deleting their account. */
    @Path("me")
    public MeResource me() {
        return new MeResource(session, settings.accountDeletionMaxAuthAge());
    }

    /**
     * A web-view ticket: {@code {"client_id"}} names the web app the mini-program opens in its
     * {@code <web-view>}; the answer {@code {"ticket", "expires_in"}} goes into that app's
     * authorization request as {@code wechat_ticket}, and signs the same user in once, within a minute (SPI option {@code web-ticket-lifespan}).
     */
    @POST
    @Path("web-ticket")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response webTicket(Map<String, Object> body) {
        return call(EventType.TOKEN_EXCHANGE, "web_ticket", (caller, event) -> {
            String clientId = required(body, "client_id");
            WeChatMiniProgramConfig config = caller.idp().getConfig();
            ClientModel target = session.getContext().getRealm().getClientByClientId(clientId);
            if (target == null || !target.isEnabled() || !target.isStandardFlowEnabled() || target.isBearerOnly()
                    || !config.getWebTicketClients().contains(clientId) || Constants.defaultClients.contains(clientId)) {
                throw new ResourceError(Response.Status.BAD_REQUEST, ResourceError.INVALID_REQUEST,
                        "client_id must be one of the web apps the provider's webTicketClients lists (never Keycloak's consoles)");
            }
            event.detail(Details.AUDIENCE, clientId);
            // a ticket only where the guardian policy would issue that client a token now
            GuardianTokens.refusal(session, session.getContext().getRealm(), caller.user(), target, null).ifPresent(refusal -> {
                throw new ResourceError(Response.Status.FORBIDDEN, refusal.error(), refusal.description(), refusal.members());
            });
            String ticket = new WebTickets(session, session.getContext().getRealm()).issue(caller.userSession(), clientId,
                    config.isWebTicketRequiresWebView(), settings.webTicketLifespan());
            return Map.of("ticket", ticket, "expires_in", settings.webTicketLifespan());
        });
    }

    /** The guardian's side of the minors' policy: the consent page, the consent API, revocation. */
    @Path("guardian")
    public GuardianResource guardian() {
        return new GuardianResource(session);
    }

    /** WeCom's contact-change callbacks of a WeCom provider: no bearer, WeCom's signature instead. */
    @Path("wecom/{alias}/callback")
    public WeComCallbackResource weComCallback(@PathParam("alias") String alias) {
        return new WeComCallbackResource(session, alias);
    }

    /** Binds (or replaces) the user's verified phone number: {@code {"phone_code"}} from the getPhoneNumber button. */
    @POST
    @Path("phone")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response bindPhone(Map<String, Object> body) {
        return call(EventType.UPDATE_PROFILE, "phone", (caller, event) -> {
            String phoneCode = required(body, "phone_code");
            PhoneBinding binding = caller.idp().phoneBinding(
                            session.identityProviders().getMappersByAliasStream(caller.idp().getConfig().getAlias()).toList())
                    .orElseThrow(() -> new ResourceError(Response.Status.BAD_REQUEST, ResourceError.NO_PHONE_MAPPER,
                            "The identity provider has no 'WeChat phone number' mapper: phone numbers are not stored"));
            PhoneNumber phone;
            try {
                phone = caller.idp().phoneNumber(phoneCode);
            } catch (WeChatException e) {
                throw phoneError(e);
            }
            event.detail(PHONE_NUMBER_DETAIL, phone.masked());
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
            return Map.of("phone_number", phone.masked(), "phone_number_verified", true);
        });
    }

    /**
     * Sends a six-digit code to an address the user wants to prove ({@code {"email"}}), through the
     * realm's SMTP settings: {@code {"email", "expires_in"}}. A new code replaces the one before.
     */
    @POST
    @Path("email")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response sendEmailCode(Map<String, Object> body) {
        return call(EventType.SEND_VERIFY_EMAIL, "email", (caller, event) -> {
            EmailAddress address = emailAddress(body);
            event.detail(Details.EMAIL, address.masked());
            RateLimiter limiter = new RateLimiter(session);
            List<Map.Entry<String, String>> counters = List.of(Map.entry(EMAIL_CODES_PER_USER_COUNTER, caller.user().getId()),
                    Map.entry(EMAIL_CODES_PER_ADDRESS_COUNTER, address.digest()));
            // both counters are looked at before either counts, so a refusal by one does not use up the other
            counters.forEach(counter -> refuseOver(limiter.retryAfter(counter.getKey(), counter.getValue(), EMAIL_CODES_PER_HOUR)));
            counters.forEach(counter -> refuseOver(limiter.acquire(counter.getKey(), counter.getValue(), EMAIL_CODES_PER_HOUR)));
            try {
                new EmailCodes(session, session.getContext().getRealm()).send(caller.user(), address, settings.emailCodeLifespan());
            } catch (EmailException e) {
                // the type only: an SMTP server's message may quote the mail
                LOG.warnf("/wechat/email: the mail could not be sent (%s%s)", e.getClass().getSimpleName(),
                        e.getCause() == null ? "" : ", cause " + e.getCause().getClass().getSimpleName());
                throw new ResourceError(Response.Status.SERVICE_UNAVAILABLE, ResourceError.TEMPORARILY_UNAVAILABLE,
                        "The e-mail could not be sent; try again later");
            }
            return Map.of("email", address.value(), "expires_in", settings.emailCodeLifespan());
        });
    }

    /**
     * Proves an address with the code mailed to it ({@code {"email", "code"}}): the user's
     * {@code email} is set and verified, {@code {"email", "email_verified": true}}; with the
     * provider's {@code emailConflict=link} and an account that has the address verified, the
     * WeChat identity moves to that account, this session ends, and the answer has
     * {@code "linked": true} (the next code login signs in to that account).
     */
    @POST
    @Path("email/verify")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response verifyEmail(Map<String, Object> body) {
        return call(EventType.UPDATE_EMAIL, "email_verify", (caller, event) -> {
            EmailAddress address = emailAddress(body);
            String code = required(body, "code");
            if (!code.matches("[0-9]{6}")) {
                throw new ResourceError(Response.Status.BAD_REQUEST, ResourceError.INVALID_REQUEST, "code must be the six digits of the mail");
            }
            event.detail(Details.UPDATED_EMAIL, address.masked());
            EmailAddress.parse(caller.user().getEmail()).ifPresent(previous -> event.detail(Details.PREVIOUS_EMAIL, previous.masked()));
            RealmModel realm = session.getContext().getRealm();
            if (new EmailCodes(session, realm).prove(caller.user().getId(), address, code, settings.emailCodeLifespan())
                    != EmailCodes.Outcome.PROVEN) {
                throw new ResourceError(Response.Status.BAD_REQUEST, ResourceError.INVALID_GRANT,
                        "The code is wrong, expired or already used; ask for a new one");
            }
            EmailBinding.Bound bound;
            try {
                bound = new EmailBinding(session, realm, caller.idp().getConfig().getEmailConflict())
                        .bind(caller.user(), address, caller.clientId());
            } catch (EmailConflictException e) {
                e.linkRefused().ifPresent(why -> event.detail(EmailConflictException.LINK_REFUSED_DETAIL, why));
                throw new ResourceError(Response.Status.CONFLICT, ResourceError.CONFLICT, "This e-mail address belongs to another account");
            }
            if (!bound.linked()) {
                return Map.of("email", address.value(), "email_verified", true);
            }
            event.detail(LINKED_USER_DETAIL, bound.linkedTo().getId());
            new EventBuilder(realm, session, session.getContext().getConnection()).event(EventType.FEDERATED_IDENTITY_LINK)
                    .user(bound.linkedTo()).client(caller.clientId())
                    .detail(Details.IDENTITY_PROVIDER, caller.idp().getConfig().getAlias())
                    .detail(Details.EMAIL, address.masked()).detail(ACTION_DETAIL, "email_link").success();
            return Map.of("email", address.value(), "email_verified", true, "linked", true);
        });
    }

    /**
     * Decrypts legacy open data ({@code {"encryptedData", "iv"}}) with the session's session_key;
     * each decryption is an {@code open_data} record naming the fields handed over.
     */
    @POST
    @Path("open-data/decrypt")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response decrypt(Map<String, Object> body) {
        return call(EventType.USER_INFO_REQUEST, "open_data_decrypt", (caller, event) -> {
            String encryptedData = required(body, "encryptedData");
            String iv = required(body, "iv");
            JsonNode data;
            try {
                data = OpenDataCrypto.decrypt(caller.sessionKey(), encryptedData, iv, caller.idp().getConfig().getAppId());
            } catch (OpenDataException e) {
                throw openDataError(e);
            }
            // what the user handed over, by field names only, in the transaction of the answer
            new AuthorizationRecords(session).record(session.getContext().getRealm(), new AuthorizationRecords.Act(caller.user().getId(),
                    caller.clientId(), AuthorizationKind.OPEN_DATA, handedOver(data),
                    caller.user().getFirstAttribute(UserAttributes.PRIVACY_VERSION)));
            return data;
        });
    }

    /** Checks a rawData signature ({@code {"rawData", "signature"}}): {@code {"valid": true|false}}. */
    @POST
    @Path("open-data/verify")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response verify(Map<String, Object> body) {
        return call(EventType.USER_INFO_REQUEST, "open_data_verify", (caller, event) -> {
            String rawData = required(body, "rawData");
            String signature = required(body, "signature");
            return Map.of("valid", OpenDataCrypto.rawDataSignatureMatches(rawData, signature, caller.sessionKey()));
        });
    }

    /** Whether WeChat still holds the session behind this Keycloak session (checksession): {@code {"valid": ...}}. */
    @GET
    @Path("session")
    public Response checkSession() {
        return call(EventType.USER_INFO_REQUEST, "session_check", (caller, event) -> {
            try {
                return Map.of("valid", caller.idp().checkSession(caller.openid(), caller.sessionKey()));
            } catch (WeChatException e) {
                throw unavailable();
            }
        });
    }

    /**
     * Runs a call of an authenticated caller within the provider's abuse limits (per user and per
     * client IP, counted across the cluster), as a Keycloak event of that type with the detail
     * {@value #ACTION_DETAIL} (an error event for a refused call, authentication failures too); the
     * answer is never cached. A refused call writes nothing; an unexpected failure is a 503.
     */
    private Response call(EventType type, String action, BiFunction<WeChatCaller, EventBuilder, Object> work) {
        RealmModel realm = session.getContext().getRealm();
        EventBuilder event = new EventBuilder(realm, session, session.getContext().getConnection())
                .event(type).detail(ACTION_DETAIL, action);
        try {
            WeChatCaller caller = WeChatCaller.authenticate(session);
            event.user(caller.user()).session(caller.userSession())
                    .detail(Details.IDENTITY_PROVIDER, caller.idp().getConfig().getAlias());
            ClientModel client = realm.getClientByClientId(caller.clientId());
            if (client != null) {
                event.client(client);
            }
            withinLimits(caller);
            Object answer = work.apply(caller, event);
            event.success();
            return Response.ok(answer).header(JsonErrors.CACHE_CONTROL, JsonErrors.NO_STORE).build();
        } catch (ResourceError e) {
            session.getTransactionManager().setRollbackOnly();
            event.error(e.error());
            throw e;
        } catch (RuntimeException e) {
            session.getTransactionManager().setRollbackOnly();
            LOG.warnf("/wechat/%s failed: %s", action, e.getClass().getName());
            event.error(ResourceError.TEMPORARILY_UNAVAILABLE);
            throw unavailable();
        }
    }

    private void withinLimits(WeChatCaller caller) {
        AbuseLimits limits = caller.idp().getConfig().getAbuseLimits();
        RateLimiter limiter = new RateLimiter(session);
        String ip = session.getContext().getConnection().getRemoteAddr();
        refuseOver(limiter.acquire(CALLS_PER_USER_COUNTER, caller.user().getId(), limits.callsPerUser()));
        refuseOver(limiter.acquire(CALLS_PER_IP_COUNTER, ip, limits.callsPerIp()));
    }

    /** 429 when a limit says how long to wait. */
    private static void refuseOver(OptionalLong retryAfter) {
        if (retryAfter.isPresent()) {
            throw ResourceError.tooManyRequests(retryAfter.getAsLong());
        }
    }

    private static String required(Map<String, Object> body, String field) {
        Object value = body == null ? null : body.get(field);
        if (!(value instanceof String text) || text.isBlank()) {
            throw new ResourceError(Response.Status.BAD_REQUEST, ResourceError.INVALID_REQUEST, "Missing field: " + field);
        }
        return text;
    }

    private static EmailAddress emailAddress(Map<String, Object> body) {
        return EmailAddress.parse(required(body, "email")).orElseThrow(() -> new ResourceError(Response.Status.BAD_REQUEST,
                ResourceError.INVALID_REQUEST, "email must be an e-mail address"));
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

    /** The names of the open data's fields, sorted, without WeChat's {@code watermark}: what an {@code open_data} record keeps. */
    static String handedOver(JsonNode data) {
        List<String> names = new ArrayList<>();
        data.fieldNames().forEachRemaining(names::add);
        names.remove("watermark");
        Collections.sort(names);
        return String.join(" ", names);
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
