package io.dialtone.session.auth;

import io.dialtone.message.SipRequest;
import io.dialtone.message.SipResponse;

/**
 * The UAC side of Digest authentication (RFC 3261 §22.2, RFC 7616, RFC 8760, RFC 2617
 * compatibility) for one dialog or one registration: remembers the challenges it was given and
 * adds Authorization / Proxy-Authorization to requests, counting nonce uses (nc).
 *
 * <p>Use: when a request draws 401 or 407, call {@link #onChallenge}; if it returns true, build
 * the retry (new Via branch, next CSeq) and pass it through {@link #authorize}. Later requests to
 * the same realm may be passed through {@link #authorize} pre-emptively.
 *
 * <p>Threading: confined to the call executor that owns the dialog or registration.
 */
public final class DigestClient {
    private final CredentialsProvider credentials;

    public DigestClient(CredentialsProvider credentials) {
        this.credentials = credentials;
    }

    /**
     * Records the challenges of a 401 (WWW-Authenticate) or 407 (Proxy-Authenticate) to
     * {@code challenged}.
     *
     * @return true when a retry should be sent: we have credentials for a realm, support an offered
     *         algorithm, and this is not a repeat rejection of credentials for the same nonce
     *         (unless the server said {@code stale=true})
     */
    public boolean onChallenge(SipRequest challenged, SipResponse challenge) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /** {@code request} with credentials for every remembered challenge added (nc incremented). */
    public SipRequest authorize(SipRequest request) {
        throw new UnsupportedOperationException("not yet implemented");
    }
}
