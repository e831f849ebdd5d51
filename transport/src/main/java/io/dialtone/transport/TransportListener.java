package io.dialtone.transport;

import io.dialtone.message.SipRequest;
import io.dialtone.message.SipResponse;

/**
 * Receives parsed messages from the transport; implemented by the transaction layer. Each call
 * executor has its own listener, and every method is invoked on that executor only, for messages
 * whose Call-ID hashes to it (ARCHITECTURE.md "One call, one thread").
 */
public interface TransportListener {
    /** A request arrived; its top Via already carries {@code received}/{@code rport} (§18.2.1, RFC 3581 §4). */
    void onRequest(SipRequest request, Inbound source);

    /** A response arrived (§18.1.2). */
    void onResponse(SipResponse response, Inbound source);
}
