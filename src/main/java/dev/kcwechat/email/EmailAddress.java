package dev.kcwechat.email;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An e-mail address as the user typed it, normalised as Keycloak stores addresses (trimmed, lower
 * case); {@link #masked()} is what records and events keep.
 */
public record EmailAddress(String value) {

    /** RFC 5321's limit for a path; longer addresses cannot be delivered. */
    static final int MAX_LENGTH = 254;
    private static final Pattern FORM = Pattern.compile("[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
            + "(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+");

    /** @return the normalised address, or empty when the text is no deliverable address */
    public static Optional<EmailAddress> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String trimmed = text.trim();
        if (trimmed.length() > MAX_LENGTH || !FORM.matcher(trimmed).matches()) {
            return Optional.empty();
        }
        return Optional.of(new EmailAddress(trimmed.toLowerCase(Locale.ROOT)));
    }

    /** {@code a***e@example.com}: enough for the user to recognise it in their records, not enough to write to it. */
    public String masked() {
        int at = value.lastIndexOf('@');
        String local = value.substring(0, at);
        String shown = local.length() <= 2 ? local.substring(0, 1) + "***" : local.charAt(0) + "***" + local.charAt(local.length() - 1);
        return shown + value.substring(at);
    }

    /** The address's SHA-256 in hex: what cache keys and limit counters name instead of the address. */
    public String digest() {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    @Override
    public String toString() {
        return masked();
    }
}
