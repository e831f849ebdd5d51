package io.dialtone.session.auth;

import java.util.Objects;

/**
 * A user name and password for Digest authentication (RFC 7616, RFC 8760). {@link #toString()}
 * never shows the password, so a credentials value can be logged safely.
 *
 * @param username the digest username (usually the user part of the AOR)
 * @param password the shared secret
 */
public record DigestCredentials(String username, String password) {
    public DigestCredentials {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
    }

    @Override
    public String toString() {
        return "DigestCredentials[username=" + username + ", password=<redacted>]";
    }
}
