package dev.kcwechat.common;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rule for a provider's {@code ${vault.key}} references: a provider reads only the vault keys
 * under its own alias, {@code ${vault.idp.<alias>.<name>}} (for example
 * {@code ${vault.idp.wechat-mini-program.secret}}). A realm administrator who may edit a provider
 * therefore cannot make it send another component's secret (the SMTP password, an LDAP bind
 * password, another provider's AppSecret) to WeChat. A value that is not a reference is a literal
 * secret and is left alone. The pattern is the one Keycloak's vault transcriber reads.
 */
public final class VaultReferences {

    private static final Pattern REFERENCE = Pattern.compile("^\\$\\{vault\\.(.+?)}$");
    private static final String NAMESPACE = "idp.";

    private VaultReferences() {
    }

    /** The vault key a value refers to; empty when it is a literal. */
    public static Optional<String> key(String value) {
        if (value == null) {
            return Optional.empty();
        }
        Matcher matcher = REFERENCE.matcher(value);
        return matcher.matches() ? Optional.of(matcher.group(1)) : Optional.empty();
    }

    /** The prefix of the vault keys a provider may read: {@code idp.<alias>.} */
    public static String ownPrefix(String alias) {
        return NAMESPACE + alias + '.';
    }

    /** Whether a value is a literal, or a reference to one of the provider's own vault keys. */
    public static boolean isAllowed(String alias, String value) {
        return key(value).map(key -> alias != null && key.startsWith(ownPrefix(alias)) && key.length() > ownPrefix(alias).length())
                .orElse(true);
    }

    /** What a setting that breaks the rule is told, naming the keys it may use. */
    public static String refusal(String label, String alias) {
        return label + " may refer only to this provider's own vault keys: ${vault." + ownPrefix(alias) + "<name>}, for example ${vault."
                + ownPrefix(alias) + "secret}";
    }
}
