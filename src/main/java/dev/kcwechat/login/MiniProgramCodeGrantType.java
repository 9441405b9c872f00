package dev.kcwechat.login;

import dev.kcwechat.wechatapi.WeChatException;
import dev.kcwechat.limits.RateLimit;
import dev.kcwechat.limits.RateLimiter;
import dev.kcwechat.session.SessionKeyStore;
import dev.kcwechat.wechatapi.PhoneNumber;
import dev.kcwechat.wechatapi.WeChatFailure;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;
import org.keycloak.OAuth2Constants;
import org.keycloak.broker.provider.BrokeredIdentityContext;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.events.EventType;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.IdentityProviderMapperModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.protocol.oidc.TokenManager;
import org.keycloak.protocol.oidc.grants.OAuth2GrantTypeBase;
import org.keycloak.services.Urls;
import org.keycloak.services.clientpolicy.ClientPolicyException;
import org.keycloak.services.clientpolicy.context.ServiceAccountTokenResponseContext;
import org.keycloak.services.managers.AuthenticationSessionManager;
import org.keycloak.services.managers.UserSessionManager;
import org.keycloak.sessions.AuthenticationSessionModel;
import org.keycloak.sessions.RootAuthenticationSessionModel;

/**
 * The mini-program code grant: {@code code} from {@code wx.login()} in, Keycloak's tokens out.
 * The token endpoint has authenticated the client before {@link #process} runs.
 */
final class MiniProgramCodeGrantType extends OAuth2GrantTypeBase {
    /** The post-login flow's error that keeps the first login: a guardian must consent first. */
    static final String CONSENT_REQUIRED = "consent_required";

    static final String CODE_PARAM = "code";
    static final String PHONE_CODE_PARAM = "phone_code";
    static final String IDP_PARAM = "idp";
    /** LOGIN event detail that says why a phone_code gave no phone number (provider setting phoneFailure=continue). */
    static final String PHONE_ERROR_DETAIL = "phone_error";
    /** LOGIN event detail: WeChat's risk rank of the user (provider setting riskCheck). */
    static final String RISK_RANK_DETAIL = "risk_rank";
    /** LOGIN event detail: why WeChat gave no risk rank. */
    static final String RISK_ERROR_DETAIL = "risk_error";
    /** The abuse-limit counter of refused codes per client IP. */
    private static final String FAILED_CODES_COUNTER = "failed-codes";
    /** wx.login() codes are short URL-safe strings; anything else is refused before WeChat is asked. */
    private static final Pattern CODE_FORMAT = Pattern.compile("[\\x21-\\x7e]{1,128}");

    private static final Logger LOG = Logger.getLogger(MiniProgramCodeGrantType.class);

    @Override
    public Response process(Context context) {
        setContext(context);
        try {
            return login();
        } catch (RuntimeException e) {
            if (!DatabaseOutage.causedBy(e)) {
                throw e;
            }
            session.getTransactionManager().setRollbackOnly();
            LOG.warnf("A mini-program login failed: Keycloak's database cannot be reached (%s)", BrokeredUserImporter.cause(e));
            throw error(GrantError.temporarilyUnavailable(), "Keycloak's database cannot be reached; try again shortly");
        }
    }

    private Response login() {
        CodeLoginProvider idp = resolveProvider();
        String alias = idp.model().getAlias();
        event.detail(Details.IDENTITY_PROVIDER, alias);
        RateLimit failedCodes = idp.abuseLimits().failedCodesPerIp();
        RateLimiter limiter = new RateLimiter(session);
        limiter.retryAfter(FAILED_CODES_COUNTER, clientIp(), failedCodes).ifPresent(seconds -> {
            throw error(GrantError.tooManyRequests(), "Too many refused codes from this address; try again later", seconds);
        });
        String code = countedIfRefused(limiter, failedCodes, () -> requiredParameter(CODE_PARAM));
        String phoneCode = optionalParameter(PHONE_CODE_PARAM);
        if (client.isConsentRequired()) {
            throw error(GrantError.unauthorizedClient(), "Client requires user consent, which a mini-program login cannot ask for");
        }
        List<IdentityProviderMapperModel> mappers = session.identityProviders().getMappersByAliasStream(alias).toList();
        Optional<PhoneBinding> phoneBinding = idp.phoneBinding(mappers);
        if (phoneCode != null && phoneBinding.isEmpty()) {
            throw error(GrantError.invalidRequest(), "phone_code needs a 'WeChat phone number' mapper on identity provider '"
                    + alias + "'");
        }
        String scope = getRequestedScopes();
        applyClientPolicies(new MiniProgramTokenRequestContext(client, formParams.getFirst(OAuth2Constants.SCOPE)));
        SessionKeyStore sessionKeys = new SessionKeyStore(session, realm);
        if (!sessionKeys.canSeal()) {
            LOG.warnf("Realm '%s' has no active AES key to seal WeChat session keys with: mini-program logins fail until one is"
                    + " added (Realm settings, Keys, Providers, aes-generated)", realm.getName());
            throw error(GrantError.temporarilyUnavailable(), "Keycloak cannot keep the WeChat session; tell the Keycloak administrator");
        }

        WeChatLogin login = countedIfRefused(limiter, failedCodes, () -> exchange(idp, code));
        BrokeredIdentityContext identity = login.identity();
        event.detail(Details.IDENTITY_PROVIDER_USERNAME, identity.getId());
        BrokeredUserImporter importer = new BrokeredUserImporter(session, realm, event, mappers, phoneBinding);
        UserModel linked = prepare(importer, identity);
        boolean risky = riskCheck(idp, identity, () -> linked == null && !importer.hasOpenidLink(identity));
        if (phoneCode != null) {
            phoneNumber(idp, phoneCode).ifPresent(phone ->
                    identity.getContextData().put(LoginNotes.PHONE, phone.e164()));
        }
        if (risky && identity.getContextData().get(LoginNotes.PHONE) == null) {
            throw error(GrantError.accessDenied(), "WeChat rates this login risky: sign in again with the phone number (phone_code)");
        }

        return signIn(idp, importUser(importer, identity, linked), login, scope, sessionKeys);
    }

    /**
     * Checks that the user may sign in, starts the session and returns the tokens. A failure here
     * comes after a first login committed its user or link: the request's rollback undoes it.
     */
    private Response signIn(CodeLoginProvider idp, BrokeredUserImporter.Imported imported, WeChatLogin login, String scope,
                            SessionKeyStore sessionKeys) {
        UserModel user = imported.user();
        event.user(user).detail(Details.USERNAME, user.getUsername());
        try {
            LoginRefusal.of(session, realm, user).ifPresent(refusal -> {
                throw error(refusal.error(), refusal.description());
            });
            ClientSessionContext clientSessionCtx = startSession(idp, user, login, scope, sessionKeys);
            UserSessionModel userSession = clientSessionCtx.getClientSession().getUserSession();
            TokenManager.AccessTokenResponseBuilder responseBuilder = createTokenResponseBuilder(user, userSession, clientSessionCtx,
                    scope, builder -> new ServiceAccountTokenResponseContext(formParams, clientSessionCtx.getClientSession(), builder));
            return createTokenResponse(responseBuilder, clientSessionCtx, false);
        } catch (RuntimeException e) {
            if (e instanceof PostLoginAnswer answer && answer.keepsLogin) {
                throw e;
            }
            // the rollback undoes a user or link the first login committed
            session.getTransactionManager().setRollbackOnly();
            if (e instanceof WebApplicationException) {
                throw e;
            }
            LOG.warnf("The login of user %s failed after the user was found or created: %s", user.getId(),
                    BrokeredUserImporter.cause(e));
            throw error(GrantError.temporarilyUnavailable(), "The login could not be completed; try again");
        }
    }

    /** Lets the realm's client policies judge the request, as Keycloak's own grants do; a refusal is their error. */
    private void applyClientPolicies(MiniProgramTokenRequestContext context) {
        try {
            session.clientPolicy().triggerOnEvent(context);
        } catch (ClientPolicyException e) {
            event.detail(Details.CLIENT_POLICY_ERROR, e.getError());
            event.detail(Details.CLIENT_POLICY_ERROR_DETAIL, e.getErrorDetail());
            throw error(new GrantError(e.getError(), e.getErrorStatus(), e.getError()), e.getErrorDetail());
        } catch (RuntimeException e) {
            LOG.warnf("A client-policy executor failed on a mini-program login: %s", BrokeredUserImporter.cause(e));
            throw error(GrantError.temporarilyUnavailable(), "The client policies could not be evaluated; try again");
        }
    }

    /** Runs a step whose refusal of the code counts against the client IP's limit of refused codes. */
    private <T> T countedIfRefused(RateLimiter limiter, RateLimit failedCodes, Supplier<T> step) {
        try {
            return step.get();
        } catch (GrantErrorResponse e) {
            if (e.grantError().status() == Response.Status.BAD_REQUEST) {
                limiter.count(FAILED_CODES_COUNTER, clientIp(), failedCodes);
            }
            throw e;
        }
    }

    /**
     * WeChat's risk rank, when the provider's {@code riskCheck} asks for it: a risky login is refused
     * ({@code riskAction=deny}) or needs a phone number proven in the same request ({@code phone}).
     * A first login is one of a WeChat user no Keycloak user is linked to yet (by unionid or openid).
     *
     * @return whether the login is risky and may go on only with a proven phone number
     */
    private boolean riskCheck(CodeLoginProvider idp, BrokeredIdentityContext identity, BooleanSupplier isFirstLogin) {
        RiskPolicy policy = idp.riskPolicy();
        if (policy.check() == RiskPolicy.Check.OFF) {
            return false;
        }
        boolean firstLogin = isFirstLogin.getAsBoolean();
        if (!policy.applies(firstLogin)) {
            return false;
        }
        String openid = (String) identity.getContextData().get(LoginNotes.OPENID);
        int rank;
        try {
            rank = idp.riskRank(openid, RiskPolicy.scene(firstLogin), clientIp());
        } catch (WeChatException e) {
            String reason = "WeChat gave no risk rank (" + (e.errcode() == WeChatException.NO_ERRCODE ? e.failure().name()
                    : "errcode " + e.errcode()) + ")";
            event.detail(RISK_ERROR_DETAIL, reason);
            if (policy.failure() == RiskPolicy.Failure.DENY) {
                throw error(GrantError.accessDenied(), reason + " and this identity provider refuses logins without one");
            }
            return false;
        }
        event.detail(RISK_RANK_DETAIL, Integer.toString(rank));
        if (!policy.isRisky(rank)) {
            return false;
        }
        if (policy.action() == RiskPolicy.Action.DENY) {
            throw error(GrantError.accessDenied(), "WeChat rates this login risky");
        }
        return true;
    }

    private String clientIp() {
        return clientConnection.getRemoteAddr();
    }

    /**
     * A persistent user session for the client, as Keycloak's own grants create one, noting the
     * identity provider and the openid, with the session_key sealed in it; first the identity
     * provider's post-login flow, if it has one.
     */
    private ClientSessionContext startSession(CodeLoginProvider idp, UserModel user, WeChatLogin login, String scope,
                                              SessionKeyStore sessionKeys) {
        BrokeredIdentityContext identity = login.identity();
        String alias = idp.model().getAlias();
        RootAuthenticationSessionModel rootAuthSession = new AuthenticationSessionManager(session)
                .createAuthenticationSession(realm, false);
        AuthenticationSessionModel authSession = rootAuthSession.createAuthenticationSession(client);
        authSession.setAuthenticatedUser(user);
        authSession.setProtocol(OIDCLoginProtocol.LOGIN_PROTOCOL);
        authSession.setClientNote(OIDCLoginProtocol.ISSUER, Urls.realmIssuer(session.getContext().getUri().getBaseUri(), realm.getName()));
        authSession.setClientNote(OIDCLoginProtocol.SCOPE_PARAM, scope);
        authSession.setUserSessionNote(Details.IDENTITY_PROVIDER, alias);
        authSession.setUserSessionNote(Details.IDENTITY_PROVIDER_USERNAME, identity.getUsername());
        idp.sessionNotes(identity).forEach(authSession::setUserSessionNote);
        String postLoginFlow = identity.getIdpConfig().getPostBrokerLoginFlowId();
        if (postLoginFlow != null) {
            PostLoginFlow.Refusal refusal = new PostLoginFlow(session, realm, clientConnection, event, request)
                    .run(postLoginFlow, authSession, identity);
            if (refusal != null) {
                new AuthenticationSessionManager(session).removeAuthenticationSession(realm, authSession, false);
                throw refusal.answer() != null ? answered(refusal.answer()) : error(refusal.error(), refusal.description());
            }
        }

        UserSessionModel userSession = new UserSessionManager(session).createUserSession(rootAuthSession.getId(), realm, user,
                user.getUsername(), clientConnection.getRemoteHost(), OIDCLoginProtocol.LOGIN_PROTOCOL, false, null,
                alias + "." + identity.getId(), UserSessionModel.SessionPersistenceState.PERSISTENT);
        event.session(userSession);
        identity.addSessionNotesToUserSession(userSession);
        sessionKeys.store(userSession, login.sessionKey());
        ClientSessionContext clientSessionCtx = TokenManager.attachAuthenticationSession(session, userSession, authSession);
        updateUserSessionFromClientAuth(userSession);
        return clientSessionCtx;
    }

    private String requiredParameter(String name) {
        String value = optionalParameter(name);
        if (value == null) {
            throw error(GrantError.invalidRequest(), "Missing parameter: " + name);
        }
        return value;
    }

    private String optionalParameter(String name) {
        String value = formParams.getFirst(name);
        return value == null || value.isBlank() ? null : wellFormed(name, value.trim());
    }

    private String wellFormed(String name, String code) {
        if (!CODE_FORMAT.matcher(code).matches()) {
            throw error(GrantError.invalidRequest(), "Parameter " + name + " is not a code from WeChat");
        }
        return code;
    }

    private CodeLoginProvider resolveProvider() {
        String alias = formParams.getFirst(IDP_PARAM);
        try {
            return new WeChatProviderResolver(session).resolve(client, alias == null || alias.isBlank() ? null : alias.trim());
        } catch (WeChatProviderResolver.ResolutionException e) {
            throw error(e.grantError(), e.getMessage());
        }
    }

    private WeChatLogin exchange(CodeLoginProvider idp, String code) {
        CodeReplayGuard replayGuard = new CodeReplayGuard(session);
        String appId = idp.codeIssuer();
        if (!replayGuard.claim(appId, code)) {
            throw error(GrantError.invalidGrant(Errors.INVALID_CODE), "Code has already been used");
        }
        try {
            return idp.exchangeCode(code);
        } catch (WeChatException e) {
            WeChatFailure failure = e.failure();
            if (GrantError.codeMayBeRetried(failure)) {
                replayGuard.release(appId, code);
            }
            if (failure == WeChatFailure.BAD_CREDENTIALS || failure == WeChatFailure.UNEXPECTED) {
                LOG.warnf("Identity provider '%s': %s", idp.model().getAlias(), e.getMessage());
            }
            throw error(GrantError.of(failure), describe(e));
        } catch (MissingUnionidException e) {
            LOG.warn(e.getMessage());
            throw error(GrantError.accessDenied(), "WeChat sent no unionid for this user, and this identity provider requires one");
        } catch (LoginRefusedException e) {
            e.eventDetails().forEach(event::detail);
            if (e.userId() != null) {
                event.user(e.userId());
            }
            throw error(GrantError.accessDenied(), e.getMessage());
        }
    }

    /**
     * The phone number behind phone_code; per the provider's {@code phoneFailure}, a failure fails
     * the login or is recorded in the event (detail {@value #PHONE_ERROR_DETAIL}) and the login goes on.
     */
    private Optional<PhoneNumber> phoneNumber(CodeLoginProvider idp, String phoneCode) {
        try {
            return Optional.of(idp.phoneNumber(phoneCode));
        } catch (WeChatException e) {
            if (e.failure() == WeChatFailure.BAD_CREDENTIALS || e.failure() == WeChatFailure.UNEXPECTED) {
                LOG.warnf("Identity provider '%s': %s", idp.model().getAlias(), e.getMessage());
            }
            String reason = describePhone(e);
            if (idp.phoneFailure() == PhoneFailure.CONTINUE) {
                event.detail(PHONE_ERROR_DETAIL, reason);
                return Optional.empty();
            }
            throw error(GrantError.of(e.failure()), reason);
        }
    }

    private static String describePhone(WeChatException e) {
        return switch (e.failure()) {
            case INVALID_CODE, CODE_USED -> "phone_code is invalid, expired or used";
            case WRONG_APPID -> "phone_code belongs to another mini-program";
            case BUSY, UNAVAILABLE -> "WeChat did not give the phone number; try again";
            default -> "WeChat refused the phone number request (errcode " + e.errcode() + ")";
        };
    }

    private static String describe(WeChatException e) {
        return switch (e.failure()) {
            case INVALID_CODE -> "Code is invalid or expired";
            case CODE_USED -> "Code has already been used";
            case HIGH_RISK_USER -> "WeChat refused the login: high-risk user";
            case BUSY -> "WeChat is busy; try again";
            case UNAVAILABLE -> "WeChat did not answer properly; try again";
            case BAD_CREDENTIALS -> "WeChat refused this identity provider's AppID or AppSecret; tell the Keycloak administrator";
            case NOT_A_VISIBLE_MEMBER -> "WeCom does not show this member to the app (unknown, or outside the app's visible range)";
            case ACCESS_TOKEN_INVALID, INVALID_SIGNATURE, WRONG_APPID, UNEXPECTED ->
                    "WeChat answered with an unexpected error (errcode " + e.errcode() + ")";
        };
    }

    private UserModel prepare(BrokeredUserImporter importer, BrokeredIdentityContext identity) {
        try {
            return importer.prepare(identity);
        } catch (RuntimeException e) {
            LOG.warnf("Could not look up the user of WeChat identity %s: %s", identity.getId(), BrokeredUserImporter.cause(e));
            throw error(GrantError.temporarilyUnavailable(), "The user could not be looked up; try again");
        }
    }

    private BrokeredUserImporter.Imported importUser(BrokeredUserImporter importer, BrokeredIdentityContext identity,
                                                     UserModel linked) {
        try {
            return importer.importUser(identity, linked);
        } catch (PhoneConflictException e) {
            throw error(GrantError.accessDenied(), e.getMessage());
        } catch (LoginRefusal.Refused e) {
            throw error(e.refusal().error(), e.refusal().description());
        } catch (RuntimeException e) {
            LOG.warnf("Could not import the user of WeChat identity %s: %s", identity.getId(), BrokeredUserImporter.cause(e));
            throw error(GrantError.temporarilyUnavailable(), "The user could not be created; try again");
        }
    }

    /**
     * A post-login flow's own JSON error, passed on as it is and recorded as the event's error. The
     * login is undone, except for {@code consent_required}: a pending state, not a failure, whose
     * consent request refers to the user, so the user (and its link) stay.
     */
    private PostLoginAnswer answered(Response answer) {
        String error = answer.getEntity() instanceof Map<?, ?> body && body.get("error") instanceof String text ? text : Errors.ACCESS_DENIED;
        boolean keepsLogin = CONSENT_REQUIRED.equals(error);
        if (!keepsLogin) {
            session.getTransactionManager().setRollbackOnly();
        }
        event.error(error);
        return new PostLoginAnswer(cors.add(Response.fromResponse(answer)), keepsLogin);
    }

    /** A post-login flow's own answer; {@code keepsLogin}: the request commits what the first login wrote. */
    private static final class PostLoginAnswer extends WebApplicationException {
        private final boolean keepsLogin;

        PostLoginAnswer(Response response, boolean keepsLogin) {
            super(response);
            this.keepsLogin = keepsLogin;
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }

    /** Records the error event (stored in a transaction of its own) and undoes what this request wrote. */
    private GrantErrorResponse error(GrantError grantError, String description) {
        return error(grantError, description, null);
    }

    private GrantErrorResponse error(GrantError grantError, String description, Long retryAfterSeconds) {
        session.getTransactionManager().setRollbackOnly();
        event.detail(Details.REASON, description);
        try {
            event.error(grantError.eventError());
        } catch (RuntimeException e) {
            // the event store is in the database: with the database out of reach, the event is only logged
            if (!DatabaseOutage.causedBy(e)) {
                throw e;
            }
            LOG.debugf("The %s event was not stored: Keycloak's database cannot be reached", grantError.eventError());
        }
        return new GrantErrorResponse(cors, grantError, description, retryAfterSeconds);
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
