package dev.kcwechat.login;

import dev.kcwechat.wechatapi.WeChatException;
import dev.kcwechat.wechatapi.WeChatFailure;
import org.jboss.logging.Logger;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.KeycloakSession;

/**
 * Trades a code through its provider, once: the code is claimed in the replay guard first, and
 * released when WeChat was busy or did not answer properly, so that the client may retry it.
 */
final class CodeExchange {

    private static final Logger LOG = Logger.getLogger(CodeExchange.class);

    private final KeycloakSession session;
    private final EventBuilder event;
    private final LoginErrors errors;

    CodeExchange(KeycloakSession session, EventBuilder event, LoginErrors errors) {
        this.session = session;
        this.event = event;
        this.errors = errors;
    }

    WeChatLogin exchange(CodeLoginProvider idp, String code) {
        CodeReplayGuard replayGuard = new CodeReplayGuard(session);
        String issuer = idp.codeIssuer();
        if (!replayGuard.claim(issuer, code)) {
            throw errors.error(GrantError.invalidGrant(Errors.INVALID_CODE), "Code has already been used");
        }
        try {
            return idp.exchangeCode(code);
        } catch (WeChatException e) {
            WeChatFailure failure = e.failure();
            if (GrantError.codeMayBeRetried(failure)) {
                replayGuard.release(issuer, code);
            }
            warnAdmin(idp, e);
            throw errors.error(GrantError.of(failure), describe(e));
        } catch (MissingUnionidException e) {
            LOG.warn(e.getMessage());
            throw errors.error(GrantError.accessDenied(), "WeChat sent no unionid for this user, and this identity provider requires one");
        } catch (LoginRefusedException e) {
            e.eventDetails().forEach(event::detail);
            if (e.userId() != null) {
                event.user(e.userId());
            }
            throw errors.error(GrantError.accessDenied(), e.getMessage());
        }
    }

    /** What only the admin can fix (the AppSecret, an unknown errcode) is logged as a warning. */
    static void warnAdmin(CodeLoginProvider idp, WeChatException e) {
        if (e.failure() == WeChatFailure.BAD_CREDENTIALS || e.failure() == WeChatFailure.UNEXPECTED) {
            LOG.warnf("Identity provider '%s': %s", idp.model().getAlias(), e.getMessage());
        }
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
}
