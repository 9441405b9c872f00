package dev.kcwechat.wecom.callback;

import dev.kcwechat.common.JsonErrors;
import dev.kcwechat.wechatapi.AppSecrets;
import dev.kcwechat.wechatapi.WeChatException;
import dev.kcwechat.wecom.WeComMiniProgramConfig;
import dev.kcwechat.wecom.WeComUsers;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.function.Function;
import org.jboss.logging.Logger;
import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * {@code /realms/{realm}/wechat/wecom/{alias}/callback}: WeCom's contact-change callbacks
 * (通讯录回调) for a WeCom provider with a callback Token and EncodingAESKey. {@code GET} is WeCom's
 * URL verification, {@code POST} an event; both pass the {@link CallbackGuard} or are refused
 * with nothing changed. Each callback is an {@code IDENTITY_PROVIDER_RESPONSE} event, each refusal
 * an {@code IDENTITY_PROVIDER_RESPONSE_ERROR} event (store them: Realm settings, Events, User events
 * settings).
 */
public final class WeComCallbackResource {

    private static final Logger LOG = Logger.getLogger(WeComCallbackResource.class);
    private static final String SUCCESS = "success";

    private final KeycloakSession session;
    private final RealmModel realm;
    private final String alias;
    private final EventBuilder event;

    public WeComCallbackResource(KeycloakSession session, String alias) {
        this.session = session;
        this.realm = session.getContext().getRealm();
        this.alias = alias;
        this.event = new EventBuilder(realm, session, session.getContext().getConnection())
                .event(EventType.IDENTITY_PROVIDER_RESPONSE).detail(Details.IDENTITY_PROVIDER, alias);
    }

    /** WeCom's URL verification: the decrypted {@code echostr}, as plain text. */
    @GET
    @Produces(MediaType.TEXT_PLAIN)
    public Response verifyUrl(@QueryParam("msg_signature") String signature, @QueryParam("timestamp") String timestamp,
                              @QueryParam("nonce") String nonce, @QueryParam("echostr") String echo) {
        return answer(callback -> {
            CallbackGuard.Opened opened = callback.guard().open(signature, timestamp, nonce, echo);
            event.detail(ContactChanges.CHANGE_DETAIL, "verify_url").success();
            return Response.ok(opened.message(), MediaType.TEXT_PLAIN_TYPE).build();
        });
    }

    /** A contact change: offboards a member who left or was disabled; {@code success} once handled. */
    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.TEXT_PLAIN)
    public Response receive(@QueryParam("msg_signature") String signature, @QueryParam("timestamp") String timestamp,
                            @QueryParam("nonce") String nonce, String body) {
        return answer(callback -> {
            String encrypted = envelope(body).encrypt();
            CallbackGuard.Opened opened = callback.guard().open(signature, timestamp, nonce, encrypted);
            try {
                ContactChanges.Outcome outcome = new ContactChanges(session, realm, callback.corpId()).apply(contactChange(opened));
                outcome.details().forEach(event::detail);
                if (outcome.user() != null) {
                    event.user(outcome.user());
                }
                event.success();
                return Response.ok(SUCCESS, MediaType.TEXT_PLAIN_TYPE).build();
            } catch (RuntimeException e) {
                callback.guard().release(opened);
                throw e;
            }
        });
    }

    /** The provider's callback, checked and set up; refused when the alias has none. */
    private record Callback(String corpId, CallbackGuard guard) {
    }

    private Response answer(Function<Callback, Response> handling) {
        try {
            return handling.apply(callback());
        } catch (CallbackRefused e) {
            if (e.status() != Response.Status.NOT_FOUND) {
                // no event for an alias without a callback: anyone could write those
                event.detail(Details.REASON, e.getMessage()).error(e.error());
            }
            return JsonErrors.answer(e.status(), e.error(), e.getMessage()).build();
        }
    }

    private Callback callback() {
        IdentityProviderModel model = session.identityProviders().getByAlias(alias);
        if (model == null || !WeComUsers.PROVIDER_IDS.contains(model.getProviderId()) || !model.isEnabled()) {
            throw new CallbackRefused(Response.Status.NOT_FOUND, CallbackRefused.NOT_CONFIGURED, "No WeCom provider '" + alias + "'");
        }
        WeComMiniProgramConfig config = new WeComMiniProgramConfig(model);
        if (!config.hasCallback()) {
            throw new CallbackRefused(Response.Status.NOT_FOUND, CallbackRefused.NOT_CONFIGURED,
                    "WeCom provider '" + alias + "' has no callback Token and EncodingAESKey");
        }
        WeComCallbackCrypto crypto;
        try {
            crypto = new WeComCallbackCrypto(AppSecrets.resolve(session, alias, config.getCallbackTokenReference()),
                    AppSecrets.resolve(session, alias, config.getCallbackAesKeyReference()), config.getCorpId());
        } catch (WeChatException | IllegalArgumentException e) {
            LOG.warnf("WeCom provider '%s': its callback cannot be checked: %s", alias, e.getMessage());
            throw new CallbackRefused(Response.Status.SERVICE_UNAVAILABLE, CallbackRefused.UNAVAILABLE,
                    "The callback's Token or EncodingAESKey cannot be read; tell the Keycloak administrator");
        }
        return new Callback(config.getCorpId(), new CallbackGuard(crypto, session.singleUseObjects(), realm.getId() + ':' + alias));
    }

    private static CallbackXml.Envelope envelope(String body) {
        try {
            return CallbackXml.envelope(body);
        } catch (WeComCallbackException e) {
            throw new CallbackRefused(Response.Status.BAD_REQUEST, CallbackRefused.INVALID_MESSAGE, "the body is not WeCom's XML");
        }
    }

    private static CallbackXml.ContactChange contactChange(CallbackGuard.Opened opened) {
        try {
            return CallbackXml.contactChange(opened.message());
        } catch (WeComCallbackException e) {
            throw new CallbackRefused(Response.Status.BAD_REQUEST, CallbackRefused.INVALID_MESSAGE, "the message is not WeCom's XML");
        }
    }
}
