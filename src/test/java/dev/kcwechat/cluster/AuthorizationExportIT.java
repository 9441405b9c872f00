package dev.kcwechat.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kcwechat.testing.KeycloakAdmin;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The admin export of authorization records on PostgreSQL, at scale: {@code -Dexport.rows} records
 * (200,000 in CI; the figures in docs/records.md are for 1,000,000) put in the database in bulk,
 * then exported whole as CSV and as JSON from one node. Every record arrives once, in order, and
 * the node's live heap (after a full collection, sampled through the export) does not grow with the
 * records: a buffered export of 200,000 records would hold over 150 MB.
 */
@Tag("cluster")
class AuthorizationExportIT {

    private static final String REALM = "authorization-export";
    private static final int ROWS = Integer.getInteger("export.rows", 200_000);
    /** What the live heap may grow by during an export: a few batches and buffers, far below the records' size. */
    private static final long HEAP_GROWTH_LIMIT = 64L << 20;
    private static final Pattern HISTOGRAM_TOTAL = Pattern.compile("(?m)^Total\\s+\\d+\\s+(\\d+)\\s*$");

    private static final String RECORD_START = "{\"id\":\"bulk-";

    @RegisterExtension
    static final ClusterRealm realm = ClusterRealm.named(REALM);

    private static String realmId;

    @BeforeAll
    static void putRecordsInBulk() throws SQLException {
        KeycloakCluster cluster = realm.cluster();
        try (KeycloakAdmin admin = cluster.admin()) {
            realmId = admin.realm(REALM).toRepresentation().getId();
        }
        long started = System.nanoTime();
        try (Connection connection = cluster.postgres().connect();
             PreparedStatement insert = connection.prepareStatement("INSERT INTO kcwechat_authorization (id, realm_id, user_id,"
                     + " client_id, kind, detail, privacy_version, created_at, ip_address, user_agent)"
                     + " SELECT 'bulk-' || lpad(g::text, 10, '0'), ?, md5(g::text)::uuid::text, 'mini-program',"
                     + " (ARRAY['register','scope','phone','privacy_policy'])[g % 4 + 1], 'openid wechat profile, phone', '2026-12',"
                     // the same instant for ten records at a time: the export's order breaks ties by id
                     + " 1767225600000 + (g / 10) * 1000, '203.0.113.' || (g % 250),"
                     + " 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) MicroMessenger/8.0.54 \"quoted\"'"
                     + " FROM generate_series(1, ?) g")) {
            insert.setString(1, realmId);
            insert.setInt(2, ROWS);
            assertThat(insert.executeUpdate()).isEqualTo(ROWS);
        }
        System.out.printf(Locale.ROOT, "AuthorizationExportIT: %,d records put in PostgreSQL in %.1f s%n", ROWS,
                (System.nanoTime() - started) / 1e9);
    }

    @AfterAll
    static void removeRecords() throws SQLException {
        if (realmId != null) {
            try (Connection connection = realm.cluster().postgres().connect(); Statement statement = connection.createStatement()) {
                statement.executeUpdate("DELETE FROM kcwechat_authorization WHERE realm_id = '" + realmId + "'");
            }
        }
    }

    @Test
    void everyRecordIsExportedAsCsvInOrderInConstantMemory() throws Exception {
        Export export = export("text/csv", (line, count) -> {
            if (count == 0) {
                assertThat(line).isEqualTo("id,userId,clientId,kind,detail,privacyVersion,createdAt,ipAddress,userAgent");
            } else {
                assertThat(line).as("record %d", count).startsWith(String.format(Locale.ROOT, "bulk-%010d,", count))
                        .endsWith(",\"Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) MicroMessenger/8.0.54 \"\"quoted\"\"\"");
            }
        });

        assertThat(export.lines()).as("a header and every record once").isEqualTo(ROWS + 1L);
        export.report("CSV");
        assertThat(export.heapGrowth()).as("live heap growth during the export").isLessThan(HEAP_GROWTH_LIMIT);
    }

    @Test
    void everyRecordIsExportedAsJsonInConstantMemory() throws Exception {
        // one object a record, as Jackson writes them: count the ids
        Export export = export("application/json", (line, count) -> { });

        assertThat(export.occurrences()).as("every record once").isEqualTo(ROWS);
        assertThat(export.first()).startsWith("[{\"id\":\"bulk-0000000001\",\"userId\":");
        export.report("JSON");
        assertThat(export.heapGrowth()).as("live heap growth during the export").isLessThan(HEAP_GROWTH_LIMIT);
    }

    private interface LineCheck {
        void check(String line, long count);
    }

    /** What an export took: lines (or {@code "id":} occurrences), bytes, seconds, and the node's live heap before and at most. */
    private record Export(long lines, long occurrences, String first, long bytes, double seconds, long heapBefore, long heapMax) {

        long heapGrowth() {
            return heapMax - heapBefore;
        }

        void report(String format) {
            System.out.printf(Locale.ROOT, "AuthorizationExportIT: %s export of %,d records: %,d MB in %.1f s (%,.0f records/s);"
                            + " node's live heap %d MB before, at most %d MB during%n", format, ROWS, bytes >> 20, seconds,
                    ROWS / seconds, heapBefore >> 20, heapMax >> 20);
        }
    }

    /** Exports the realm's records from node A in that format, reading the answer as it streams, sampling the node's live heap. */
    private Export export(String accept, LineCheck check) throws Exception {
        KeycloakNode node = realm.cluster().a();
        long pid = node.server().jvmPid();
        long heapBefore = liveHeap(pid);
        // open through the export: closing the admin client ends its session, and its token with it
        KeycloakAdmin admin = realm.cluster().admin();
        String token = admin.token();
        HttpRequest request = HttpRequest.newBuilder(URI.create(node.baseUrl() + "/admin/realms/" + REALM + "/wechat/authorizations"))
                .header("Authorization", "Bearer " + token).header("Accept", accept).GET().build();
        AtomicBoolean exporting = new AtomicBoolean(true);
        ExecutorService sampler = Executors.newSingleThreadExecutor();
        Future<Long> heapMax = sampler.submit(() -> {
            long max = heapBefore;
            while (exporting.get()) {
                max = Math.max(max, liveHeap(pid));
                Thread.sleep(2000);
            }
            return max;
        });
        long started = System.nanoTime();
        long lines = 0;
        long occurrences = 0;
        long bytes = 0;
        String first = null;
        try {
            HttpResponse<InputStream> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofInputStream());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith(accept);
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8), 1 << 16)) {
                if (accept.equals("text/csv")) {
                    String line;
                    while ((line = reader.readLine()) != null) {
                        check.check(line, lines);
                        lines++;
                        bytes += line.length() + 2;
                    }
                } else {
                    char[] buffer = new char[1 << 16];
                    StringBuilder carry = new StringBuilder();
                    int read;
                    while ((read = reader.read(buffer)) > 0) {
                        bytes += read;
                        carry.append(buffer, 0, read);
                        if (first == null && carry.length() >= 64) {
                            first = carry.substring(0, 64);
                        }
                        occurrences += count(carry, RECORD_START);
                        // keep a tail one shorter than the pattern: an occurrence across two reads is counted once
                        carry.delete(0, Math.max(0, carry.length() - (RECORD_START.length() - 1)));
                    }
                }
            }
        } finally {
            exporting.set(false);
            sampler.shutdown();
            admin.close();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        return new Export(lines, occurrences, first, bytes, seconds, heapBefore, heapMax.get());
    }

    private static long count(CharSequence chars, String pattern) {
        String text = chars.toString();
        long count = 0;
        for (int i = text.indexOf(pattern); i >= 0; i = text.indexOf(pattern, i + pattern.length())) {
            count++;
        }
        return count;
    }

    /**
     * The bytes of the objects the node's heap holds on to: the total of a class histogram, which
     * the JDK's jcmd takes of live objects only, after a full collection, in one safepoint (no
     * garbage made between the collection and the count).
     */
    private static long liveHeap(long pid) throws IOException, InterruptedException {
        Matcher total = HISTOGRAM_TOTAL.matcher(jcmd(pid, "GC.class_histogram"));
        assertThat(total.find()).as("jcmd GC.class_histogram ends with its total").isTrue();
        return Long.parseLong(total.group(1));
    }

    private static String jcmd(long pid, String command) throws IOException, InterruptedException {
        Path javaHome = Path.of(System.getProperty("keycloak.java.home", System.getProperty("java.home")));
        Process process = new ProcessBuilder(javaHome.resolve("bin/jcmd").toString(), Long.toString(pid), command)
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as("jcmd %s: %s", command, output).isZero();
        return output;
    }
}
