package dev.kcwechat.cluster;

import dev.kcwechat.testing.Http;
import dev.kcwechat.testing.Jwt;
import dev.kcwechat.testing.OAuth;
import dev.kcwechat.testing.TestRealm;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What a load balancer in front of the cluster does for the mini-program: each login goes to the
 * next node in turn and, when that node cannot be reached or drops the connection, once more to the
 * other node. Answers (any status) are never retried.
 */
final class FailoverClient {

    /**
     * A login's outcome: the HTTP status (0: no node answered), the OAuth error, the user, whether it
     * was sent twice, when it was sent and when it was answered.
     */
    record Outcome(int status, String error, String sub, boolean retried, long sentAtMillis, long atMillis) {
        boolean succeeded() {
            return status == 200;
        }
    }

    private final List<KeycloakNode> nodes;
    private final String realm;
    private final AtomicInteger next = new AtomicInteger();

    FailoverClient(List<KeycloakNode> nodes, String realm) {
        this.nodes = nodes;
        this.realm = realm;
    }

    Outcome codeLogin(String code, Map<String, String> extra) {
        int first = Math.floorMod(next.getAndIncrement(), nodes.size());
        long sentAt = System.currentTimeMillis();
        try {
            return outcome(send(first, code, extra), false, sentAt);
        } catch (UncheckedIOException firstNodeDown) {
            try {
                return outcome(send((first + 1) % nodes.size(), code, extra), true, sentAt);
            } catch (UncheckedIOException bothDown) {
                return new Outcome(0, "unreachable", null, true, sentAt, System.currentTimeMillis());
            }
        }
    }

    private Http.Answer send(int node, String code, Map<String, String> extra) {
        return new OAuth(nodes.get(node).baseUrl(), realm).codeLogin(TestRealm.PUBLIC_CLIENT, code, extra);
    }

    private static Outcome outcome(Http.Answer answer, boolean retried, long sentAt) {
        long now = System.currentTimeMillis();
        if (answer.status() == 200) {
            String sub = new Jwt(answer.json().get("access_token").asText()).claims().get("sub").asText();
            return new Outcome(200, null, sub, retried, sentAt, now);
        }
        String error = answer.body().startsWith("{") ? answer.json().path("error").asText() : answer.body();
        return new Outcome(answer.status(), error, null, retried, sentAt, now);
    }
}
