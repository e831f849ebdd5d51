package io.dialtone.rtp;

/**
 * A seeded network impairment an {@link RtpStream} applies to its own RTP and RTCP datagrams, in
 * both directions: to every datagram received, before it reaches the statistics and the jitter
 * buffer, and to every datagram sent, before the socket write. It stands in for {@code netem} on
 * hosts without it, for media-quality tests. The SIP transport has its own, separate impairment
 * ({@code io.dialtone.transport.ImpairmentConfig}, same settings and semantics); a user agent
 * applies one setting to both.
 *
 * <p>Per datagram, in this order: drop with probability {@code lossPercent}; otherwise deliver after
 * {@code delayMs} ± a uniform jitter of up to {@code jitterMs} (never below 0), keeping the order
 * (a datagram is never delivered before the one offered before it); deliver a second copy with
 * probability {@code dupPercent}; with probability {@code reorderPercent} hold the datagram back and
 * release it just after the next one (or after at most {@link #MAX_HOLD_MS} if none comes).
 *
 * <p>Each of the four paths (RTP in, RTP out, RTCP in, RTCP out) draws from its own
 * {@link java.util.SplittableRandom} split from {@link #seed()}, and every datagram draws the same
 * numbers whatever its fate, so the same seed and the same datagram sequence give the same decisions.
 *
 * <table>
 * <caption>Settings</caption>
 * <tr><th>name</th><th>default</th><th>unit</th><th>effect</th></tr>
 * <tr><td>lossPercent</td><td>0</td><td>% (0-100)</td><td>datagrams dropped</td></tr>
 * <tr><td>delayMs</td><td>0</td><td>ms</td><td>added to every datagram kept</td></tr>
 * <tr><td>jitterMs</td><td>0</td><td>ms</td><td>uniform ± variation of the delay</td></tr>
 * <tr><td>dupPercent</td><td>0</td><td>% (0-100)</td><td>datagrams delivered twice</td></tr>
 * <tr><td>reorderPercent</td><td>0</td><td>% (0-100)</td><td>datagrams held back behind the next one</td></tr>
 * <tr><td>seed</td><td>0</td><td>-</td><td>seed of the decisions</td></tr>
 * </table>
 *
 * @param lossPercent    share of datagrams dropped, percent
 * @param delayMs        base delay, milliseconds
 * @param jitterMs       uniform ± variation of the delay, milliseconds
 * @param dupPercent     share of datagrams delivered twice, percent
 * @param reorderPercent share of datagrams swapped with their successor, percent
 * @param seed           seed of the decisions
 */
public record MediaImpairment(double lossPercent, long delayMs, long jitterMs, double dupPercent,
                              double reorderPercent, long seed) {
    /** Longest time a datagram held back for reordering waits for a successor, ms. */
    public static final long MAX_HOLD_MS = 100;
    /** Largest delay or jitter accepted, ms. */
    public static final long MAX_DELAY_MS = 60_000;

    private static final MediaImpairment NONE = new MediaImpairment(0, 0, 0, 0, 0, 0);

    /** Validates every field. @throws IllegalArgumentException naming the bad one */
    public MediaImpairment {
        percent("loss", lossPercent);
        percent("dup", dupPercent);
        percent("reorder", reorderPercent);
        if (delayMs < 0 || jitterMs < 0 || delayMs > MAX_DELAY_MS || jitterMs > MAX_DELAY_MS) {
            throw new IllegalArgumentException("delay and jitter must be between 0 and 60000 ms: delay=" + delayMs
                    + "ms, jitter=" + jitterMs + "ms");
        }
    }

    private static void percent(String name, double v) {
        if (!(v >= 0 && v <= 100)) { // also rejects NaN
            throw new IllegalArgumentException(name + " must be between 0 and 100 %: " + v);
        }
    }

    /** No impairment: the stream installs no impairment stage at all. */
    public static MediaImpairment none() {
        return NONE;
    }

    /** True when some setting impairs traffic (the seed alone does not). */
    public boolean enabled() {
        return lossPercent > 0 || delayMs > 0 || jitterMs > 0 || dupPercent > 0 || reorderPercent > 0;
    }

    @Override
    public String toString() {
        if (!enabled()) {
            return "none";
        }
        return "loss=" + fmt(lossPercent) + "%,delay=" + delayMs + "ms,jitter=" + jitterMs + "ms,dup="
                + fmt(dupPercent) + "%,reorder=" + fmt(reorderPercent) + "%,seed=" + seed;
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
