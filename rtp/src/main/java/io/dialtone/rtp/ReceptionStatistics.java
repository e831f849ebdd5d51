package io.dialtone.rtp;

/**
 * Reception statistics of one remote source (SSRC), as RFC 3550 Appendix A prescribes:
 * sequence-number tracking with wrap and cycles (A.1), expected/lost/fraction lost for reports
 * (A.3) and interarrival jitter (A.8).
 *
 * <p>Probation (A.1): a new source is valid once {@link #MIN_SEQUENTIAL} packets arrived in sequence;
 * the packets of the probation before the last are not counted nor played.
 * Jumps larger than {@link #MAX_DROPOUT} ahead or {@link #MAX_MISORDER} behind are discarded, unless
 * two consecutive packets agree on the new numbering, which then restarts the source (A.1).
 *
 * <p>Not thread-safe: confined to the event loop of the stream that owns it.
 */
public final class ReceptionStatistics {

    /** Largest forward jump accepted as loss rather than a restart (A.1). */
    public static final int MAX_DROPOUT = 3000;
    /** Largest backward distance accepted as reordering (A.1). */
    public static final int MAX_MISORDER = 100;
    /** Packets in sequence needed before a source is valid (A.1). */
    public static final int MIN_SEQUENTIAL = 2;

    private static final int RTP_SEQ_MOD = 1 << 16;

    private final int clockRateHz;
    private boolean initialised;
    private int maxSeq;
    private long cycles;
    private int baseSeq;
    private int badSeq;
    private int probation;
    private long received;
    private long expectedPrior;
    private long receivedPrior;

    private boolean haveTransit;
    private long firstArrivalNanos;
    private int transit;
    private double jitter;

    /**
     * @param clockRateHz RTP clock rate of the payload, used to convert arrival times to
     *                    timestamp units (A.8) and jitter to milliseconds
     */
    public ReceptionStatistics(int clockRateHz) {
        if (clockRateHz <= 0) {
            throw new IllegalArgumentException("clockRateHz must be positive: " + clockRateHz);
        }
        this.clockRateHz = clockRateHz;
    }

    private void initSeq(int seq) {
        baseSeq = seq;
        maxSeq = seq;
        badSeq = RTP_SEQ_MOD + 1; // so seq == badSeq is false
        cycles = 0;
        received = 0;
        receivedPrior = 0;
        expectedPrior = 0;
    }

    /**
     * Accounts one received packet: A.1 {@code update_seq}, then A.8 jitter.
     *
     * @param sequenceNumber RTP sequence number, 0..65535
     * @param rtpTimestamp   RTP timestamp of the packet, 0..2³²-1
     * @param arrivalNanos   arrival time on a monotonic clock, nanoseconds
     * @return true if the packet is valid for this source; false if it was discarded as a
     *         probationary or out-of-range packet (it must then not be played)
     */
    public boolean update(int sequenceNumber, long rtpTimestamp, long arrivalNanos) {
        boolean valid = updateSeq(sequenceNumber & 0xFFFF);
        if (valid) {
            updateJitter(rtpTimestamp, arrivalNanos);
        }
        return valid;
    }

    /**
     * Accounts one received packet for A.1 sequence statistics only, without A.8 jitter: for packets
     * whose timestamp is not their sampling instant (RFC 4733 events carry the event's start).
     *
     * @param sequenceNumber RTP sequence number, 0..65535
     * @return as {@link #update}
     */
    public boolean updateSequence(int sequenceNumber) {
        return updateSeq(sequenceNumber & 0xFFFF);
    }

    private boolean updateSeq(int seq) {
        if (!initialised) {
            initialised = true;
            initSeq(seq);
            maxSeq = (seq - 1) & 0xFFFF;
            probation = MIN_SEQUENTIAL;
        }
        int udelta = (seq - maxSeq) & 0xFFFF;
        if (probation > 0) {
            // A.1: source is not valid until MIN_SEQUENTIAL packets in sequence have been received.
            if (seq == ((maxSeq + 1) & 0xFFFF)) {
                probation--;
                maxSeq = seq;
                if (probation == 0) {
                    initSeq(seq);
                    received++;
                    return true;
                }
            } else {
                probation = MIN_SEQUENTIAL - 1;
                maxSeq = seq;
            }
            return false;
        } else if (udelta < MAX_DROPOUT) {
            if (seq < maxSeq) {
                cycles += RTP_SEQ_MOD; // sequence number wrapped
            }
            maxSeq = seq;
        } else if (udelta <= RTP_SEQ_MOD - MAX_MISORDER) {
            // Very large jump: restart only if the next packet confirms it (sender restarted).
            if (seq == badSeq) {
                initSeq(seq);
                haveTransit = false;
            } else {
                badSeq = (seq + 1) & 0xFFFF;
                return false;
            }
        } else {
            // duplicate or reordered packet: counted, max unchanged
        }
        received++;
        return true;
    }

    /** A.8: transit = arrival − timestamp; J += (|D| − J) / 16, all in timestamp units. */
    private void updateJitter(long rtpTimestamp, long arrivalNanos) {
        if (!haveTransit) {
            firstArrivalNanos = arrivalNanos;
        }
        long arrivalUnits = Math.floorDiv((arrivalNanos - firstArrivalNanos) * clockRateHz, 1_000_000_000L);
        int t = (int) (arrivalUnits - rtpTimestamp); // modulo 2^32 like the C code
        if (haveTransit) {
            int d = Math.abs(t - transit);
            jitter += (d - jitter) / 16.0;
        }
        transit = t;
        haveTransit = true;
    }

    /** @return whether any valid packet has been received */
    public boolean hasReceived() {
        return received > 0;
    }

    /** @return valid packets received, including duplicates (A.3 {@code received}) */
    public long received() {
        return received;
    }

    /** @return cycles × 65536 + highest sequence number seen (A.3 {@code extended_max}) */
    public long extendedHighestSeq() {
        return cycles + maxSeq;
    }

    /** @return packets expected since the first valid one (A.3), 0 before any */
    public long expected() {
        return hasReceived() ? extendedHighestSeq() - baseSeq + 1 : 0;
    }

    /**
     * @return cumulative number of packets lost (A.3: expected − received), which duplicates can make
     *         negative; not clamped (the RTCP field is clamped when written)
     */
    public long cumulativeLost() {
        return expected() - received;
    }

    /** @return interarrival jitter in RTP timestamp units, truncated (A.8) */
    public long jitter() {
        return (long) jitter;
    }

    /** @return interarrival jitter in milliseconds */
    public double jitterMs() {
        return jitter * 1000.0 / clockRateHz;
    }

    /**
     * Builds a report block for this source and starts a new reporting interval (A.3): the fraction
     * lost covers the packets since the previous call.
     *
     * @param ssrc the reported source
     * @param lsr  middle 32 bits of the NTP time of the last SR from this source, or 0
     * @param dlsr delay since that SR in 1/65536 s, or 0
     * @return the block, with cumulative lost clamped to the signed 24-bit field
     */
    public RtcpReportBlock report(long ssrc, long lsr, long dlsr) {
        long expected = expected();
        long expectedInterval = expected - expectedPrior;
        expectedPrior = expected;
        long receivedInterval = received - receivedPrior;
        receivedPrior = received;
        long lostInterval = expectedInterval - receivedInterval;
        int fraction = expectedInterval == 0 || lostInterval <= 0 ? 0 : (int) ((lostInterval << 8) / expectedInterval);
        long lost = Math.max(-0x800000, Math.min(0x7FFFFF, cumulativeLost()));
        return new RtcpReportBlock(ssrc, Math.min(fraction, 255), (int) lost, extendedHighestSeq() & 0xFFFFFFFFL,
                jitter() & 0xFFFFFFFFL, lsr, dlsr);
    }
}
