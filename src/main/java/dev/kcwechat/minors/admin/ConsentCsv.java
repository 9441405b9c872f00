package dev.kcwechat.minors.admin;

import java.util.List;
import java.util.Map;

/** RFC 4180 CSV: a header row, CRLF line ends, fields quoted when they hold a comma, quote or line break. */
final class ConsentCsv {

    private static final String FORMULA_STARTS = "=+-@\uFF1D\uFF0B\uFF0D\uFF20";

    private ConsentCsv() {
    }

    static String write(String[] columns, List<Map<String, Object>> rows) {
        StringBuilder csv = new StringBuilder();
        line(csv, columns, name -> name);
        for (Map<String, Object> row : rows) {
            line(csv, columns, name -> row.get(name) == null ? "" : row.get(name).toString());
        }
        return csv.toString();
    }

    private static void line(StringBuilder csv, String[] columns, java.util.function.Function<String, String> value) {
        for (int i = 0; i < columns.length; i++) {
            if (i > 0) {
                csv.append(',');
            }
            csv.append(field(value.apply(columns[i])));
        }
        csv.append("\r\n");
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
