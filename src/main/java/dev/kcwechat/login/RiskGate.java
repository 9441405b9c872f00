package dev.kcwechat.login;

import dev.kcwechat.wechatapi.WeChatException;
import java.util.function.BooleanSupplier;
import org.keycloak.broker.provider.BrokeredIdentityContext;
import org.keycloak.events.EventBuilder;

/**
 * WeChat's risk rank, when the provider's {@code riskCheck} asks for it: a risky login is refused
 * ({@code riskAction=deny}) or needs a phone number proven in the same request ({@code phone}).
 * A first login is one of a WeChat user no Keycloak user is linked to yet (by unionid or openid).
 */
final class RiskGate {

    /** LOGIN event detail: WeChat's risk rank of the user (provider setting riskCheck). */
    static final String RISK_RANK_DETAIL = "risk_rank";
    /** LOGIN event detail: why WeChat gave no risk rank. */
    static final String RISK_ERROR_DETAIL = "risk_error";

    private final EventBuilder event;
    private final LoginErrors errors;

    RiskGate(EventBuilder event, LoginErrors errors) {
        this.event = event;
        this.errors = errors;
    }

    /** @return whether the login is risky and may go on only with a proven phone number */
    boolean risky(CodeLoginProvider idp, BrokeredIdentityContext identity, BooleanSupplier isFirstLogin, String clientIp) {
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
            rank = idp.riskRank(openid, RiskPolicy.scene(firstLogin), clientIp);
        } catch (WeChatException e) {
            String reason = "WeChat gave no risk rank (" + (e.errcode() == WeChatException.NO_ERRCODE ? e.failure().name()
                    : "errcode " + e.errcode()) + ")";
            event.detail(RISK_ERROR_DETAIL, reason);
            if (policy.failure() == RiskPolicy.Failure.DENY) {
                throw errors.error(GrantError.accessDenied(), reason + " and this identity provider refuses logins without one");
            }
            return false;
        }
        event.detail(RISK_RANK_DETAIL, Integer.toString(rank));
        if (!policy.isRisky(rank)) {
            return false;
        }
        if (policy.action() == RiskPolicy.Action.DENY) {
            throw errors.error(GrantError.accessDenied(), "WeChat rates this login risky");
        }
        return true;
    }
}
