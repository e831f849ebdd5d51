package io.dialtone.rtp.internal;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;

/**
 * RFC 4733 §2.5.1 sender of DTMF events, paced by the stream's packet interval: queued events are
 * sent one after another, each as
 * <ol>
 * <li>a first packet with the marker bit and a new timestamp, the sampling instant at which the event
 *     starts (§2.5.1.2), and a duration of one packet interval;</li>
 * <li>one update per packet interval, same timestamp, the duration growing by the interval (§2.5.1.2);</li>
 * <li>{@link #END_PACKETS} packets with the E bit and the final duration (§2.5.1.4), one per interval.</li>
 * </ol>
 * Between two events {@link #GAP_PACKETS} intervals pass without one. Volume is {@link #VOLUME}
 * (−10 dBm0). While {@link #active()}, the engine sends no audio (§2.5.1.3 and common practice).
 *
 * <p>Threading: confined to the stream's event loop, as its {@link StreamEngine}.
 */
final class TelephoneEventSender {

    /** End packets per event (RFC 4733 §2.5.1.4: the final packet is sent three times). */
    static final int END_PACKETS = 3;
    /** Packet intervals without an event between two events. */
    static final int GAP_PACKETS = 2;
    /** Power level, −dBm0 (RFC 4733 §2.3.4). */
    static final int VOLUME = 10;
    /** Largest duration one event report carries (16 bits, §2.3.5); longer events are refused. */
    static final int MAX_DURATION = 0xFFFF;

    /** One packet to send. */
    record Packet(boolean marker, long timestamp, byte[] payload, boolean last) { }

    private record Pending(int event, int durationSamples, CompletableFuture<Void> done) { }

    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private Pending current;
    private long startTimestamp;
    private int elapsed;
    private int endsSent;
    private boolean first;
    private int gapLeft;
    private long eventsSent;

    /**
     * Queues an event.
     *
     * @param event           RFC 4733 event code, 0–255
     * @param durationSamples duration in timestamp units, 1–65535
     * @param done            completed after the last end packet, failed by {@link #failAll}
     */
    void enqueue(int event, int durationSamples, CompletableFuture<Void> done) {
        if (durationSamples <= 0 || durationSamples > MAX_DURATION) {
            throw new IllegalArgumentException("event duration out of range: " + durationSamples + " timestamp units");
        }
        queue.add(new Pending(event, durationSamples, done));
    }

    /** @return whether an event is being sent, so that audio is suppressed this interval */
    boolean active() {
        return current != null || (gapLeft == 0 && !queue.isEmpty());
    }

    /** One packet interval without an event (audio, or nothing sent): counts down the gap. */
    void idle() {
        if (gapLeft > 0) {
            gapLeft--;
        }
    }

    /**
     * @return whether nothing is queued, in progress or in its gap: {@link #active()} and
     *     {@link #pending()} are false and {@link #idle()} does nothing
     */
    boolean quiet() {
        return current == null && gapLeft == 0 && queue.isEmpty();
    }

    /** @return whether events are queued or in progress */
    boolean pending() {
        return current != null || !queue.isEmpty();
    }

    /** @return events completely sent */
    long eventsSent() {
        return eventsSent;
    }

    /**
     * One packet interval: the event packet to send now, or null.
     *
     * @param rtpTimestamp    the sampling instant of this interval
     * @param intervalSamples timestamp units per packet interval
     */
    Packet next(long rtpTimestamp, int intervalSamples) {
        if (current == null) {
            if (gapLeft > 0) {
                return null;
            }
            current = queue.poll();
            if (current == null) {
                return null;
            }
            startTimestamp = rtpTimestamp;
            elapsed = 0;
            endsSent = 0;
            first = true;
        }
        if (endsSent == 0) {
            elapsed = Math.min(elapsed + intervalSamples, current.durationSamples());
        }
        boolean end = elapsed >= current.durationSamples();
        if (end) {
            endsSent++;
        }
        byte[] payload = {(byte) current.event(), (byte) ((end ? 0x80 : 0) | VOLUME), (byte) (elapsed >>> 8),
                (byte) elapsed};
        Packet p = new Packet(first, startTimestamp, payload, endsSent == END_PACKETS);
        first = false;
        if (endsSent == END_PACKETS) {
            CompletableFuture<Void> done = current.done();
            current = null;
            gapLeft = GAP_PACKETS;
            eventsSent++;
            done.complete(null);
        }
        return p;
    }

    /** Drops every queued and current event, failing their futures with {@code cause}. */
    void failAll(RuntimeException cause) {
        if (current != null) {
            current.done().completeExceptionally(cause);
            current = null;
        }
        for (Pending p; (p = queue.poll()) != null; ) {
            p.done().completeExceptionally(cause);
        }
    }
}
