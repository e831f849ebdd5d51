package io.dialtone.rtp;

/**
 * Fixed-delay playout buffer for one RTP source, keyed by sequence number (RFC 3550 §6.4.1 explains
 * why receivers buffer; the delay itself is a local policy).
 *
 * <p>Packets are {@linkplain #put put} as they arrive and {@linkplain #poll polled} once per packet
 * interval by the media clock. The first packet of a talkspurt is held for {@code delayFrames} polls
 * (prefetch), then one frame is played per poll in sequence order: the packet, or null for a frame
 * that is missing at its playout time (counted as lost). Sequence arithmetic is modulo 2¹⁶, so the
 * buffer plays straight through a wrap from 65535 to 0.
 *
 * <p>Discarded on {@code put}: a sequence number already played or skipped ({@code late}); one already
 * buffered ({@code duplicate}); one at or beyond {@code capacity} frames ahead of the playout point
 * ({@code overflow}). If {@code capacity} packets in a row are discarded as late or overflow, the
 * sender has evidently renumbered, and the buffer restarts on the next packet.
 *
 * <p>When the buffer runs empty it stops (counting an {@code underrun}) rather than counting lost
 * frames while the peer is silent or on hold; the next packet starts a new prefetch, from the lowest
 * buffered sequence number.
 *
 * <p>Threading: single producer, single consumer, both on the stream's event loop (packets are
 * received and the media clock ticks on the same thread), so the buffer uses no locks, atomics or
 * volatile fields and must not be touched from another thread.
 *
 * <table>
 * <caption>Limits</caption>
 * <tr><th>name</th><th>default (stream)</th><th>unit</th><th>effect</th></tr>
 * <tr><td>delayFrames</td><td>3 (60 ms at 20 ms ptime)</td><td>frames</td><td>polls a new talkspurt waits</td></tr>
 * <tr><td>capacity</td><td>max(32, 4 × delay), rounded up to a power of two</td><td>frames</td>
 *     <td>reach ahead of the playout point; memory bound</td></tr>
 * </table>
 */
public final class JitterBuffer {

    private final int delayFrames;
    private final int capacity;
    private final RtpPacket[] slots;

    private boolean running; // playing, as opposed to idle or prefetching
    private boolean anchored; // nextSeq is defined (some packet since the last stop)
    private int nextSeq; // sequence number of the next frame to play
    private int highestSeq; // highest buffered sequence number (valid when size > 0)
    private int size;
    private int prefetchPolls;
    private int consecutiveDiscards;
    private boolean havePlayed;
    private int lastPlayedSeq;

    private long played;
    private long lost;
    private long late;
    private long duplicate;
    private long overflow;
    private long underruns;

    /**
     * @param delayFrames playout delay in frames (packet intervals), at least 0
     * @param capacity    maximum frames held ahead of the playout point; rounded up to a power of two
     *                    (so that slots stay unique across the 2¹⁶ wrap) and at least {@code delayFrames + 1}
     * @throws IllegalArgumentException if {@code delayFrames} is negative or {@code capacity} exceeds 32768
     */
    public JitterBuffer(int delayFrames, int capacity) {
        if (delayFrames < 0 || capacity > 1 << 15) {
            throw new IllegalArgumentException("bad jitter buffer size: delay " + delayFrames + ", capacity " + capacity);
        }
        this.delayFrames = delayFrames;
        int cap = Integer.highestOneBit(Math.max(Math.max(capacity, delayFrames + 1), 2) * 2 - 1);
        this.capacity = cap;
        this.slots = new RtpPacket[cap];
    }

    /** @return the effective capacity in frames (a power of two) */
    public int capacity() {
        return capacity;
    }

    /** @return the configured playout delay in frames */
    public int delayFrames() {
        return delayFrames;
    }

    /** @return frames currently buffered */
    public int size() {
        return size;
    }

    /** Signed distance a − b modulo 2¹⁶, in [-32768, 32767]. */
    private static int seqDiff(int a, int b) {
        return (short) (a - b);
    }

    /**
     * Offers a received packet. Ownership passes to the buffer.
     *
     * @param packet a packet of this source (already validated by {@link ReceptionStatistics})
     */
    public void put(RtpPacket packet) {
        int seq = packet.sequenceNumber();
        if (!anchored && havePlayed && seqDiff(seq, lastPlayedSeq) <= 0 && seqDiff(seq, lastPlayedSeq) > -capacity) {
            late++; // straggler arriving after an underrun: its frame was already played or skipped
            discarded(packet);
            return;
        }
        if (!anchored) {
            anchored = true;
            nextSeq = seq;
            highestSeq = seq;
            prefetchPolls = 0;
        }
        int ahead = seqDiff(seq, nextSeq);
        if (ahead < 0 && !running && size > 0 && seqDiff(highestSeq, seq) < capacity) {
            nextSeq = seq; // reordered before playout started: play from the earlier packet
            ahead = 0;
        }
        if (ahead < 0) {
            late++;
            discarded(packet);
            return;
        }
        if (ahead >= capacity) {
            overflow++;
            discarded(packet);
            return;
        }
        int slot = seq & (capacity - 1);
        if (slots[slot] != null) {
            duplicate++;
            return;
        }
        consecutiveDiscards = 0;
        slots[slot] = packet;
        if (size == 0 || seqDiff(seq, highestSeq) > 0) {
            highestSeq = seq;
        }
        size++;
    }

    private void discarded(RtpPacket packet) {
        if (++consecutiveDiscards >= capacity) {
            reset();
            put(packet);
        }
    }

    /** Drops everything buffered and waits for a new first packet; counters are kept. */
    public void reset() {
        java.util.Arrays.fill(slots, null);
        size = 0;
        running = false;
        anchored = false;
        havePlayed = false;
        consecutiveDiscards = 0;
    }

    /**
     * Takes the frame due now. Call exactly once per packet interval.
     *
     * @return the next packet in sequence order; null while idle or prefetching, or when the frame due
     *         now is missing (then counted in {@link #lost()})
     */
    public RtpPacket poll() {
        if (!running) {
            if (size == 0 || prefetchPolls++ < delayFrames) {
                return null;
            }
            running = true;
        }
        if (size == 0) {
            // Ran dry: stop and prefetch again rather than count silence as loss.
            underruns++;
            running = false;
            anchored = false;
            return null;
        }
        int slot = nextSeq & (capacity - 1);
        RtpPacket packet = slots[slot];
        slots[slot] = null;
        havePlayed = true;
        lastPlayedSeq = nextSeq;
        nextSeq = (nextSeq + 1) & 0xFFFF;
        if (packet == null) {
            lost++;
            return null;
        }
        size--;
        played++;
        return packet;
    }

    /** @return frames played */
    public long played() {
        return played;
    }

    /** @return frames missing at their playout time */
    public long lost() {
        return lost;
    }

    /** @return packets that arrived after their frame was played or skipped */
    public long late() {
        return late;
    }

    /** @return packets discarded because the same sequence number was already buffered */
    public long duplicate() {
        return duplicate;
    }

    /** @return packets discarded because they were too far ahead of the playout point */
    public long overflow() {
        return overflow;
    }

    /** @return times the buffer ran empty while playing */
    public long underruns() {
        return underruns;
    }

    /** @return a snapshot of the counters */
    public JitterBufferStats stats() {
        return new JitterBufferStats(played, lost, late, duplicate, overflow, underruns, size);
    }
}
