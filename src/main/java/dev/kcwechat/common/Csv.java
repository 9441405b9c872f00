package dev.kcwechat.common;

import jakarta.ws.rs.core.HttpHeaders;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * RFC 4180 CSV for the admin exports: a header row, CRLF line ends, fields quoted when they hold a
 * comma, quote or line break, and fields a spreadsheet would run as a formula defused.
 */
public final class Csv {

    public static final String MEDIA_TYPE = "text/csv";

    private static final String FORMULA_STARTS = "=+-@\uFF1D\uFF0B\uFF0D\uFF20";

    private Csv() {
    }

    /** Whether the request asks for CSV ({@code Accept: text/csv}, among others or alone). */
    public static boolean asked(HttpHeaders headers) {
        return headers.getAcceptableMediaTypes().stream().anyMatch(type -> MEDIA_TYPE.equals(type.getType() + "/" + type.getSubtype()));
    }

    /** The header row and one line per row, each row's value of each column ({@code ""} for null). */
    public static String write(String[] columns, List<Map<String, Object>> rows) {
        StringBuilder csv = new StringBuilder();
        line(csv, columns, columns);
        for (Map<String, Object> row : rows) {
            line(csv, columns, row);
        }
        return csv.toString();
    }

    /** Appends the line of a row: its value of each column, in the columns' order. */
    public static void line(Appendable csv, String[] columns, Map<String, Object> row) {
        Object[] values = new Object[columns.length];
        for (int i = 0; i < columns.length; i++) {
            values[i] = row.get(columns[i]);
        }
        line(csv, columns, values);
    }

    /** Appends a line of these values (the header row, when they are the column names). */
    public static void line(Appendable csv, String[] columns, Object[] values) {
        try {
            for (int i = 0; i < columns.length; i++) {
                if (i > 0) {
                    csv.append(',');
                }
                csv.append(field(values[i] == null ? "" : values[i].toString()));
            }
            csv.append("\r\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String field(String value) {
        String safe = neutralised(value);
        if (safe.contains(",") || safe.contains("\"") || safe.contains("\n") || safe.contains("\r")) {
            return "\"" + safe.replace("\"", "\"\"") + "\"";
        }
        return safe;
    }

    /**
     * A field a spreadsheet would run as a formula (a user agent is the caller's text) gets a
     * leading apostrophe: one that starts, after any spaces, with = + - @ or their full-width forms
     * (which spreadsheets in Chinese locales read as the same), or with a tab or carriage return.
     */
    private static String neutralised(String value) {
        String start = value.stripLeading();
        boolean formula = !value.isEmpty() && ("\t\r".indexOf(value.charAt(0)) >= 0
                || !start.isEmpty() && FORMULA_STARTS.indexOf(start.charAt(0)) >= 0);
        return formula ? "'" + value : value;
    }
}
