package dev.kcwechat.records;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What an authorization record records: the contract's kinds, by their names. */
public enum AuthorizationKind {
    REGISTER, SCOPE, PHONE, EMAIL, OPEN_DATA, PRIVACY_POLICY, GUARDIAN_CONSENT, REVOCATION, ACCOUNT_DELETED;

    /** The contract's name: {@code register}, {@code privacy_policy}, ... */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<AuthorizationKind> of(String id) {
        return Arrays.stream(values()).filter(kind -> kind.id().equals(id)).findFirst();
    }
}
