package dev.kcwechat.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Keycloak's file vault ({@code --vault=file}): one file a secret, {@code <realm>_<key>} with underscores doubled. */
public final class FileVault {

    private FileVault() {
    }

    /** Puts a secret where {@code ${vault.<key>}} of that realm finds it. */
    public static void put(Path directory, String realm, String key, String value) {
        try {
            Files.createDirectories(directory);
            Files.writeString(directory.resolve(realm.replace("_", "__") + "_" + key.replace("_", "__")), value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
