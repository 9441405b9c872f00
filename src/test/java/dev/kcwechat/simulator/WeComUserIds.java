package dev.kcwechat.simulator;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;

/**
 * The pages of WeCom's user/list_id: one row per member and department (a member of departments
 * 1 and 2 is two rows; one without a department is in the root, 1), ordered by userid then
 * department, and an opaque cursor naming the last row a page gave. A cursor stays valid when
 * members come and go between pages: the next page starts after that row, wherever it is now.
 */
final class WeComUserIds {

    static final int MAX_LIMIT = 10_000;
    private static final int ROOT_DEPARTMENT = 1;
    private static final Comparator<Row> ORDER = Comparator.comparing(Row::userid).thenComparingInt(Row::department);

    /** One userid-department pair. */
    record Row(String userid, int department) {
    }

    /** A page of rows; nextCursor null on the last page. */
    record Page(List<Row> rows, String nextCursor) {
    }

    private WeComUserIds() {
    }

    /** The page after {@code cursor} (blank: the first) of at most {@code limit} rows; 40058 for a cursor it never gave. */
    static Page page(List<WeComDirectory.Member> members, String cursor, int limit) {
        List<Row> rows = new ArrayList<>();
        for (WeComDirectory.Member member : members) {
            if (member.departments().isEmpty()) {
                rows.add(new Row(member.userid(), ROOT_DEPARTMENT));
            }
            member.departments().forEach(department -> rows.add(new Row(member.userid(), department)));
        }
        rows.sort(ORDER);
        Row after = Simulation.isBlank(cursor) ? null : decode(cursor);
        List<Row> remaining = after == null ? rows : rows.stream().filter(row -> ORDER.compare(row, after) > 0).toList();
        if (remaining.size() <= limit) {
            return new Page(List.copyOf(remaining), null);
        }
        List<Row> page = List.copyOf(remaining.subList(0, limit));
        return new Page(page, encode(page.get(page.size() - 1)));
    }

    private static String encode(Row row) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString(("c1\n" + row.department() + "\n" + row.userid()).getBytes(StandardCharsets.UTF_8));
    }

    private static Row decode(String cursor) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\n", 3);
            if (parts.length == 3 && "c1".equals(parts[0])) {
                return new Row(parts[2], Integer.parseInt(parts[1]));
            }
        } catch (IllegalArgumentException e) {
            // falls through: not a cursor of ours
        }
        throw new WeChatError(WeComErrors.INVALID_PARAMETER);
    }
}
