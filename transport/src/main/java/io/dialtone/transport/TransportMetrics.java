package io.dialtone.transport;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of one {@link SipTransport} (ARCHITECTURE.md "Errors and observability"). Readable
 * from any thread; an application can bridge them to Micrometer with gauges over the getters.
 * Counting never blocks or throws.
 */
public final class TransportMetrics {
    private final LongAdder messagesIn = new LongAdder();
    private final LongAdder messagesOut = new LongAdder();
    private final LongAdder parseErrors = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder bytesIn = new LongAdder();
    private final LongAdder bytesOut = new LongAdder();
    private final LongAdder shed = new LongAdder();
    private final LongAdder impairedDropped = new LongAdder();
    private final LongAdder impairedDuplicated = new LongAdder();
    private final LongAdder impairedDelayed = new LongAdder();
    private final LongAdder impairedReordered = new LongAdder();

    TransportMetrics() {}

    /** Messages (frames or datagrams, keep-alives excluded) received, parsable or not. */
    public long messagesIn() { return messagesIn.sum(); }

    /** Messages handed to a socket successfully. */
    public long messagesOut() { return messagesOut.sum(); }

    /** Received messages the parser or framer rejected (answered or not). */
    public long parseErrors() { return parseErrors.sum(); }

    /**
     * Received messages or connections dropped without delivery: unanswerable parse errors,
     * responses whose top Via is not ours (§18.1.2), connections over the limit.
     */
    public long dropped() { return dropped.sum(); }

    /**
     * New out-of-dialog INVITEs answered 503 with Retry-After because their call executor's backlog
     * was over {@link TransportConfig#maxExecutorBacklog()} (overload shedding); not in {@link #dropped()}.
     */
    public long shed() { return shed.sum(); }

    /** Bytes received (SIP payload, not counting IP/UDP/TCP headers). */
    public long bytesIn() { return bytesIn.sum(); }

    /** Bytes sent successfully. */
    public long bytesOut() { return bytesOut.sum(); }

    /** UDP datagrams (either direction) lost on purpose by the {@link ImpairmentConfig}; 0 without one. */
    public long impairedDropped() { return impairedDropped.sum(); }

    /** Extra copies of UDP datagrams (either direction) delivered by the {@link ImpairmentConfig}. */
    public long impairedDuplicated() { return impairedDuplicated.sum(); }

    /** UDP datagram deliveries (either direction) that waited: delayed, or queued behind a delayed one. */
    public long impairedDelayed() { return impairedDelayed.sum(); }

    /** UDP datagrams (either direction) held back behind the next one by the {@link ImpairmentConfig}. */
    public long impairedReordered() { return impairedReordered.sum(); }

    void received(int sizeBytes) {
        messagesIn.increment();
        bytesIn.add(sizeBytes);
    }

    void sent(int sizeBytes) {
        messagesOut.increment();
        bytesOut.add(sizeBytes);
    }

    void parseError() {
        parseErrors.increment();
    }

    void drop() {
        dropped.increment();
    }

    void shedOne() {
        shed.increment();
    }

    void impairedDrop() {
        impairedDropped.increment();
    }

    void impairedDuplicate() {
        impairedDuplicated.increment();
    }

    void impairedDelay() {
        impairedDelayed.increment();
    }

    void impairedReorder() {
        impairedReordered.increment();
    }

    @Override
    public String toString() {
        return "TransportMetrics{in=" + messagesIn() + ", out=" + messagesOut() + ", parseErrors=" + parseErrors()
                + ", dropped=" + dropped() + ", shed=" + shed() + ", bytesIn=" + bytesIn() + ", bytesOut=" + bytesOut()
                + (impairedDropped() + impairedDuplicated() + impairedDelayed() + impairedReordered() == 0 ? ""
                        : ", impairedDropped=" + impairedDropped() + ", impairedDuplicated=" + impairedDuplicated()
                        + ", impairedDelayed=" + impairedDelayed() + ", impairedReordered=" + impairedReordered())
                + '}';
    }
}
