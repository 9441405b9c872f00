package dev.kcwechat.theme;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/** The login theme's files as the JAR carries them (target/classes is on the test class path). */
final class ThemeFiles {

    static final String THEME = "keycloak-wechat";
    static final String ROOT = "theme/" + THEME + "/login/";
    static final String TEMPLATE = "wechat-guardian-consent.ftl";
    /** The guardian's page: their children, revocation, stricter limits. */
    static final String GUARDIAN_PAGE = "wechat-guardian.ftl";
    /** The identity providers under Keycloak's login form, with the one WeChat sign-in. */
    static final String SOCIAL_PROVIDERS = "social-providers.ftl";

    private ThemeFiles() {
    }

    /** A message file, decoded strictly as UTF-8 (a malformed byte fails instead of being replaced). */
    static Properties messages(String locale) {
        Properties messages = new Properties();
        try {
            messages.load(new StringReader(utf8(ROOT + "messages/messages_" + locale + ".properties")));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return messages;
    }

    static String utf8(String resource) {
        try (InputStream in = ThemeFiles.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new AssertionError("Not on the class path: " + resource);
            }
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(in.readAllBytes()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new AssertionError(resource + " is not valid UTF-8", e);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
