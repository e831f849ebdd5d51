package io.dialtone.session;

import io.dialtone.message.header.SubscriptionState;

/**
 * Receives the NOTIFYs of a {@link Subscription} (RFC 6665 §4.1.3) and its end. Called on the
 * subscription's call executor: do not block.
 */
@FunctionalInterface
public interface NotifyHandler {
    /**
     * A NOTIFY arrived and was answered 200.
     *
     * @param state       its Subscription-State
     * @param contentType its body's media type (lower case, no parameters), or {@code null} without body
     * @param body        its body, empty without one
     */
    void onNotify(Subscription subscription, SubscriptionState state, String contentType, byte[] body);
}
