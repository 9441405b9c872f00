package dev.kcwechat.login;

import dev.kcwechat.wechatapi.PhoneNumber;
import dev.kcwechat.wechatapi.WeChatException;
import java.util.Optional;
import org.keycloak.events.EventBuilder;

/**
 * The phone number behind a login's {@code phone_code}; per the provider's {@code phoneFailure}, a
 * failure fails the login or is recorded in the event (detail {@value #PHONE_ERROR_DETAIL}) and
 * the login goes on without it.
 */
final class PhoneStep {

    /** LOGIN event detail that says why a phone_code gave no phone number (provider setting phoneFailure=continue). */
    static final String PHONE_ERROR_DETAIL = "phone_error";

    private final EventBuilder event;
    private final LoginErrors errors;

    PhoneStep(EventBuilder event, LoginErrors errors) {
        this.event = event;
        this.errors = errors;
    }

    Optional<PhoneNumber> phoneNumber(CodeLoginProvider idp, String phoneCode) {
        try {
            return Optional.of(idp.phoneNumber(phoneCode));
        } catch (WeChatException e) {
            CodeExchange.warnAdmin(idp, e);
            String reason = describe(e);
            if (idp.phoneFailure() == PhoneFailure.CONTINUE) {
                event.detail(PHONE_ERROR_DETAIL, reason);
                return Optional.empty();
            }
            throw errors.error(GrantError.of(e.failure()), reason);
        }
    }

    private static String describe(WeChatException e) {
        return switch (e.failure()) {
            case INVALID_CODE, CODE_USED -> "phone_code is invalid, expired or used";
            case WRONG_APPID -> "phone_code belongs to another mini-program";
            case BUSY, UNAVAILABLE -> "WeChat did not give the phone number; try again";
            default -> "WeChat refused the phone number request (errcode " + e.errcode() + ")";
        };
    }
}
