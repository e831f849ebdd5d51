package io.dialtone.transport;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A seeded network impairment applied by a {@link SipTransport} to its UDP datagrams, in both
 * directions: to every datagram received before it is parsed and to every datagram sent before
 * the socket write. It stands in for {@code netem} on hosts without it, for loss tests. Each
 * direction draws from its own {@link java.util.SplittableRandom} seeded from {@link #seed()}, so
 * the same seed and the same datagram sequence give the same decisions.
 *
 * <p>Per datagram, in this order: drop with probability {@code lossPercent}; otherwise deliver
 * after {@code delayMs} ± a uniform jitter of up to {@code jitterMs} (never below 0; unequal delays
 * may reorder datagrams, as netem's do); deliver a second copy with probability
 * {@code dupPercent}; with probability {@code reorderPercent} hold the datagram back and release
 * it just after the next one (or after at most {@link #MAX_HOLD_MS} if none comes).
 *
 * <p>TCP is not impaired (loss is meaningless on a reliable stream). RTP is not impaired here.
 *
 * <table>
 * <caption>Settings ({@link #parse} keys)</caption>
 * <tr><th>name</th><th>key</th><th>default</th><th>unit</th><th>effect</th></tr>
 * <tr><td>lossPercent</td><td>loss</td><td>0</td><td>% (0-100)</td><td>datagrams dropped</td></tr>
 * <tr><td>delayMs</td><td>delay</td><td>0</td><td>ms</td><td>added to every datagram kept</td></tr>
 * <tr><td>jitterMs</td><td>jitter</td><td>0</td><td>ms</td><td>uniform ± variation of the delay</td></tr>
 * <tr><td>dupPercent</td><td>dup</td><td>0</td><td>% (0-100)</td><td>datagrams delivered twice</td></tr>
 * <tr><td>reorderPercent</td><td>reorder</td><td>0</td><td>% (0-100)</td><td>datagrams held back behind the next one</td></tr>
 * <tr><td>seed</td><td>seed</td><td>random</td><td>-</td><td>seed of the decisions; print it to reproduce a run</td></tr>
 * </table>
 */
public record ImpairmentConfig(double lossPercent, long delayMs, long jitterMs, double dupPercent,
                               double reorderPercent, long seed) {
    /** Longest time a datagram held back for reordering waits for a successor. */
    public static final long MAX_HOLD_MS = 100;

    private static final ImpairmentConfig NONE = new ImpairmentConfig(0, 0, 0, 0, 0, 0);

    public ImpairmentConfig {
        percent("loss", lossPercent);
        percent("dup", dupPercent);
        percent("reorder", reorderPercent);
        if (delayMs < 0 || jitterMs < 0) {
            throw new IllegalArgumentException("delay and jitter must not be negative: delay=" + delayMs
                    + "ms, jitter=" + jitterMs + "ms");
        }
    }

    private static void percent(String name, double v) {
        if (!(v >= 0 && v <= 100)) { // also rejects NaN
            throw new IllegalArgumentException(name + " must be between 0 and 100 %: " + v);
        }
    }

    /** No impairment: the transport installs no impairment stage at all. */
    public static ImpairmentConfig none() {
        return NONE;
    }

    /** True when some setting impairs traffic (the seed alone does not). */
    public boolean enabled() {
        return lossPercent > 0 || delayMs > 0 || jitterMs > 0 || dupPercent > 0 || reorderPercent > 0;
    }

    public ImpairmentConfig withSeed(long seed) {
        return new ImpairmentConfig(lossPercent, delayMs, jitterMs, dupPercent, reorderPercent, seed);
    }

    /**
     * Parses {@code loss=20%,delay=20ms,jitter=10ms,dup=1%,reorder=1%[,seed=42]}: comma-separated
     * {@code key=value} items in any order, each at most once, all optional. Percentages take an
     * optional {@code %}; durations an optional {@code ms}, or {@code s}. Without {@code seed} a
     * random one is chosen (see {@link #seed()} and {@link #toString()} to reproduce the run).
     * {@code none} or an empty string is {@link #none()}.
     *
     * @throws IllegalArgumentException naming the first bad item
     */
    public static ImpairmentConfig parse(String spec) {
        String s = spec == null ? "" : spec.strip();
        if (s.isEmpty() || s.equalsIgnoreCase("none")) {
            return none();
        }
        double loss = 0;
        double dup = 0;
        double reorder = 0;
        long delay = 0;
        long jitter = 0;
        Long seed = null;
        Set<String> seen = new HashSet<>();
        for (String raw : s.split(",", -1)) {
            String item = raw.strip();
            int eq = item.indexOf('=');
            if (eq <= 0 || eq == item.length() - 1) {
                throw bad(item, "expected key=value");
            }
            String key = item.substring(0, eq).strip().toLowerCase(Locale.ROOT);
            String value = item.substring(eq + 1).strip();
            if (!seen.add(key)) {
                throw bad(item, "'" + key + "' given twice");
            }
            switch (key) {
                case "loss" -> loss = parsePercent(item, value);
                case "dup" -> dup = parsePercent(item, value);
                case "reorder" -> reorder = parsePercent(item, value);
                case "delay" -> delay = parseMillis(item, value);
                case "jitter" -> jitter = parseMillis(item, value);
                case "seed" -> {
                    try {
                        seed = Long.parseLong(value);
                    } catch (NumberFormatException e) {
                        throw bad(item, "seed must be an integer");
                    }
                }
                default -> throw bad(item, "unknown key '" + key + "' (loss, delay, jitter, dup, reorder, seed)");
            }
        }
        return new ImpairmentConfig(loss, delay, jitter, dup, reorder,
                seed != null ? seed : ThreadLocalRandom.current().nextLong());
    }

    private static double parsePercent(String item, String value) {
        String v = value.endsWith("%") ? value.substring(0, value.length() - 1).strip() : value;
        double d;
        try {
            d = Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw bad(item, "expected a percentage such as 20%");
        }
        if (!(d >= 0 && d <= 100)) {
            throw bad(item, "percentage must be between 0 and 100");
        }
        return d;
    }

    private static long parseMillis(String item, String value) {
        String v = value.toLowerCase(Locale.ROOT);
        long scale = 1;
        if (v.endsWith("ms")) {
            v = v.substring(0, v.length() - 2);
        } else if (v.endsWith("s")) {
            v = v.substring(0, v.length() - 1);
            scale = 1000;
        }
        long n;
        try {
            n = Long.parseLong(v.strip());
        } catch (NumberFormatException e) {
            throw bad(item, "expected a duration such as 20ms");
        }
        if (n < 0 || n > 60_000 / scale) {
            throw bad(item, "duration must be between 0 and 60s");
        }
        return n * scale;
    }

    private static IllegalArgumentException bad(String item, String why) {
        return new IllegalArgumentException("bad impairment item '" + item + "': " + why);
    }

    /** The {@link #parse} form, seed included: parsing it gives this value back. */
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
