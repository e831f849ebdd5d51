package io.dialtone.session.register;

import io.dialtone.message.SipUri;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * The location service of a registrar (RFC 3261 §10.3): bindings of addresses-of-record to
 * contact addresses, read by the proxy that routes requests to registered users (§16.5).
 *
 * <p>Threading: one instance is shared by every call executor, so implementations are
 * thread-safe; they must not block (an implementation over a remote store keeps a local view and
 * writes behind). Expired bindings are never returned, whether or not they were purged yet.
 */
public interface LocationService {

    /** The current (unexpired) bindings of {@code aor}, most preferred first (q, then most recently refreshed). */
    List<Binding> lookup(String aor, Instant now);

    /**
     * True when {@code aor} is known to the service even if it has no binding now, so a request
     * for it gets 480 (Temporarily Unavailable) rather than 404 (§21.4.18, §21.4.4).
     */
    boolean knows(String aor);

    /**
     * Atomically replaces the unexpired bindings of {@code aor} with {@code change} applied to
     * them (§10.3 steps 6–7 are one read-modify-write per AOR). If {@code change} throws, nothing
     * changes and the exception propagates.
     *
     * @return the bindings now stored, most preferred first
     * @throws BindingException 403 when the AOR would exceed its cap, 503 when the service is full
     */
    List<Binding> update(String aor, Instant now, UnaryOperator<List<Binding>> change);

    /**
     * Removes the bindings that expired by {@code now}.
     *
     * @return how many bindings were removed
     */
    int purgeExpired(Instant now);

    /** Bindings stored, expired or not, across all AORs. */
    int size();

    /**
     * The canonical form of an address-of-record (§10.3 step 5): {@code scheme:user@host} with the
     * host in lower case, port, URI parameters and headers dropped, so
     * {@code sip:alice@Example.com:5060;transport=tcp} and {@code sip:alice@example.com} are one AOR.
     */
    static String aorKey(SipUri uri) {
        String user = uri.user() == null ? "" : uri.unescapedUser() + "@";
        return uri.scheme() + ":" + user + uri.host().toLowerCase(Locale.ROOT);
    }
}
