package io.dialtone.rtp;

import java.util.Objects;

/**
 * Adaptive playout buffer for one RTP source (RFC 3550 §6.4.1 explains why receivers buffer; the
 * delay policy is local). Packets are {@linkplain #put put} as they arrive; the media clock
 * {@linkplain #poll polls} once per packet interval (ptime) and is told to {@link Playout#PLAY} the
 * next frame, {@link Playout#CONCEAL} a missing one, or play {@link Playout#SILENCE}.
 *
 * <p><b>Clock.</b> The buffer has no clock of its own: one poll is one frame, and a packet put between
 * two polls arrived during that interval. Its <em>slack</em> is the number of polls it waits before
 * being played; the smallest slack in a window shows how much delay could be removed, a negative
 * one (a late packet) how much is missing.
 *
 * <p><b>Adaptation.</b>
 * <ul>
 * <li>Grows fast. When the buffer runs dry while playing it <em>holds</em>: the frame due is concealed
 *     but the playout point stays put, so a delay spike grows the delay by exactly its length and the
 *     delayed packets are played, not discarded. A packet arriving after its frame was concealed (late)
 *     makes the buffer insert that many concealed frames at once.</li>
 * <li>Shrinks slowly. Every {@link #WINDOW_POLLS} polls the spread of slack in the window (its jitter,
 *     which clock drift does not change) is recorded. The target delay is the worst jitter of the last
 *     {@link #HISTORY_WINDOWS} windows (10 s) plus one frame of margin, at least the minimum. When the
 *     delay is above the target and every packet of the window had more than the margin to spare, one
 *     frame is dropped: the next quiet frame (see {@link QuietTest}), or any frame after
 *     {@link #FORCE_AFTER_POLLS} polls without one. At most one frame per window.</li>
 * <li>Clock drift. A sender whose clock runs fast fills the buffer by one frame every 1/drift frames
 *     (100 at 1 %); the shrink rule removes it. One that runs slow drains it; when the delay of a window
 *     falls below the minimum, or a packet only just made it, one concealed frame is inserted (after a
 *     quiet frame if one comes within a window).</li>
 * <li>Talkspurts. A hold longer than the maximum delay, or a packet after a hold that starts a new
 *     talkspurt (marker bit, or a timestamp not continuing the last one: DTX, silence suppression,
 *     a timestamp jump), restarts playout with a prefetch of the current target delay — the point where
 *     the delay may change at no cost. A packet after a hold that continues the stream skips the frames
 *     the hold already concealed, so a burst of losses does not add delay.</li>
 * </ul>
 *
 * <p><b>Discards</b> on {@code put}: a sequence number already played or skipped ({@code late}); one
 * already buffered ({@code duplicate}); one {@code capacity} or more frames ahead ({@code overflow}).
 * Two consecutive packets far from the playout point (a renumbered sender, RFC 3550 A.1), or
 * {@code capacity} discards in a row, restart the buffer. Sequence arithmetic is modulo 2¹⁶.
 *
 * <p><b>Memory.</b> A ring of {@code capacity} slots, each with a reused payload array: a steady-state
 * put and poll copy bytes and allocate nothing.
 *
 * <p>Threading: single producer, single consumer, both on the stream's event loop; no locks, atomics
 * or volatile fields; must not be touched from another thread.
 *
 * <table>
 * <caption>Limits</caption>
 * <tr><th>name</th><th>default (stream)</th><th>unit</th><th>effect</th></tr>
 * <tr><td>minDelayFrames</td><td>3 (60 ms at 20 ms ptime)</td><td>frames</td><td>initial delay and floor of shrinking</td></tr>
 * <tr><td>maxDelayFrames</td><td>25 (500 ms)</td><td>frames</td><td>ceiling of growth; longer holds restart playout</td></tr>
 * <tr><td>capacity</td><td>2 × max + 2, at least 32, a power of two</td><td>frames</td><td>reach ahead of the playout point</td></tr>
 * <tr><td>{@link #WINDOW_POLLS}</td><td>25 (500 ms)</td><td>polls</td><td>adaptation step; at most one drop or insert each</td></tr>
 * <tr><td>{@link #HISTORY_WINDOWS}</td><td>20 (10 s)</td><td>windows</td><td>memory of the worst jitter</td></tr>
 * <tr><td>{@link #FORCE_AFTER_POLLS}</td><td>50 (1 s)</td><td>polls</td><td>wait for a quiet frame to drop or insert</td></tr>
 * </table>
 */
public final class JitterBuffer {

    /** What the consumer plays for one poll. */
    public enum Playout {
        /** A frame: its payload was copied into the caller's array ({@link #payloadLength()} bytes). */
        PLAY,
        /** A frame is missing or the delay grows: play a concealment frame. */
        CONCEAL,
        /** Nothing to play (idle, prefetching, or a gap longer than concealment covers). */
        SILENCE
    }

    /** Classifies a buffered frame as quiet, where dropping it is inaudible. */
    @FunctionalInterface
    public interface QuietTest {
        /**
         * @param payload payload bytes (not retained)
         * @param offset  index of the first byte
         * @param length  payload length in bytes
         * @return whether the frame is silence or low energy
         */
        boolean isQuiet(byte[] payload, int offset, int length);
    }

    /** Polls per adaptation window. */
    public static final int WINDOW_POLLS = 25;
    /** Windows of jitter remembered when deciding to shrink. */
    public static final int HISTORY_WINDOWS = 20;
    /** Polls a decided drop or insert waits for a quiet frame before it happens anyway. */
    public static final int FORCE_AFTER_POLLS = 2 * WINDOW_POLLS;

    private enum State { IDLE, PREFETCH, PLAYING }

    private final int ptimeMs;
    private final int maxDelayFrames;
    private final int concealLimit; // hold polls that still conceal
    private final int capacity;
    private final int mask;
    private final PlayoutDelay delay; // window slack, jitter history, measured and target delay, arming

    /**
     * Per slot, side by side ({@link #SLOT_INTS} ints, four slots to a cache line): the sequence number
     * (-1 when empty), the sequence number last played from it (-1 if skipped), the payload length and
     * the RTP timestamp. A put and a poll each touch one line of it and their payload's run of
     * {@link #store}, instead of a line in each of five arrays and a separate payload array.
     */
    private final int[] slots;
    private static final int SLOT_INTS = 4;
    private static final int SEQ = 0;
    private static final int PAST_SEQ = 1;
    private static final int LENGTH = 2;
    private static final int TIMESTAMP = 3;
    /** The payloads, slot after slot, {@link #stride} bytes each. */
    private byte[] store;
    private int stride;
    private QuietTest quietTest;

    private State state = State.IDLE;
    private int nextSeq; // next frame to play (PREFETCH, PLAYING)
    private int highestSeq; // valid when size > 0
    private int size;
    private int prefetchPolls;
    private int holdPolls; // consecutive polls the buffer was dry while playing
    private int lastPayloadLength;
    private long lastTimestamp;

    private boolean havePlayed; // lastPlayedSeq valid (for stragglers after a stop)
    private int lastPlayedSeq;
    private boolean havePut; // lastPutSeq/lastPutTs valid
    private int lastPutSeq;
    private long lastPutTs;
    private long tsStep; // timestamp units per frame, learned
    private int farSeq = -1; // last packet far from the playout point
    private int consecutiveDiscards;
    private boolean lastPlayedQuiet; // while an insert is armed

    private long played;
    private long concealed;
    private long lost;
    private long late;
    private long duplicate;
    private long overflow;
    private long underruns;
    private long dropped;
    private long inserted;

    /**
     * @param ptimeMs         packet interval in ms (one poll), used to report delays in ms
     * @param samplesPerFrame RTP timestamp units per frame, a first guess refined from the stream
     * @param minDelayFrames  initial and minimum playout delay in frames, at least 0
     * @param maxDelayFrames  maximum playout delay in frames, at least {@code minDelayFrames}
     * @throws IllegalArgumentException if a value is out of range or the delay exceeds 8192 frames
     */
    public JitterBuffer(int ptimeMs, int samplesPerFrame, int minDelayFrames, int maxDelayFrames) {
        if (ptimeMs <= 0 || samplesPerFrame <= 0 || minDelayFrames < 0 || maxDelayFrames < minDelayFrames
                || maxDelayFrames > 8192) {
            throw new IllegalArgumentException("bad jitter buffer: ptime " + ptimeMs + " ms, samples " + samplesPerFrame
                    + ", delay " + minDelayFrames + ".." + maxDelayFrames + " frames");
        }
        this.ptimeMs = ptimeMs;
        this.maxDelayFrames = maxDelayFrames;
        this.concealLimit = Math.max(1, (60 + ptimeMs - 1) / ptimeMs);
        this.capacity = Integer.highestOneBit(Math.max(32, 2 * maxDelayFrames + 2) * 2 - 1);
        this.mask = capacity - 1;
        this.delay = new PlayoutDelay(minDelayFrames, maxDelayFrames);
        this.tsStep = samplesPerFrame;
        this.slots = new int[capacity * SLOT_INTS];
        clearSlots();
        this.stride = samplesPerFrame;
        this.store = new byte[capacity * stride];
    }

    /**
     * Sets the test that finds frames quiet enough to drop; without one, frames are dropped one window
     * after a drop was decided.
     *
     * @param test the test, or null for none
     */
    public void quietTest(QuietTest test) {
        this.quietTest = test;
    }

    /** @return slots in the ring, frames (a power of two) */
    public int capacity() { return capacity; }

    /** @return frames currently buffered */
    public int size() { return size; }

    /** @return current playout delay: the largest slack of the last window, in ms */
    public int delayMs() {
        return (state == State.PLAYING ? delay.delayFrames() : delay.targetFrames()) * ptimeMs;
    }

    /** @return the delay the next talkspurt starts with, in ms */
    public int targetDelayMs() {
        return delay.targetFrames() * ptimeMs;
    }

    private static int seqDiff(int a, int b) {
        return (short) (a - b); // a − b modulo 2¹⁶, in [-32768, 32767]
    }

    /**
     * Offers a received packet; its payload is copied.
     *
     * @param packet a packet of this source (already validated by {@link ReceptionStatistics})
     */
    public void put(RtpPacket packet) {
        byte[] p = packet.payloadArray();
        put(packet.sequenceNumber(), packet.timestamp(), packet.marker(), p, 0, p.length);
    }

    /**
     * Offers a received frame; the payload is copied into its slot of the buffer's payload store.
     *
     * @param seq       RTP sequence number, 0..65535
     * @param timestamp RTP timestamp, 0..2³²-1
     * @param marker    RTP marker bit (start of a talkspurt for audio, RFC 3551 §4.1)
     * @param payload   payload bytes (not retained)
     * @param offset    index of the first payload byte
     * @param length    payload length in bytes
     * @throws IndexOutOfBoundsException if the range falls outside {@code payload}
     */
    public void put(int seq, long timestamp, boolean marker, byte[] payload, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, payload.length);
        seq &= 0xFFFF;
        if (state == State.PLAYING && size == 0 && holdPolls > 0) {
            resolveHold(seq, timestamp, marker);
        }
        if (state == State.IDLE) {
            if (havePlayed && seqDiff(seq, lastPlayedSeq) <= 0 && seqDiff(seq, lastPlayedSeq) > -capacity) {
                // a straggler after playout stopped: its frame was already played or skipped
                if (!restarted(seq, timestamp, marker, payload, offset, length)) {
                    countBehind(seq, false);
                }
                return;
            }
            startTalkspurt(seq);
        }
        int ahead = seqDiff(seq, nextSeq);
        if (ahead < 0 && state == State.PREFETCH && size > 0 && seqDiff(highestSeq, seq) < capacity) {
            nextSeq = seq; // reordered before playout started: play from the earlier packet
            ahead = 0;
        }
        if (ahead < 0) {
            if (!restarted(seq, timestamp, marker, payload, offset, length)
                    && countBehind(seq, state == State.PLAYING && -ahead <= maxDelayFrames)) {
                delay.late(ahead); // it missed its frame by -ahead polls: grow by as much, now
            }
            return;
        }
        if (ahead >= capacity) {
            if (!restarted(seq, timestamp, marker, payload, offset, length)) {
                overflow++;
            }
            return;
        }
        int slot = seq & mask;
        if (slots[slot * SLOT_INTS + SEQ] == seq) {
            duplicate++;
            return;
        }
        consecutiveDiscards = 0;
        farSeq = -1;
        // A packet overtaking its predecessor is not early: the predecessor is late.
        boolean inSequence = havePut && seqDiff(seq, lastPutSeq) == 1;
        store(slot, seq, timestamp, marker, payload, offset, length);
        if (state == State.PLAYING) {
            delay.arrived(ahead, inSequence);
        }
    }

    private void store(int slot, int seq, long timestamp, boolean marker, byte[] payload, int offset, int length) {
        if (length > stride) {
            widen(length); // a larger ptime than expected: once
        }
        System.arraycopy(payload, offset, store, slot * stride, length);
        int at = slot * SLOT_INTS;
        slots[at + SEQ] = seq;
        slots[at + LENGTH] = length;
        slots[at + TIMESTAMP] = (int) timestamp;
        if (size == 0 || seqDiff(seq, highestSeq) > 0) {
            highestSeq = seq;
        }
        size++;
        if (havePut) {
            int ds = seqDiff(seq, lastPutSeq);
            long dts = (timestamp - lastPutTs) & 0xFFFFFFFFL;
            if (ds == 1 && dts > 0 && dts <= 8 * tsStep && !marker) {
                tsStep = dts;
            }
        }
        if (!havePut || seqDiff(seq, lastPutSeq) > 0) {
            havePut = true;
            lastPutSeq = seq;
            lastPutTs = timestamp;
        }
    }

    /** Marks every slot empty and never played. */
    private void clearSlots() {
        for (int at = 0; at < slots.length; at += SLOT_INTS) {
            slots[at + SEQ] = -1;
            slots[at + PAST_SEQ] = -1;
        }
    }

    /** Re-lays the payload store out with room for {@code length} bytes per slot, keeping what it holds. */
    private void widen(int length) {
        byte[] wider = new byte[capacity * length];
        for (int slot = 0; slot < capacity; slot++) {
            System.arraycopy(store, slot * stride, wider, slot * length, slots[slot * SLOT_INTS + LENGTH]);
        }
        store = wider;
        stride = length;
    }

    /** The first packet after the buffer ran dry: a continuation, or a new talkspurt. */
    private void resolveHold(int seq, long timestamp, boolean marker) {
        int gap = seqDiff(seq, nextSeq);
        if (gap < 0 || gap >= capacity) {
            return; // late or far: handled as any other
        }
        boolean continues = !marker && havePut
                && Math.abs((int) (timestamp - (lastPutTs + seqDiff(seq, lastPutSeq) * tsStep))) < tsStep;
        if (continues) {
            // The polls held were concealing the missing frames: skip as many of them.
            int skip = Math.min(gap, holdPolls);
            lost += skip;
            nextSeq = (nextSeq + skip) & 0xFFFF;
        } else {
            lost += gap;
            stopPlaying();
        }
        holdPolls = 0;
    }

    private void startTalkspurt(int seq) {
        delay.startTalkspurt();
        state = State.PREFETCH;
        nextSeq = seq;
        prefetchPolls = 0;
        holdPolls = 0;
    }

    /**
     * Counts a packet behind the playout point: a duplicate if its frame was played, else late.
     *
     * @return whether it was late
     */
    private boolean countBehind(int seq, boolean playing) {
        if (slots[(seq & mask) * SLOT_INTS + PAST_SEQ] == seq) {
            duplicate++; // e.g. a retransmission of a frame already played: no reason to grow
            return false;
        }
        late++;
        return playing;
    }

    /**
     * Called for each discarded packet: restarts the buffer with it if the sender has evidently
     * renumbered (two consecutive far packets, RFC 3550 A.1, or {@code capacity} discards in a row).
     *
     * @return whether the buffer restarted (the packet was then put, not discarded)
     */
    private boolean restarted(int seq, long timestamp, boolean marker, byte[] payload, int offset, int length) {
        int dist = state == State.IDLE ? 0 : Math.abs(seqDiff(seq, nextSeq));
        boolean renumbered = dist >= capacity && farSeq >= 0 && seq == ((farSeq + 1) & 0xFFFF);
        farSeq = dist >= capacity ? seq : -1;
        if (renumbered || ++consecutiveDiscards >= capacity) {
            reset();
            put(seq, timestamp, marker, payload, offset, length);
            return true;
        }
        return false;
    }

    /**
     * Drops everything buffered and waits for a new first packet (barge-in, SSRC change, direction
     * change); counters and the learned delay are kept.
     */
    public void reset() {
        clearSlots();
        size = 0;
        stopPlaying();
        havePlayed = false;
        havePut = false;
        consecutiveDiscards = 0;
        farSeq = -1;
    }

    private void stopPlaying() {
        state = State.IDLE;
        holdPolls = 0;
        delay.disarm();
    }

    /**
     * Takes what to play now. Call exactly once per packet interval.
     *
     * @param out receives the payload on {@link Playout#PLAY}; must hold the largest payload put
     * @return what to play
     * @throws IndexOutOfBoundsException if {@code out} is too small for the frame
     */
    public Playout poll(byte[] out) {
        switch (state) {
            case IDLE -> {
                return Playout.SILENCE;
            }
            case PREFETCH -> {
                if (prefetchPolls < delay.targetFrames() && size <= delay.targetFrames()) {
                    prefetchPolls++;
                    return Playout.SILENCE;
                }
                state = State.PLAYING;
                delay.startPlaying(Math.max(prefetchPolls, seqDiff(highestSeq, nextSeq)));
            }
            case PLAYING -> { }
        }
        delay.poll();
        if (delay.takeInsert(lastPlayedQuiet)) {
            inserted++;
            return conceal();
        }
        int slot = nextSeq & mask;
        if (slots[slot * SLOT_INTS + SEQ] != nextSeq) {
            if (size == 0) {
                if (holdPolls++ == 0) {
                    underruns++;
                }
                if (holdPolls > maxDelayFrames) {
                    stopPlaying(); // a long gap, not a spike: the next packet starts afresh
                    return Playout.SILENCE;
                }
                return holdPolls <= concealLimit ? conceal() : Playout.SILENCE;
            }
            lost++;
            advance();
            return conceal();
        }
        if (delay.dropArmed() && size > 1 && slots[((nextSeq + 1) & mask) * SLOT_INTS + SEQ] == ((nextSeq + 1) & 0xFFFF)
                && (delay.forceDue() || isQuiet(slot))) {
            release(slot);
            dropped++;
            delay.dropped();
            slot = nextSeq & mask;
        }
        lastPayloadLength = slots[slot * SLOT_INTS + LENGTH];
        lastTimestamp = slots[slot * SLOT_INTS + TIMESTAMP] & 0xFFFFFFFFL;
        System.arraycopy(store, slot * stride, out, 0, lastPayloadLength);
        lastPlayedQuiet = delay.insertArmed() && isQuiet(slot);
        release(slot);
        played++;
        return Playout.PLAY;
    }

    private boolean isQuiet(int slot) {
        return quietTest != null && quietTest.isQuiet(store, slot * stride, slots[slot * SLOT_INTS + LENGTH]);
    }

    private Playout conceal() {
        concealed++;
        return Playout.CONCEAL;
    }

    private void release(int slot) {
        slots[slot * SLOT_INTS + SEQ] = -1;
        size--;
        advance();
        slots[slot * SLOT_INTS + PAST_SEQ] = lastPlayedSeq;
    }

    private void advance() {
        slots[(nextSeq & mask) * SLOT_INTS + PAST_SEQ] = -1;
        havePlayed = true;
        lastPlayedSeq = nextSeq;
        nextSeq = (nextSeq + 1) & 0xFFFF;
    }

    /** @return payload length of the frame last returned as {@link Playout#PLAY}, bytes */
    public int payloadLength() { return lastPayloadLength; }

    /** @return RTP timestamp of the frame last returned as {@link Playout#PLAY} */
    public long timestamp() { return lastTimestamp; }

    /** @return frames played */
    public long played() { return played; }

    /** @return polls answered with {@link Playout#CONCEAL} */
    public long concealed() { return concealed; }

    /** @return sequence numbers skipped at playout because their packet was missing */
    public long lost() { return lost; }

    /** @return packets that arrived after their frame was played or skipped */
    public long late() { return late; }

    /** @return packets discarded because the same sequence number was already buffered */
    public long duplicate() { return duplicate; }

    /** @return packets discarded because they were too far ahead of the playout point */
    public long overflow() { return overflow; }

    /** @return times the buffer ran dry while playing */
    public long underruns() { return underruns; }

    /** @return frames dropped to shrink the delay */
    public long dropped() { return dropped; }

    /** @return concealed frames inserted to grow the delay */
    public long inserted() { return inserted; }

    /** @return a snapshot of the counters */
    public JitterBufferStats stats() {
        return new JitterBufferStats(played, lost, late, duplicate, overflow, underruns, size, concealed, dropped,
                inserted, delayMs(), targetDelayMs());
    }
}
