package dev.kcwechat.login;

import dev.kcwechat.common.Causes;
import dev.kcwechat.limits.RateLimit;
import dev.kcwechat.limits.RateLimiter;
import dev.kcwechat.metrics.WeChatMetrics;
import dev.kcwechat.session.SessionKeyStore;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;
import org.keycloak.broker.provider.BrokeredIdentityContext;
import org.keycloak.events.Details;
import org.keycloak.events.EventType;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.IdentityProviderMapperModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.grants.OAuth2GrantTypeBase;
import org.keycloak.services.CorsErrorResponseException;
import org.keycloak.services.clientpolicy.ClientPolicyContext;
import org.keycloak.services.clientpolicy.ClientPolicyException;
import org.keycloak.services.clientpolicy.context.ServiceAccountTokenResponseContext;

/**
 * The mini-program code grant: {@code code} from {@code wx.login()} in, Keycloak's tokens out.
 * The token endpoint has authenticated the client before {@link #process} runs. This class only
 * orders the steps, each in its own class: the request ({@link LoginRequest}), the provider
 * ({@link WeChatProviderResolver}), the code ({@link CodeExchange}), the risk ({@link RiskGate}),
 * the phone number ({@link PhoneStep}), the user ({@link UserStep}), the session
 * ({@link SessionStart}); every refusal is a {@link LoginErrors} answer. It knows providers only
 * through {@link CodeLoginProvider}.
 */
final class MiniProgramCodeGrantType extends OAuth2GrantTypeBase {

    /** The abuse-limit counter of refused codes per client IP. */
    private static final String FAILED_CODES_COUNTER = "failed-codes";
    /** Logins WeChat failed (busy, down): per client IP, within the same number as refused codes. */
    private static final String UNAVAILABLE_COUNTER = "unavailable-codes";
    /** Addresses turned away from code logins after reaching either limit. */
    private static final String CODE_LOGINS = "code-logins";

    private static final Logger LOG = Logger.getLogger(MiniProgramCodeGrantType.class);

    private LoginErrors errors;
    /** For the metrics: the provider's alias once it is known, and whether the login makes a new user or link. */
    private String provider = WeChatMetrics.NO_PROVIDER;
    private boolean firstLogin;

    @Override
    public Response process(Context context) {
        setContext(context);
        errors = new LoginErrors(session, event, cors);
        String outcome = "server_error";
        try {
            Response answer = loginOrUnavailable();
            outcome = WeChatMetrics.SUCCESS;
            return answer;
        } catch (CorsErrorResponseException e) {
            outcome = WeChatMetrics.oauthError(e.getMessage());
            throw e;
        } catch (WebApplicationException e) {
            // a client policy's or a post-login flow's own answer (the guardian policy's, say)
            outcome = WeChatMetrics.oauthError(PostLoginAnswer.errorOf(e.getResponse()));
            throw e;
        } finally {
            WeChatMetrics.login(provider, outcome, firstLogin);
        }
    }

    private Response loginOrUnavailable() {
        try {
            return login(new LoginRequest(formParams, errors));
        } catch (RuntimeException e) {
            if (!DatabaseOutage.causedBy(e)) {
                throw e;
            }
            session.getTransactionManager().setRollbackOnly();
            LOG.warnf("A mini-program login failed: Keycloak's database cannot be reached (%s)", Causes.of(e));
            throw errors.error(GrantError.temporarilyUnavailable(), "Keycloak's database cannot be reached; try again shortly");
        }
    }

    private Response login(LoginRequest request) {
        RateLimiter limiter = new RateLimiter(session);
        // an address past a limit is turned away with one read, before its provider is looked up
        limiter.shutOutFor(CODE_LOGINS, clientIp()).ifPresent(seconds -> {
            throw errors.error(GrantError.tooManyRequests(), "Too many failed logins from this address; try again later", seconds);
        });
        CodeLoginProvider idp = resolveProvider(request.idpAlias());
        String alias = idp.model().getAlias();
        provider = alias;
        event.detail(Details.IDENTITY_PROVIDER, alias);
        String privacyVersion = PrivacyPolicy.accepted(idp, request, errors);
        RateLimit failedCodes = idp.abuseLimits().failedCodesPerIp();
        limiter.retryAfter(UNAVAILABLE_COUNTER, clientIp(), failedCodes).ifPresent(seconds -> {
            throw shutOut(limiter, seconds, "Too many failed logins from this address; try again later");
        });
        // the slot of a refused code is taken before WeChat judges it: a burst gets no more than the limit to WeChat
        RateLimiter.Claim refusedCode = limiter.claim(FAILED_CODES_COUNTER, clientIp(), failedCodes);
        if (!refusedCode.taken()) {
            throw shutOut(limiter, refusedCode.retryAfter(), "Too many refused codes from this address; try again later");
        }
        String code = request.code();
        String phoneCode = request.phoneCode();
        if (client.isConsentRequired()) {
            throw errors.error(GrantError.unauthorizedClient(), "Client requires user consent, which a mini-program login cannot ask for");
        }
        List<IdentityProviderMapperModel> mappers = session.identityProviders().getMappersByAliasStream(alias).toList();
        Optional<PhoneBinding> phoneBinding = idp.phoneBinding(mappers);
        if (phoneCode != null && phoneBinding.isEmpty()) {
            throw errors.error(GrantError.invalidRequest(), "phone_code needs a 'WeChat phone number' mapper on identity provider '"
                    + alias + "'");
        }
        String scope = getRequestedScopes();
        applyClientPolicies(ClientPolicyContexts.tokenRequest(client, formParams));
        SessionKeyStore sessionKeys = new SessionKeyStore(session, realm);
        if (!sessionKeys.canSeal()) {
            LOG.warnf("Realm '%s' has no active AES key to seal WeChat session keys with: mini-program logins fail until one is"
                    + " added (Realm settings, Keys, Providers, aes-generated)", realm.getName());
            throw errors.error(GrantError.temporarilyUnavailable(), "Keycloak cannot keep the WeChat session; tell the Keycloak administrator");
        }

        WeChatLogin login = exchange(idp, code, limiter, refusedCode, failedCodes);
        BrokeredIdentityContext identity = login.identity();
        event.detail(Details.IDENTITY_PROVIDER_USERNAME, identity.getId());
        if (privacyVersion != null) {
            identity.getContextData().put(LoginNotes.PRIVACY_VERSION, privacyVersion);
        }
        UserStep users = new UserStep(new BrokeredUserImporter(session, realm, event, mappers, phoneBinding), errors);
        UserModel linked = users.linked(identity);
        firstLogin = linked == null;
        boolean risky = new RiskGate(event, errors).risky(idp, identity, () -> users.isFirstLogin(identity, linked), clientIp());
        if (phoneCode != null) {
            new PhoneStep(event, errors).phoneNumber(idp, phoneCode)
                    .ifPresent(phone -> identity.getContextData().put(LoginNotes.PHONE, phone.e164()));
        }
        if (risky && identity.getContextData().get(LoginNotes.PHONE) == null) {
            throw errors.error(GrantError.accessDenied(), "WeChat rates this login risky: sign in again with the phone number (phone_code)");
        }
        return signIn(idp, users.imported(identity, linked), login, scope, sessionKeys, privacyVersion);
    }

    /**
     * Checks that the user may sign in, starts the session and returns the tokens. A failure here
     * comes after a first login committed its user or link: the request's rollback undoes it.
     */
    private Response signIn(CodeLoginProvider idp, BrokeredUserImporter.Imported imported, WeChatLogin login, String scope,
                            SessionKeyStore sessionKeys, String privacyVersion) {
        UserModel user = imported.user();
        event.user(user).detail(Details.USERNAME, user.getUsername());
        try {
            LoginRefusal.of(session, realm, user).ifPresent(refusal -> {
                throw errors.error(refusal.error(), refusal.description());
            });
            PrivacyPolicy.recordAcceptance(session, realm, client, user, privacyVersion);
            ClientSessionContext clientSessionCtx = new SessionStart(session, client, clientConnection, request, event, cors, errors)
                    .start(idp, user, login, scope, sessionKeys);
            UserSessionModel userSession = clientSessionCtx.getClientSession().getUserSession();
            ScopeGrants.recordIfChanged(session, realm, client, user, clientSessionCtx, privacyVersion,
                    imported.outcome() == BrokeredUserImporter.Outcome.CREATED);
            updateUserSessionFromClientAuth(userSession);
            return createTokenResponse(user, userSession, clientSessionCtx, scope, false,
                    builder -> new ServiceAccountTokenResponseContext(formParams, clientSessionCtx.getClientSession(), builder));
        } catch (RuntimeException e) {
            if (e instanceof WebApplicationException answer && PostLoginAnswer.keepsLogin(answer)) {
                throw e;
            }
            // the rollback undoes a user or link the first login committed
            session.getTransactionManager().setRollbackOnly();
            if (e instanceof WebApplicationException) {
                throw e;
            }
            LOG.warnf("The login of user %s failed after the user was found or created: %s", user.getId(), Causes.of(e));
            throw errors.error(GrantError.temporarilyUnavailable(), "The login could not be completed; try again");
        }
    }

    /** The 429 of an address past a limit, which turns it away from every code login until the window ends. */
    private GrantErrorResponse shutOut(RateLimiter limiter, long seconds, String description) {
        limiter.shutOut(CODE_LOGINS, clientIp(), seconds);
        return errors.error(GrantError.tooManyRequests(), description, seconds);
    }

    private CodeLoginProvider resolveProvider(String alias) {
        try {
            return new WeChatProviderResolver(session).resolve(client, alias);
        } catch (WeChatProviderResolver.ResolutionException e) {
            throw errors.error(e.grantError(), e.getMessage());
        }
    }

    /** Lets the realm's client policies judge the request, as Keycloak's own grants do; a refusal is their error. */
    private void applyClientPolicies(ClientPolicyContext context) {
        try {
            session.clientPolicy().triggerOnEvent(context);
        } catch (ClientPolicyException e) {
            event.detail(Details.CLIENT_POLICY_ERROR, e.getError());
            event.detail(Details.CLIENT_POLICY_ERROR_DETAIL, e.getErrorDetail());
            throw errors.error(new GrantError(e.getError(), e.getErrorStatus(), e.getError()), e.getErrorDetail());
        } catch (RuntimeException e) {
            LOG.warnf("A client-policy executor failed on a mini-program login: %s", Causes.of(e));
            throw errors.error(GrantError.temporarilyUnavailable(), "The client policies could not be evaluated; try again");
        }
    }

    /**
     * Trades the code at WeChat. A code WeChat accepts gives its claimed slot back; a refused one
     * keeps it; WeChat failing (503) gives it back and counts against a limit of its own, so that
     * a flood during an outage is limited too.
     */
    private WeChatLogin exchange(CodeLoginProvider idp, String code, RateLimiter limiter, RateLimiter.Claim refusedCode,
                                 RateLimit failedCodes) {
        WeChatLogin login;
        try {
            login = new CodeExchange(session, event, errors).exchange(idp, code);
        } catch (GrantErrorResponse e) {
            if (e.grantError().status() != Response.Status.BAD_REQUEST) {
                limiter.release(refusedCode);
                limiter.count(UNAVAILABLE_COUNTER, clientIp(), failedCodes);
            }
            throw e;
        }
        limiter.release(refusedCode);
        return login;
    }

    private String clientIp() {
        return clientConnection.getRemoteAddr();
    }

    @Override
    public EventType getEventType() {
        return EventType.LOGIN;
    }

    @Override
    public Set<String> getTokenParameterNames() {
        return Set.of();
    }
}
