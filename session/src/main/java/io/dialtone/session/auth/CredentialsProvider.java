package io.dialtone.session.auth;

import java.util.Optional;

/**
 * Where a UAC finds credentials for a challenge's realm (RFC 3261 §22.2). May be called on any
 * call executor, so implementations must be thread-safe and must not block.
 */
@FunctionalInterface
public interface CredentialsProvider {
    /** Credentials for {@code realm}, or empty when we have none (the challenge is then final). */
    Optional<DigestCredentials> credentialsFor(String realm);

    /** The same credentials for every realm. */
    static CredentialsProvider of(DigestCredentials credentials) {
        return realm -> Optional.of(credentials);
    }
}
