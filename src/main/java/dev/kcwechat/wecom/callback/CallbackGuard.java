package dev.kcwechat.wecom.callback;

import jakarta.ws.rs.core.Response;
import org.keycloak.common.util.Time;
import org.keycloak.models.SingleUseObjectProvider;

/**
 * Lets through only what WeCom itself sent, once: a timestamp within {@value #MAX_AGE_SECONDS} s of
 * Keycloak's clock, the SHA-1 signature over token, timestamp, nonce and ciphertext, a nonce not
 * seen before (kept in Keycloak's clustered single-use store, so a replay to another node is
 * caught too), and a ciphertext that decrypts, with the EncodingAESKey, to a message for this corp.
 */
final class CallbackGuard {

    static final long MAX_AGE_SECONDS = 300;
    private static final String NONCE_PREFIX = "kcwechat:wecom-callback:";

    private final WeComCallbackCrypto crypto;
    private final SingleUseObjectProvider store;
    private final String scope;

    /** @param scope what the nonces are kept per: the realm and the provider */
    CallbackGuard(WeComCallbackCrypto crypto, SingleUseObjectProvider store, String scope) {
        this.crypto = crypto;
        this.store = store;
        this.scope = scope;
    }

    /** A message checked and decrypted, and the nonce it used up (given back if it could not be handled). */
    record Opened(String message, String nonceKey) {
    }

    Opened open(String signature, String timestamp, String nonce, String encrypted) {
        if (signature == null || timestamp == null || nonce == null || encrypted == null || nonce.length() > 64) {
            throw new CallbackRefused(Response.Status.BAD_REQUEST, CallbackRefused.INVALID_REQUEST,
                    "msg_signature, timestamp, nonce and the message are required");
        }
        long sentAt;
        try {
            sentAt = Long.parseLong(timestamp);
        } catch (NumberFormatException e) {
            throw new CallbackRefused(Response.Status.BAD_REQUEST, CallbackRefused.INVALID_REQUEST, "timestamp is not a number");
        }
        if (Math.abs(Time.currentTime() - sentAt) > MAX_AGE_SECONDS) {
            throw new CallbackRefused(Response.Status.FORBIDDEN, CallbackRefused.STALE_TIMESTAMP,
                    "timestamp is more than " + MAX_AGE_SECONDS + " s away from Keycloak's clock");
        }
        if (!crypto.verify(signature, timestamp, nonce, encrypted)) {
            throw new CallbackRefused(Response.Status.FORBIDDEN, CallbackRefused.INVALID_SIGNATURE, "msg_signature does not match");
        }
        String nonceKey = NONCE_PREFIX + scope + ':' + timestamp + ':' + nonce;
        if (!store.putIfAbsent(nonceKey, 2 * MAX_AGE_SECONDS + 1)) {
            throw new CallbackRefused(Response.Status.FORBIDDEN, CallbackRefused.REPLAYED, "this nonce was used already");
        }
        try {
            return new Opened(crypto.decrypt(encrypted), nonceKey);
        } catch (WeComCallbackException e) {
            if (e.reason() == WeComCallbackException.Reason.WRONG_RECEIVER) {
                throw new CallbackRefused(Response.Status.FORBIDDEN, CallbackRefused.WRONG_CORP, "the message is for another corp");
            }
            throw new CallbackRefused(Response.Status.BAD_REQUEST, CallbackRefused.INVALID_MESSAGE, "the message cannot be decrypted");
        }
    }

    /** Gives a nonce back: the message could not be handled, and WeCom's retry must get through. */
    void release(Opened opened) {
        store.remove(opened.nonceKey());
    }
}
