package io.dialtone.session.auth;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a {@link DigestServer} finds the password of a user of its realm (RFC 3261 §22.1). It is
 * called on every call executor at once, so implementations must be thread-safe and must not
 * block (keep the users in memory, or in a cache an I/O thread fills).
 */
@FunctionalInterface
public interface PasswordLookup {
    /** The password of {@code username}, or empty when there is no such user. */
    Optional<String> passwordFor(String username);

    /** One user. */
    static PasswordLookup of(String username, String password) {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        return u -> u.equals(username) ? Optional.of(password) : Optional.empty();
    }

    /** A fixed table of users, copied. */
    static PasswordLookup of(Map<String, String> passwords) {
        Map<String, String> copy = Map.copyOf(passwords);
        return u -> Optional.ofNullable(copy.get(u));
    }
}
