package io.dialtone.transport;

import java.net.InetSocketAddress;

/**
 * Where a message came from, and whether it was read while the stack was overloaded.
 *
 * @param transport       {@code "UDP"} or {@code "TCP"}
 * @param remote          the peer's source address and port
 * @param local           the listening point's address it arrived on
 * @param retryAfterShed  0 normally; when the message was read while the transport was overloaded
 *                        (datagrams waiting in its UDP receive queue for longer than
 *                        {@link TransportConfig#maxReceiveQueueDelay()}, or its call executor's
 *                        backlog over {@link TransportConfig#maxExecutorBacklog()}), the
 *                        {@code Retry-After} in seconds (at least 1) with which the transaction
 *                        layer answers it {@code 503} if it is a new out-of-dialog INVITE: the
 *                        refusal goes through a server transaction, so retransmissions of an INVITE
 *                        already being answered are absorbed by their transaction, never refused
 */
public record Inbound(String transport, InetSocketAddress remote, InetSocketAddress local, int retryAfterShed) {

    /** A message read normally (not under overload). */
    public Inbound(String transport, InetSocketAddress remote, InetSocketAddress local) {
        this(transport, remote, local, 0);
    }

    /** Whether a new INVITE from here is to be refused for overload ({@link #retryAfterShed} > 0). */
    public boolean shed() {
        return retryAfterShed > 0;
    }

    /** This source marked as read under overload, to be answered {@code 503} with {@code Retry-After: seconds}. */
    public Inbound overloaded(int retryAfterSeconds) {
        return new Inbound(transport, remote, local, Math.max(1, retryAfterSeconds));
    }
}
