package io.dialtone.transaction;

import io.dialtone.message.SipResponse;
import io.dialtone.transport.TransportException;

/**
 * What a client transaction reports to its TU (RFC 3261 §17.1). Called on the call executor;
 * do not block there.
 */
public interface ClientTransactionListener {
    /** A provisional, the final, and for INVITE each 2xx retransmission received in Accepted (RFC 6026 §8.4). */
    void onResponse(ClientTransaction tx, SipResponse rsp);

    /** Timer B or F fired: no final response (§17.1.1.2, §17.1.2.2); the transaction is terminated. */
    void onTimeout(ClientTransaction tx);

    /** A send failed (§17.1.4); the transaction is terminated. */
    void onTransportError(ClientTransaction tx, TransportException e);
}
