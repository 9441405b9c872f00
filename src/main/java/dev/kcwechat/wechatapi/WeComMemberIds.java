package dev.kcwechat.wechatapi;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A page of {@code /cgi-bin/user/list_id}: the userids of members the app sees (of every status
 * but deleted), and the cursor of the next page (null on the last).
 */
public record WeComMemberIds(List<String> userids, String nextCursor) {

    static WeComMemberIds of(JsonNode json) {
        List<String> userids = new ArrayList<>();
        json.path("dept_user").forEach(member -> {
            String userid = member.path("userid").asText("");
            if (!userid.isBlank()) {
                userids.add(userid);
            }
        });
        String next = json.path("next_cursor").asText("");
        return new WeComMemberIds(List.copyOf(userids), next.isBlank() ? null : next);
    }
}
