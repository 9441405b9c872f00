package dev.kcwechat.simulator;

import java.time.Instant;

/** A web access token of /sns/oauth2/access_token (not a server access_token): good for /sns/userinfo. */
record WebAccessToken(String value, String appId, BrowserUser user, String scope, Instant expiresAt) {

    boolean isAliveAt(Instant now) {
        return now.isBefore(expiresAt);
    }
}
