package io.dialtone.session;

import io.dialtone.message.SipRequest;

import java.util.Set;

/**
 * Receives MESSAGE requests (RFC 3428 §7), inside or outside a dialog. Called on the call
 * executor: do not block.
 */
public interface MessageListener {
    /** Media types accepted (lower case); a MESSAGE of another type gets 415 with Accept (RFC 3428 §7). */
    default Set<String> accepts() {
        return Set.of("text/plain");
    }

    /**
     * @param message the request; its body is the message
     * @return the status to answer: 200 when delivered, or a failure (e.g. 480, 486, 603)
     */
    int onMessage(SipRequest message);
}
