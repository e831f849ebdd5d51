package io.dialtone.transaction;

import io.dialtone.message.SipRequest;
import io.dialtone.message.SipResponse;

/**
 * A server transaction (RFC 3261 §17.2), handed to {@link TransactionUser#onRequest}.
 * Confined to the call executor: call its methods there only.
 */
public sealed interface ServerTransaction permits InviteServerTransaction, NonInviteServerTransaction {
    /** The request that created the transaction. */
    SipRequest request();

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
