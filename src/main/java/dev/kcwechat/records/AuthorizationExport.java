package dev.kcwechat.records;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.kcwechat.common.Csv;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.util.JsonSerialization;

/**
 * An export of authorization records written as it is read, {@value #BATCH} records at a time,
 * each batch in a transaction of its own: any number of records takes the same memory, and no
 * database connection waits on a slow reader. Records are append-only, so a batch after a cursor
 * misses none that the previous batches did not already write.
 */
final class AuthorizationExport implements StreamingOutput {

    /** The contract's fields, in its order: the JSON objects' and the CSV's columns. */
    static final String[] COLUMNS = {"id", "userId", "clientId", "kind", "detail", "privacyVersion", "createdAt", "ipAddress",
            "userAgent"};
    static final int BATCH = 500;
    /** Keycloak's JSON mapping, without a flush after each record (each would be a write to the network of its own). */
    private static final ObjectWriter JSON = JsonSerialization.mapper.writer().without(SerializationFeature.FLUSH_AFTER_WRITE_VALUE);

    enum Format { JSON, CSV }

    private final KeycloakSessionFactory sessions;
    private final String realmId;
    private final AuthorizationRecords.Filter filter;
    private final int first;
    private final long max;
    private final Format format;

    /** From the {@code first} record that passes the filter, at most {@code max} of them. */
    AuthorizationExport(KeycloakSessionFactory sessions, String realmId, AuthorizationRecords.Filter filter, int first, long max,
                        Format format) {
        this.sessions = sessions;
        this.realmId = realmId;
        this.filter = filter;
        this.first = first;
        this.max = max;
        this.format = format;
    }

    @Override
    public void write(OutputStream output) throws IOException {
        Writer writer = new BufferedWriter(new OutputStreamWriter(output, StandardCharsets.UTF_8), 1 << 16);
        JsonGenerator json = format == Format.JSON ? JsonSerialization.mapper.getFactory().createGenerator(writer) : null;
        if (json != null) {
            json.writeStartArray();
        } else {
            Csv.line(writer, COLUMNS, COLUMNS);
        }
        AuthorizationRecords.Cursor cursor = null;
        long left = max;
        while (left > 0) {
            int size = (int) Math.min(BATCH, left);
            List<AuthorizationRecord> batch = read(cursor, cursor == null ? first : 0, size);
            for (AuthorizationRecord record : batch) {
                if (json != null) {
                    JSON.writeValue(json, record.fields());
                } else {
                    Csv.line(writer, COLUMNS, record.fields());
                }
            }
            if (batch.size() < size) {
                break;
            }
            left -= size;
            cursor = AuthorizationRecords.Cursor.after(batch.get(batch.size() - 1));
        }
        if (json != null) {
            json.writeEndArray();
            json.flush();
        }
        writer.flush();
    }

    private List<AuthorizationRecord> read(AuthorizationRecords.Cursor cursor, int skip, int size) {
        return KeycloakModelUtils.runJobInTransactionWithResult(sessions, session -> {
            RealmModel realm = session.realms().getRealm(realmId);
            return realm == null ? List.of() : new AuthorizationRecords(session).batch(realm, filter, cursor, skip, size);
        });
    }
}
