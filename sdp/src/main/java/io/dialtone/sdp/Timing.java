package io.dialtone.sdp;

/**
 * The {@code t=} line (RFC 8866 §5.9): start and stop as NTP seconds; {@code t=0 0} (the
 * {@link #UNBOUNDED} value) is what SIP uses (RFC 3264 §5).
 *
 * @param startTime NTP seconds, 0 for unbounded
 * @param stopTime NTP seconds, 0 for unbounded
 */
public record Timing(long startTime, long stopTime) {
    /** {@code t=0 0}. */
    public static final Timing UNBOUNDED = new Timing(0, 0);

    public Timing {
        if (startTime < 0 || stopTime < 0) throw new IllegalArgumentException("negative time: " + startTime + " " + stopTime);
    }

    /** @return the {@code t=} value, without "t=" and line ending */
    public String value() { return startTime + " " + stopTime; }
}
