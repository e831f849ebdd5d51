package io.dialtone.rtp.internal;

/**
 * RFC 4733 §2.5.2 receiver: turns the packets of telephone-events into one report per event.
 *
 * <ul>
 * <li>An event is identified by its RTP timestamp (§2.5.2.1): packets with the timestamp of the event
 *     in progress update its duration; a new timestamp starts a new event, whether or not its first
 *     (marker) packet arrived.</li>
 * <li>The event is reported once, at its first end (E bit) packet; the retransmitted end packets and
 *     late updates carry a timestamp already seen and are ignored, as are packets of older events
 *     (a timestamp before the last event's).</li>
 * <li>If every end packet is lost, the event is reported when the next event starts or
 *     {@link #TIMEOUT_NANOS} after its last packet (§2.5.2.3), with the last duration seen.</li>
 * <li>A long event continued in a new segment (§2.5.1.3: same event, no marker, timestamp advanced by
 *     0xFFFF) is one event whose duration adds up the segments.</li>
 * </ul>
 *
 * <p>Threading: confined to the stream's event loop, as its {@link StreamEngine}.
 */
final class TelephoneEventReceiver {

    /** Time after an event's last packet at which it is reported as ended although no E bit came. */
    static final long TIMEOUT_NANOS = 500_000_000L;
    private static final long SEGMENT = 0xFFFF;

    /** Receives each event once. */
    interface Reporter {
        /** @param event event code @param durationSamples total duration, timestamp units */
        void onEvent(int event, long durationSamples);
    }

    private final Reporter reporter;
    private boolean seen; // lastTimestamp valid
    private long lastTimestamp; // the newest event's (segment's) timestamp
    private boolean active;
    private int event;
    private long base; // duration of earlier segments
    private int duration;
    private long lastPacketNanos;

    TelephoneEventReceiver(Reporter reporter) {
        this.reporter = reporter;
    }

    /**
     * Handles one telephone-event packet.
     *
     * @param marker    RTP marker bit
     * @param timestamp RTP timestamp, the event's start
     * @param payload   payload bytes; the first 4 are the event report (§2.3)
     * @param nowNanos  arrival time
     * @return false if the payload is too short to be an event report
     */
    boolean onPacket(boolean marker, long timestamp, byte[] payload, long nowNanos) {
        return onPacket(marker, timestamp, payload, 0, payload.length, nowNanos);
    }

    /** As {@link #onPacket(boolean, long, byte[], long)} for the payload at {@code buf[off, off + len)}. */
    boolean onPacket(boolean marker, long timestamp, byte[] buf, int off, int len, long nowNanos) {
        if (len < 4) {
            return false;
        }
        int ev = buf[off] & 0xFF;
        boolean end = (buf[off + 1] & 0x80) != 0;
        int dur = ((buf[off + 2] & 0xFF) << 8) | (buf[off + 3] & 0xFF);
        if (seen && timestamp == lastTimestamp) {
            if (active && ev == event) {
                duration = Math.max(duration, dur);
                lastPacketNanos = nowNanos;
                if (end) {
                    finish();
                }
            }
            return true; // an update or a retransmitted end of an event already reported
        }
        if (seen && (int) (timestamp - lastTimestamp) < 0) {
            return true; // a late packet of an older event
        }
        if (active && ev == event && !marker && timestamp == ((lastTimestamp + SEGMENT) & 0xFFFFFFFFL)) {
            base += SEGMENT; // §2.5.1.3: the next segment of a long event
        } else {
            if (active) {
                finish(); // its end packets were lost
            }
            event = ev;
            base = 0;
        }
        active = true;
        seen = true;
        lastTimestamp = timestamp;
        duration = dur;
        lastPacketNanos = nowNanos;
        if (end) {
            finish();
        }
        return true;
    }

    /** Reports an event whose end packets were all lost once {@link #TIMEOUT_NANOS} passed. */
    void tick(long nowNanos) {
        if (active && nowNanos - lastPacketNanos >= TIMEOUT_NANOS) {
            finish();
        }
    }

    /** @return whether an event is in progress, which {@link #tick} may time out */
    boolean active() {
        return active;
    }

    /** Forgets the event in progress without reporting it (a new source). */
    void reset() {
        active = false;
        seen = false;
    }

    private void finish() {
        active = false;
        reporter.onEvent(event, base + duration);
    }
}
