package dev.kcwechat.simulator;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Random;

/** Identifiers in the formats WeChat uses, drawn from a caller-supplied random source. */
final class Ids {

    private static final String UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private static final String LOWER = "abcdefghijklmnopqrstuvwxyz";
    private static final String ALPHANUMERIC = UPPER + LOWER + "0123456789";
    private static final String URL_SAFE = ALPHANUMERIC + "-_";
    private static final String HEX = "0123456789abcdef";

    private Ids() {
    }

    /** An openid: 28 characters starting with 'o', e.g. "oGZUI0egBJY1zhBYw2KhdUfwVJJE". */
    static String openid(Random random) {
        return "o" + mixedCase(random, URL_SAFE, 27);
    }

    /** A unionid: 28 characters, same alphabet as openids. */
    static String unionid(Random random) {
        return "oU" + mixedCase(random, URL_SAFE, 26);
    }

    /** A wx.login code: 32 alphanumeric characters. */
    static String loginCode(Random random) {
        return mixedCase(random, ALPHANUMERIC, 32);
    }

    /** A getPhoneNumber-button code: 64 lowercase hex characters. */
    static String phoneCode(Random random) {
        return chars(random, HEX, 64);
    }

    static String accessToken(Random random) {
        return "90_" + mixedCase(random, URL_SAFE, 133);
    }

    /** A session_key: standard base64 (with '+', '/' and '=') of 16 random bytes. */
    static String sessionKey(Random random) {
        byte[] key = new byte[16];
        random.nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    /** The request id WeChat appends to every errmsg, e.g. "67b2a3c4-3b2d1e0f-5a6b7c8d". */
    static String requestId(Random random) {
        return chars(random, HEX, 8) + "-" + chars(random, HEX, 8) + "-" + chars(random, HEX, 8);
    }

    /**
     * The hint WeCom puts in every errmsg: the time in seconds and 15 more digits, e.g.
     * "1686402237354962763423746".
     */
    static String weComHint(Random random, long epochSecond) {
        return epochSecond + chars(random, "0123456789", 15);
    }

    /** A WeCom access_token: URL-safe characters, longer than WeChat's. */
    static String weComAccessToken(Random random) {
        return mixedCase(random, URL_SAFE, 214);
    }

    /** A WeCom user_ticket of snsapi_privateinfo. */
    static String userTicket(Random random) {
        return mixedCase(random, URL_SAFE, 86);
    }

    /** The external_userid WeCom gives a customer of the corp: "wm" and 30 more characters. */
    static String externalUserid(Random random) {
        return "wm" + mixedCase(random, URL_SAFE, 30);
    }

    /** A short hash of a WeCom member, for their avatar and QR-code URLs. */
    static String stableToken(String seed) {
        return chars(seeded("token/" + seed), HEX, 32);
    }

    /** The same openid for the same user of the same app, run after run. */
    static String stableOpenid(String appId, String user) {
        return openid(seeded("openid/" + appId + "/" + user));
    }

    /** The same unionid for the same user whatever the app, as under one Open Platform account. */
    static String stableUnionid(String user) {
        return unionid(seeded("unionid/" + user));
    }

    private static Random seeded(String seed) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(seed.getBytes(StandardCharsets.UTF_8));
            return new Random(ByteBuffer.wrap(digest).getLong());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    /** WeChat ids are case-sensitive and mix cases: guarantee both so case-folding bugs show up. */
    private static String mixedCase(Random random, String alphabet, int length) {
        char[] chars = chars(random, alphabet, length).toCharArray();
        chars[0] = UPPER.charAt(random.nextInt(UPPER.length()));
        chars[1] = LOWER.charAt(random.nextInt(LOWER.length()));
        return new String(chars);
    }

    private static String chars(Random random, String alphabet, int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return out.toString();
    }
}
