package io.dialtone.transport;

import io.dialtone.message.SipRequest;
import io.dialtone.message.SipResponse;

import java.util.concurrent.CompletableFuture;

/**
 * Sends SIP messages; implemented by {@link SipTransport} and by test fakes. Callable from any
 * thread. The returned future completes when the bytes are handed to the socket, or fails with
 * {@link TransportException} (connection refused, unresolvable, too large for UDP, ...).
 */
public interface MessageSender {
    /** Sends a request to {@code destination} (§18.1.1). */
    CompletableFuture<Void> sendRequest(SipRequest request, Destination destination);

    /**
     * Sends a response where its top Via says (§18.2.2 with RFC 3581 rport): over the connection
     * the request came on for reliable transports, else to {@code received}/{@code rport}.
     */
    CompletableFuture<Void> sendResponse(SipResponse response);

    /**
     * Sends a response to a request that arrived from {@code requestSource}: over a reliable
     * transport on the very connection the request came on while it is open (§18.2.2 MUST), else
     * as {@link #sendResponse(SipResponse)} routes it. Transactions use this form.
     */
    default CompletableFuture<Void> sendResponse(SipResponse response, Inbound requestSource) {
        return sendResponse(response);
    }

    /**
     * The transaction layer refused a new INVITE with {@code 503} because it was read under
     * overload ({@link Inbound#shed()}): counted in {@link TransportMetrics#shed()}.
     */
    default void countShed() {
    }

    /** The address and port to put in Via sent-by and Contact for {@code transport} (e.g. "UDP"). */
    ListeningPoint listeningPoint(String transport);
}
