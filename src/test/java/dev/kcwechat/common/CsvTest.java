package dev.kcwechat.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CsvTest {

    private static final String[] COLUMNS = {"id", "decision", "userAgent"};

    @Test
    void aHeaderRowThenOneLinePerRecordWithCrlf() {
        String csv = Csv.write(COLUMNS, List.of(row("c1", "approve", "Chrome"), row("c2", "decline", null)));

        assertThat(csv).isEqualTo("id,decision,userAgent\r\nc1,approve,Chrome\r\nc2,decline,\r\n");
    }

    @Test
    void commasQuotesAndLineBreaksAreQuoted() {
        assertThat(Csv.field("Mozilla/5.0 (X11, Linux)")).isEqualTo("\"Mozilla/5.0 (X11, Linux)\"");
        assertThat(Csv.field("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(Csv.field("two\nlines")).isEqualTo("\"two\nlines\"");
        assertThat(Csv.field("plain")).isEqualTo("plain");
    }

    @Test
    void aFieldASpreadsheetWouldRunAsAFormulaIsDefused() {
        assertThat(Csv.field("=HYPERLINK(\"x\")")).startsWith("\"'=");
        assertThat(Csv.field("+1")).isEqualTo("'+1");
        assertThat(Csv.field("@x")).isEqualTo("'@x");
        assertThat(Csv.field("2026-11-22T04:00:00Z")).isEqualTo("2026-11-22T04:00:00Z");
    }

    @Test
    void aFormulaBehindSpacesOrInFullWidthSignsIsDefusedToo() {
        assertThat(Csv.field("  =1+1")).isEqualTo("'  =1+1");
        assertThat(Csv.field("\uFF1DSUM(A1)")).isEqualTo("'\uFF1DSUM(A1)");
        assertThat(Csv.field("\uFF0B1")).startsWith("'");
        assertThat(Csv.field("\uFF0D1")).startsWith("'");
        assertThat(Csv.field("\uFF20cmd")).startsWith("'");
        assertThat(Csv.field("Mozilla/5.0")).isEqualTo("Mozilla/5.0");
        assertThat(Csv.field("  plain")).isEqualTo("  plain");
    }

    private static Map<String, Object> row(String id, String decision, String userAgent) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", id);
        row.put("decision", decision);
        row.put("userAgent", userAgent);
        return row;
    }
}
