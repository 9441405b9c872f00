package dev.kcwechat.email;

import java.util.Optional;

/**
 * A proven address belongs to another account and is not bound; with {@code emailConflict=link},
 * also why that account may not be linked (an event detail, never part of the answer).
 */
public final class EmailConflictException extends RuntimeException {

    /** Event detail: why {@code emailConflict=link} did not link the account that has the address. */
    public static final String LINK_REFUSED_DETAIL = "email_link_refused";

    private final String linkRefused;

    EmailConflictException(String linkRefused) {
        super("This e-mail address belongs to another account", null, false, false);
        this.linkRefused = linkRefused;
    }

    public Optional<String> linkRefused() {
        return Optional.ofNullable(linkRefused);
    }
}
