package io.dialtone.transaction;

import io.dialtone.message.SipRequest;
import io.dialtone.message.SipResponse;
import io.dialtone.transport.Inbound;
import io.dialtone.transport.TransportException;

/**
 * The transaction user (UAC/UAS core, dialog layer) as the transaction layer sees it. Every
 * method is called on the call executor; do not block there.
 */
public interface TransactionUser {
    /** A new request created {@code tx} (§17.2.3 found no match); answer it through {@code tx}. */
    void onRequest(ServerTransaction tx, SipRequest req, Inbound source);

    /**
     * An ACK that no INVITE server transaction absorbs: an ACK for a 2xx (§13.3.1.4, RFC 6026 §8.7,
     * whether the transaction is in Accepted or gone), or one matching nothing.
     */
    void onAck(SipRequest ack, Inbound source);

    /** A response matching no client transaction (§17.1.3), for example a retransmitted 2xx after Timer M (RFC 6026 §7.2). */
    void onStrayResponse(SipResponse rsp, Inbound source);

    /**
     * {@code tx} is done with the TU and left the tables; called last, after any other callback
     * for that move. Either it terminated, or it has sent its final response (and, for a 2xx to
     * INVITE, passed the ACK on) and from now on only answers or absorbs retransmissions until
     * Timer J or L as a record in its layer (RFC 3261 §17.2.2, RFC 6026 §8.7): nothing the TU
     * does can change that, so let go of {@code tx}; its {@link ServerTransaction#state()} turns
     * Terminated when the timer's time comes.
     */
    default void onServerTransactionDone(ServerTransaction tx) {}

    /** Sending a response of {@code tx} failed (§17.2.4); the transaction is terminated. */
    default void onTransportError(ServerTransaction tx, TransportException e) {}

    /** Timer H fired: no ACK arrived for the non-2xx final of INVITE transaction {@code tx} (§17.2.1). */
    default void onTimeout(ServerTransaction tx) {}
}
