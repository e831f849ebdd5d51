package io.dialtone.transport.internal;

/**
 * Overload shedding (issue 4, "Load harness"): when a call executor falls behind, new calls are
 * refused early and cheaply so that the calls already in progress keep their goodput instead of the
 * whole executor collapsing under timeouts and retransmissions. Pure functions.
 *
 * <p>Only a new out-of-dialog INVITE (no To tag) is ever shed; requests inside a dialog, ACK, CANCEL
 * (they finish calls in progress) and responses are always delivered. The refusal is a
 * {@code 503 Service Unavailable} with {@code Retry-After} (RFC 3261 §21.5.4, §20.33), which a
 * well-behaved UAC or proxy takes as "try elsewhere or later" rather than retransmitting. The
 * transport only decides and marks the request's {@link io.dialtone.transport.Inbound}; the
 * transaction layer answers it through a server transaction, after matching retransmissions.
 */
public final class OverloadShedding {
    private OverloadShedding() {}

    /**
     * Whether to shed {@code method}.
     *
     * @param method        request method (case-sensitive, as on the wire)
     * @param hasToTag      whether the request's To carries a tag (it is inside a dialog, §12.2.2)
     * @param backlog       pending tasks on the target call executor
     * @param maxBacklog    the limit; 0 disables shedding
     */
    public static boolean shouldShed(String method, boolean hasToTag, int backlog, int maxBacklog) {
        return maxBacklog > 0 && backlog > maxBacklog && !hasToTag && "INVITE".equals(method);
    }

    /**
     * Whether to shed {@code method} read from a socket whose receive queue made it wait
     * {@code queueDelayNanos} ({@link QueueDelayProbe}).
     *
     * @param maxQueueDelayNanos the limit; 0 disables this rule
     */
    public static boolean shouldShedAtSocket(String method, boolean hasToTag, long queueDelayNanos,
                                             long maxQueueDelayNanos) {
        return maxQueueDelayNanos > 0 && queueDelayNanos > maxQueueDelayNanos && !hasToTag && "INVITE".equals(method);
    }
}
