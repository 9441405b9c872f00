package dev.kcwechat.login;

import dev.kcwechat.limits.AbuseLimits;
import dev.kcwechat.wechatapi.PhoneNumber;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.keycloak.broker.provider.BrokeredIdentityContext;
import org.keycloak.models.IdentityProviderMapperModel;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * An identity provider whose users sign in with a code their app got from WeChat or WeCom,
 * traded at Keycloak's token endpoint by the mini-program grant: the WeChat mini-program and the
 * WeCom mini-program. The grant depends on this, not on either provider.
 */
public interface CodeLoginProvider {

    /** The provider's model: alias, enabled, post-login flow. */
    IdentityProviderModel model();

    /** Whose codes these are (an AppID, a corp's app): replay markers are kept per issuer. */
    String codeIssuer();

    boolean isClientAllowed(String clientId);

    AbuseLimits abuseLimits();

    /** The risk check; off for providers WeChat gives no risk rank for. */
    RiskPolicy riskPolicy();

    /** What a failed phone number does to the login. */
    PhoneFailure phoneFailure();

    /**
     * Trades the code for the brokered identity and its session_key.
     *
     * @throws dev.kcwechat.wechatapi.WeChatException when WeChat or WeCom refuses the code or cannot be reached
     * @throws MissingUnionidException when the identity must be keyed by a unionid WeChat did not send
     */
    WeChatLogin exchangeCode(String code);

    /** WeChat's risk rank (0–4) of the user with this openid; only called when {@link #riskPolicy()} is on. */
    int riskRank(String openid, int scene, String clientIp);

    /**
     * How this login puts a verified phone number on the user: the binding of the provider's phone
     * mapper among its mappers; empty when the provider has none (then a phone code is refused).
     */
    Optional<PhoneBinding> phoneBinding(List<IdentityProviderMapperModel> mappers);

    /** The phone number behind a getPhoneNumber button's code; only called where a phone mapper is configured. */
    PhoneNumber phoneNumber(String phoneCode);

    /**
     * The user another provider of the same family (WeChat's, WeCom's) linked to the same person,
     * for a first login through this provider; null if none. Found through links, never attributes.
     */
    UserModel samePersonElsewhere(KeycloakSession session, RealmModel realm, BrokeredIdentityContext identity);

    /** User session notes of a login: the ids the code proved. */
    Map<String, String> sessionNotes(BrokeredIdentityContext identity);
}
