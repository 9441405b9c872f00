package dev.kcwechat.common;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The extension's version, as Maven wrote it into the JAR; shown on Keycloak's server-info page. */
public final class ExtensionVersion {

    private static final String VERSION = load();

    private ExtensionVersion() {
    }

    public static String get() {
        return VERSION;
    }

    private static String load() {
        try (InputStream in = ExtensionVersion.class.getResourceAsStream("/kcwechat-version.properties")) {
            Properties properties = new Properties();
            if (in != null) {
                properties.load(in);
            }
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
