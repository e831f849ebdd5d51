package io.dialtone.transaction;

import io.dialtone.message.SipRequest;
import io.dialtone.transport.Destination;

/**
 * A client transaction (RFC 3261 §17.1) created by {@link TransactionLayer#sendRequest}.
 * Confined to the call executor: call its methods there only.
 */
public sealed interface ClientTransaction permits InviteClientTransaction, NonInviteClientTransaction {
    /** The request as sent. */
    SipRequest request();

    /** Where the request is sent. */
    Destination destination();

    /** The current state. */
    TransactionState state();

    /** The top Via branch that identifies the transaction (§17.1.3). */
    String branch();
}
