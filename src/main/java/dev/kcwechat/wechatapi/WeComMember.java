package dev.kcwechat.wechatapi;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A corp member from {@code /cgi-bin/user/get}. {@code mobile} and {@code email} are null when
 * WeCom does not give them (apps created since 2022-06-20).
 *
 * @param status 1 active, 2 disabled, 4 not activated, 5 left
 */
public record WeComMember(String userid, String name, List<Long> departments, int status, String mobile, String email) {

    public static final int ACTIVE = 1;

    public boolean isActive() {
        return status == ACTIVE;
    }

    static WeComMember of(JsonNode json) {
        List<Long> departments = new ArrayList<>();
        json.path("department").forEach(id -> departments.add(id.asLong()));
        return new WeComMember(json.path("userid").asText(null), text(json, "name"), List.copyOf(departments),
                json.path("status").asInt(0), text(json, "mobile"), text(json, "email"));
    }

    private static String text(JsonNode json, String field) {
        String value = json.path(field).asText("");
        return value.isBlank() ? null : value;
    }
}
