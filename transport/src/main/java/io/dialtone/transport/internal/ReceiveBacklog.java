package io.dialtone.transport.internal;

/**
 * How long a datagram socket's receive queue has stayed non-empty: the overload signal at the
 * socket (issue 4, "offered 3× its clean rate"). A read burst that stops before its limit has
 * found the queue empty; one that reaches the limit has not. While burst after burst reaches the
 * limit, requests wait in the kernel buffer, and the time since the first of those bursts bounds
 * from below how long they wait: past a threshold the transport sheds new INVITEs
 * ({@link OverloadShedding}) until a burst drains the queue.
 *
 * <p>Threading: confined to the socket's event loop; no locks, atomics or {@code volatile}.
 */
public final class ReceiveBacklog {
    private final int burstLimit;
    private int burst;
    private long backlogSince = -1;

    /** @param burstLimit the most datagrams one read burst takes (Netty's maxMessagesPerRead), at least 2 */
    public ReceiveBacklog(int burstLimit) {
        if (burstLimit < 2) {
            throw new IllegalArgumentException("burstLimit must be at least 2: " + burstLimit);
        }
        this.burstLimit = burstLimit;
    }

    /** One datagram was read in the current burst. */
    public void onRead() {
        burst++;
    }

    /**
     * The current read burst ended at {@code nowNanos} ({@code channelReadComplete}): below the
     * limit it emptied the queue and the backlog is over; at the limit the backlog goes on (and
     * starts now if it had not).
     */
    public void onBurstEnd(long nowNanos) {
        if (burst >= burstLimit) {
            if (backlogSince < 0) {
                backlogSince = nowNanos;
            }
        } else {
            backlogSince = -1;
        }
        burst = 0;
    }

    /** Nanoseconds the queue has stayed non-empty as of {@code nowNanos}; 0 when it drained in the last burst. */
    public long delayNanos(long nowNanos) {
        return backlogSince < 0 ? 0 : Math.max(0, nowNanos - backlogSince);
    }
}
