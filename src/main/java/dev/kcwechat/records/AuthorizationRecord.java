package dev.kcwechat.records;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** An authorization on record, as the contract names its fields. */
public record AuthorizationRecord(String id, String userId, String clientId, String kind, String detail, String privacyVersion,
                                  long createdAt, String ipAddress, String userAgent) {

    static AuthorizationRecord of(AuthorizationRecordEntity entity) {
        return new AuthorizationRecord(entity.getId(), entity.getUserId(), entity.getClientId(), entity.getKind(), entity.getDetail(),
                entity.getPrivacyVersion(), entity.getCreatedAt(), entity.getIpAddress(), entity.getUserAgent());
    }

    /** The JSON fields, in the contract's order; {@code createdAt} as an ISO instant. */
    public Map<String, Object> fields() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("id", id);
        fields.put("userId", userId);
        fields.put("clientId", clientId);
        fields.put("kind", kind);
        fields.put("detail", detail);
        fields.put("privacyVersion", privacyVersion);
        fields.put("createdAt", Instant.ofEpochMilli(createdAt).toString());
        fields.put("ipAddress", ipAddress);
        fields.put("userAgent", userAgent);
        return fields;
    }
}
