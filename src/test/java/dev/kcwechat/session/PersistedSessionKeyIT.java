package dev.kcwechat.session;

import static dev.kcwechat.simulator.WeChatSimulator.DEMO_APP_ID;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcwechat.simulator.WeChatSimulator;
import dev.kcwechat.testing.Http;
import dev.kcwechat.testing.Jwt;
import dev.kcwechat.testing.OAuth;
import dev.kcwechat.testing.Trees;
import dev.kcwechat.testing.WeChatRealmExtension;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.keycloak.representations.idm.UserSessionRepresentation;

/**
 * The session_key as Keycloak persisted it: Keycloak 26 writes user sessions to its database
 * (table {@code OFFLINE_USER_SESSION}, {@code OFFLINE_FLAG} '0' for a regular session, the notes in
 * the JSON of the {@code DATA} column; {@code PersistentUserSessionEntity} of keycloak-model-jpa).
 * After a code login, the row of that session must hold the note {@value SessionKeyStore#NOTE}
 * sealed, and the session_key WeChat issued must appear nowhere in that row nor anywhere in the
 * database files.
 *
 * <p><b>How the database is read.</b> Keycloak 26.7.3 builds its dev-file URL as
 * {@code jdbc:h2:file:<home>/data/h2/keycloakdb;NON_KEYWORDS=VALUE;DB_CLOSE_ON_EXIT=FALSE;DB_CLOSE_DELAY=0}
 * ({@code Database.Vendor.H2} of keycloak-config-api): unlike older versions it no longer adds
 * {@code AUTO_SERVER=TRUE}, so no second process can connect while Keycloak runs (H2 answers
 * "Database may be already in use"), and the shared test Keycloak cannot be stopped for one test.
 * So the test reads a byte copy of {@code keycloakdb.mv.db}: an MVStore file is append-only with
 * checksummed chunks, so a copy taken at any moment opens like a database after a crash, at its
 * last complete commit. It opens the copy with the H2 driver of the Keycloak distribution itself
 * ({@code lib/lib/main/com.h2database.h2-*.jar}, in a class loader of its own, so the file format
 * matches) as Keycloak's dev database user, which 26.7.3 no longer sets: the empty user with the
 * empty password. H2 writes commits to the file in the background (about a second later), so the
 * test copies again until the session's row is there.
 *
 * <p>Then it scans the bytes of every file of {@code data/h2} of the running Keycloak (the live
 * file, including the superseded versions of pages an append-only store keeps), for the
 * session_key as issued, its raw bytes, and their usual encodings. H2 does not compress by
 * default, and the scan first proves it can see the session: the session id and the exact sealed
 * note read from the copy must be found in the live file, so a session_key kept in clear would be
 * found the same way.
 */
class PersistedSessionKeyIT {

    private static final String REALM = "persistedkey";
    private static final Duration PERSIST_TIMEOUT = Duration.ofSeconds(30);
    /** Keycloak 26.7.3's dev-file database user: none set, so H2's empty user and password. */
    private static final String H2_USER = "";
    private static final String H2_PASSWORD = "";

    @RegisterExtension
    static final WeChatRealmExtension realm = WeChatRealmExtension.named(REALM);

    private final WeChatSimulator wechat = realm.wechat();
    private final OAuth oauth = realm.oauth();

    @Test
    void theSessionKeyIsPersistedOnlySealed() throws Exception {
        String openid = "oPersisted_openid_ABCDEFGHIJKL";
        Http.Answer login = oauth.codeLogin(wechat.newCode(DEMO_APP_ID, openid, null));
        assertThat(login.status()).as(login.toString()).isEqualTo(200);
        String accessToken = login.json().get("access_token").asText();
        String sessionKey = wechat.currentSessionKey(DEMO_APP_ID, openid).orElseThrow();
        assertThat(wechat.issuedSessionKeys()).contains(sessionKey);
        String sessionId = userSessionId(accessToken);

        Persisted persisted = awaitPersisted(sessionId);

        // the row of this session, with the sealed note
        Map<String, String> row = persisted.userSession();
        assertThat(row.get("USER_SESSION_ID")).isEqualTo(sessionId);
        assertThat(row.get("OFFLINE_FLAG")).isEqualTo("0");
        JsonNode data = Http.JSON.readTree(row.get("DATA"));
        String note = data.path("notes").path(SessionKeyStore.NOTE).asText(null);
        int sealedChars = ((sessionKey.length() + 16) * 4 + 2) / 3; // AES-GCM: as long as the key, plus the 16-byte tag
        assertThat(note).as("note %s in %s", SessionKeyStore.NOTE, row.get("DATA")).isNotNull()
                .matches("v1\\.[^.]+\\.[A-Za-z0-9_-]{16}\\.[A-Za-z0-9_-]{" + sealedChars + "}");
        assertThat(note.split("\\.")[1]).as("sealed under the realm's active AES key").isEqualTo(activeAesKid());

        // the session_key nowhere in that row, nor in the rows of its client sessions
        String[] forms = forms(sessionKey).values().toArray(String[]::new);
        assertThat(persisted.clientSessions()).as("the client session of the login").isNotEmpty();
        for (Map<String, String> persistedRow : persisted.rows()) {
            for (Map.Entry<String, String> column : persistedRow.entrySet()) {
                if (column.getValue() != null) {
                    assertThat(column.getValue()).as("column %s of %s", column.getKey(), persistedRow).doesNotContain(forms);
                }
            }
        }

        // nor anywhere in Keycloak's database files; the scan sees the session where it is stored
        Map<Path, byte[]> files = databaseFiles();
        assertThat(files.keySet()).anySatisfy(file -> assertThat(file.getFileName().toString()).endsWith(".mv.db"));
        assertThat(files.values()).as("the live database holds the sealed note the copy shows")
                .anySatisfy(bytes -> assertThat(indexOf(bytes, note.getBytes(StandardCharsets.UTF_8))).isNotNegative())
                .anySatisfy(bytes -> assertThat(indexOf(bytes, sessionId.getBytes(StandardCharsets.UTF_8))).isNotNegative());
        for (Map.Entry<Path, byte[]> file : files.entrySet()) {
            for (Map.Entry<String, byte[]> form : byteForms(sessionKey).entrySet()) {
                assertThat(indexOf(file.getValue(), form.getValue()))
                        .as("offset of the session_key (%s) in %s", form.getKey(), file.getKey()).isNegative();
            }
        }

        // and the extension reads that sealed note back: the key it holds is the one WeChat issued
        assertThat(Http.get(oauth.wechat("session"), accessToken).json().path("valid").asBoolean())
                .as("checksession with the unsealed session_key").isTrue();
    }

    // ---------------------------------------------------------------- the session_key's forms

    /** The session_key as WeChat issued it (base64), in its other base64 spellings, and its bytes in hex; by name. */
    private static Map<String, String> forms(String sessionKey) {
        byte[] raw = Base64.getDecoder().decode(sessionKey);
        byte[] utf8 = sessionKey.getBytes(StandardCharsets.UTF_8);
        Map<String, String> forms = new LinkedHashMap<>();
        forms.put("as issued", sessionKey);
        forms.put("as issued, unpadded", sessionKey.replace("=", ""));
        forms.put("base64url of its bytes", Base64.getUrlEncoder().withoutPadding().encodeToString(raw));
        forms.put("hex of its bytes", HexFormat.of().formatHex(raw));
        forms.put("HEX of its bytes", HexFormat.of().formatHex(raw).toUpperCase(Locale.ROOT));
        forms.put("base64 of the base64", Base64.getEncoder().withoutPadding().encodeToString(utf8));
        forms.put("base64url of the base64", Base64.getUrlEncoder().withoutPadding().encodeToString(utf8));
        forms.put("hex of the base64", HexFormat.of().formatHex(utf8));
        return forms;
    }

    /** {@link #forms} in UTF-8 and UTF-16, and the session_key's bytes in clear; by name. */
    private static Map<String, byte[]> byteForms(String sessionKey) {
        Map<String, byte[]> forms = new LinkedHashMap<>();
        forms.put("its bytes", Base64.getDecoder().decode(sessionKey));
        for (Map.Entry<String, String> form : forms(sessionKey).entrySet()) {
            forms.put(form.getKey() + ", UTF-8", form.getValue().getBytes(StandardCharsets.UTF_8));
            forms.put(form.getKey() + ", UTF-16", form.getValue().getBytes(StandardCharsets.UTF_16BE));
        }
        return forms;
    }

    // ---------------------------------------------------------------- Keycloak

    private String userSessionId(String accessToken) {
        JsonNode claims = new Jwt(accessToken).claims();
        if (claims.hasNonNull("sid")) {
            return claims.get("sid").asText();
        }
        List<UserSessionRepresentation> sessions = realm.resource().users().get(claims.get("sub").asText()).getUserSessions();
        assertThat(sessions).as("the user's sessions").hasSize(1);
        return sessions.get(0).getId();
    }

    private String activeAesKid() {
        return realm.resource().keys().getKeyMetadata().getActive().get("AES");
    }

    // ---------------------------------------------------------------- the persisted session

    /** The user session's rows (the regular one first) and its client sessions' rows, as a copy of the database shows them. */
    private record Persisted(List<Map<String, String>> userSessions, List<Map<String, String>> clientSessions) {

        Map<String, String> userSession() {
            return userSessions.get(0);
        }

        List<Map<String, String>> rows() {
            return Stream.concat(userSessions.stream(), clientSessions.stream()).toList();
        }
    }

    /** Copies the database until the copy holds the regular row of the session, with its notes written. */
    private Persisted awaitPersisted(String sessionId) throws Exception {
        Path h2Jar = h2Jar();
        Path copies = Files.createDirectories(Path.of("target", "persisted-session-it"));
        Instant deadline = Instant.now().plus(PERSIST_TIMEOUT);
        String lastSeen = "nothing yet";
        try (URLClassLoader h2 = new URLClassLoader(new URL[] {h2Jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
            Driver driver = (Driver) Class.forName("org.h2.Driver", true, h2).getDeclaredConstructor().newInstance();
            while (true) {
                Path copy = Files.createTempDirectory(copies, "h2-");
                try {
                    Files.copy(realm.server().home().resolve("data/h2/keycloakdb.mv.db"), copy.resolve("keycloakdb.mv.db"));
                    Persisted persisted = read(driver, copy.resolve("keycloakdb"), sessionId);
                    if (!persisted.userSessions().isEmpty() && "0".equals(persisted.userSession().get("OFFLINE_FLAG"))
                            && persisted.userSession().get("DATA") != null
                            && persisted.userSession().get("DATA").contains(SessionKeyStore.NOTE)) {
                        return persisted;
                    }
                    lastSeen = persisted.userSessions().toString();
                } catch (SQLException e) {
                    lastSeen = "the copy did not open: " + e.getMessage(); // copied while H2 wrote; copy again
                } finally {
                    Trees.delete(copy);
                }
                if (Instant.now().isAfter(deadline)) {
                    throw new AssertionError("User session " + sessionId + " with note " + SessionKeyStore.NOTE
                            + " not persisted within " + PERSIST_TIMEOUT + "; last seen: " + lastSeen);
                }
                Thread.sleep(500);
            }
        }
    }

    private static Persisted read(Driver driver, Path database, String sessionId) throws SQLException {
        Properties credentials = new Properties();
        credentials.setProperty("user", H2_USER);
        credentials.setProperty("password", H2_PASSWORD);
        try (Connection connection = driver.connect("jdbc:h2:file:" + database.toAbsolutePath() + ";NON_KEYWORDS=VALUE", credentials)) {
            return new Persisted(
                    rows(connection, "SELECT * FROM OFFLINE_USER_SESSION WHERE USER_SESSION_ID = ? ORDER BY OFFLINE_FLAG", sessionId),
                    rows(connection, "SELECT * FROM OFFLINE_CLIENT_SESSION WHERE USER_SESSION_ID = ?", sessionId));
        }
    }

    private static List<Map<String, String>> rows(Connection connection, String sql, String sessionId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, sessionId);
            try (ResultSet result = statement.executeQuery()) {
                ResultSetMetaData columns = result.getMetaData();
                List<Map<String, String>> rows = new ArrayList<>();
                while (result.next()) {
                    Map<String, String> row = new LinkedHashMap<>();
                    for (int i = 1; i <= columns.getColumnCount(); i++) {
                        row.put(columns.getColumnLabel(i), result.getString(i));
                    }
                    rows.add(row);
                }
                return rows;
            }
        }
    }

    private static Path h2Jar() throws IOException {
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(realm.server().home().resolve("lib/lib/main"), "com.h2database.h2-*.jar")) {
            List<Path> found = new ArrayList<>();
            jars.forEach(found::add);
            assertThat(found).as("the H2 driver of the Keycloak distribution").hasSize(1);
            return found.get(0);
        }
    }

    /** Every file of the running Keycloak's {@code data/h2}: the database and H2's trace file. */
    private static Map<Path, byte[]> databaseFiles() throws IOException {
        Map<Path, byte[]> files = new LinkedHashMap<>();
        try (DirectoryStream<Path> h2 = Files.newDirectoryStream(realm.server().home().resolve("data/h2"))) {
            for (Path file : h2) {
                if (Files.isRegularFile(file)) {
                    files.put(file, Files.readAllBytes(file));
                }
            }
        }
        return files;
    }

    // ---------------------------------------------------------------- helpers

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
