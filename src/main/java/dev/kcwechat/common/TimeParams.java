package dev.kcwechat.common;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/** The {@code from} and {@code to} of the admin exports: a date ({@code YYYY-MM-DD}, UTC midnight) or an ISO-8601 instant. */
public final class TimeParams {

    private TimeParams() {
    }

    /**
     * @return epoch milliseconds; {@code absent} when the value is null or blank
     * @throws java.time.format.DateTimeParseException when it is neither a date nor an instant
     */
    public static long millis(String value, long absent) {
        if (value == null || value.isBlank()) {
            return absent;
        }
        String text = value.trim();
        return text.length() == 10 ? LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli()
                : Instant.parse(text).toEpochMilli();
    }
}
