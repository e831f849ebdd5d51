package io.dialtone.transaction;

import io.dialtone.message.SipRequest;
import io.dialtone.message.SipResponse;

/**
 * A server transaction (RFC 3261 §17.2), handed to {@link TransactionUser#onRequest}.
 * Confined to the call executor: call its methods there only.
 */
public sealed interface ServerTransaction permits InviteServerTransaction, NonInviteServerTransaction {
    /**
     * The request that created the transaction, until the transaction has sent a final response.
     * From then on it only absorbs or answers retransmissions, for up to 64·T1 (Timer H, I, J or
     * L), and it lets the request go so that those 32 s cost a few hundred bytes rather than the
     * whole parsed request: read what you need from the request when it arrives
     * ({@link TransactionUser#onRequest} hands it over too), or use {@link #callId()} and
     * {@link #method()}.
     *
     * @throws IllegalStateException once the final response was sent
     */
    SipRequest request();

    /** The request's Call-ID; available for the transaction's whole life. */
    String callId();

    /** The request's method, e.g. {@code INVITE}; available for the transaction's whole life. */
    String method();

    /**
     * Sends {@code response} through the transaction, moving it as its figure says. A send
     * failure is reported later through {@link TransactionUser#onTransportError}.
     *
     * @throws IllegalStateException when the state does not accept it: any response after a
     *         non-2xx final, a provisional or non-2xx final after a 2xx, anything once terminated
     * @throws IllegalArgumentException when the CSeq does not match the request's
     */
    void respond(SipResponse response);

    /** The current state. */
    TransactionState state();
}
