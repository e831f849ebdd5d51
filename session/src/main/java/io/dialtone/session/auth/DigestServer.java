package io.dialtone.session.auth;

import io.dialtone.message.SipRequest;
import io.dialtone.message.SipResponse;

/**
 * The UAS side of Digest authentication (RFC 3261 §22.1/§22.3, RFC 7616, RFC 8760): issues
 * challenges, verifies credentials, and rejects expired or replayed nonces.
 *
 * <p>Threading: shared by every call executor (a nonce issued on one may come back on another),
 * so it is thread-safe; it never blocks.
 */
public final class DigestServer {

    /** The outcome of {@link #verify}. */
    public enum Status { AUTHORIZED, CHALLENGE, STALE, FORBIDDEN }

    /**
     * @param status   what to do with the request
     * @param username the authenticated user when {@link Status#AUTHORIZED}, else {@code null}
     * @param reason   why it was not authorized, for logs and the reason phrase (never a secret)
     */
    public record Verdict(Status status, String username, String reason) { }

    /**
     * Checks the Authorization (or, with {@code proxy}, Proxy-Authorization) of {@code request}.
     */
    public Verdict verify(SipRequest request, boolean proxy) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /**
     * A 401 (or, with {@code proxy}, 407) to {@code request} carrying fresh challenges.
     *
     * @param stale true when the request's nonce had expired (RFC 7616 §3.3 stale=true)
     */
    public SipResponse.Builder challenge(SipRequest request, boolean proxy, boolean stale) {
        throw new UnsupportedOperationException("not yet implemented");
    }
}
