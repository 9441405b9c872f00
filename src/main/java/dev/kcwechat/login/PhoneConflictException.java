package dev.kcwechat.login;

import java.util.Optional;

/**
 * A verified phone number belongs to another user and the conflict policy refuses it; with
 * {@code conflict=link}, also why that user's account may not be linked by phone number.
 */
public final class PhoneConflictException extends RuntimeException {

    /** Event detail: why {@code conflict=link} did not link the account that has the number. */
    public static final String LINK_REFUSED_DETAIL = "phone_link_refused";

    private final String linkRefused;

    public PhoneConflictException() {
        this(null);
    }

    /** @param linkRefused why the account with the number may not be linked (an event detail), or null */
    public PhoneConflictException(String linkRefused) {
        super("This phone number belongs to another account", null, false, false);
        this.linkRefused = linkRefused;
    }

    public Optional<String> linkRefused() {
        return Optional.ofNullable(linkRefused);
    }
}
