package io.dialtone.rtp.internal;

import io.dialtone.rtp.MediaImpairment;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * The decisions of a {@link MediaImpairment} for one path of datagrams (RTP or RTCP, in or out): a
 * pure function of the seed, the lane and the sequence of packets offered with their times; no I/O,
 * no clock of its own. {@link ImpairedPath} applies it to a stream's datagrams.
 *
 * <p>Order is kept: each delivery is due no earlier than the one before it, so jitter varies the
 * delays without reordering; only {@code reorder} swaps a packet with its successor. Every offer
 * draws the same four numbers whatever the outcome, so one decision never shifts the random stream
 * of the next.
 *
 * <p>This is the rtp-local twin of the SIP transport's {@code io.dialtone.transport.internal.Impairment}
 * (same draws and semantics); rtp cannot depend on transport.
 *
 * <p>Not thread-safe: confined to the stream's event loop.
 *
 * @param <T> the packet type
 */
public final class ImpairmentEngine<T> {

    /** What happened to an offered packet. */
    public enum Fate { DROPPED, HELD, DELIVERED, DUPLICATED }

    /** One delivery of a packet, due at {@code dueNanos} on the clock of the offers. */
    public record Delivery<T>(T packet, long dueNanos) {}

    private final MediaImpairment config;
    private final SplittableRandom random;
    private T held;
    private long heldDelayNanos;
    private long lastDueNanos = Long.MIN_VALUE;

    /**
     * @param config the impairment
     * @param lane   distinguishes the paths of one seed (0 RTP in, 1 RTP out, 2 RTCP in, 3 RTCP out)
     */
    public ImpairmentEngine(MediaImpairment config, int lane) {
        this.config = Objects.requireNonNull(config, "config");
        SplittableRandom root = new SplittableRandom(config.seed());
        for (int i = 0; i < lane; i++) {
            root.split();
        }
        this.random = root.split();
    }

    /**
     * Decides the fate of {@code packet} offered at {@code nowNanos}, appending to {@code out} the
     * deliveries to make, in order (its own, a copy, and a packet released from hold).
     */
    public Fate offer(T packet, long nowNanos, List<Delivery<T>> out) {
        Objects.requireNonNull(packet, "packet");
        double lossDraw = random.nextDouble() * 100;
        double dupDraw = random.nextDouble() * 100;
        double reorderDraw = random.nextDouble() * 100;
        long jitter = config.jitterMs() == 0 ? 0 : random.nextLong(-config.jitterMs(), config.jitterMs() + 1);
        if (config.jitterMs() == 0) {
            random.nextLong(); // keep the stream aligned whatever the jitter
        }
        long delayNanos = Math.max(0, config.delayMs() + jitter) * 1_000_000L;

        if (lossDraw < config.lossPercent()) {
            releaseHeld(out, nowNanos);
            return Fate.DROPPED;
        }
        if (reorderDraw < config.reorderPercent() && held == null) {
            held = packet;
            heldDelayNanos = delayNanos;
            return Fate.HELD;
        }
        long due = due(nowNanos + delayNanos);
        out.add(new Delivery<>(packet, due));
        boolean dup = dupDraw < config.dupPercent();
        if (dup) {
            out.add(new Delivery<>(packet, due));
        }
        releaseHeld(out, nowNanos);
        return dup ? Fate.DUPLICATED : Fate.DELIVERED;
    }

    /**
     * Releases {@code packet} at {@code nowNanos} if it is still the one held (no successor came within
     * {@link MediaImpairment#MAX_HOLD_MS}); returns null if it was released already.
     */
    public Delivery<T> releaseHeld(T packet, long nowNanos) {
        if (held == null || held != packet) {
            return null;
        }
        held = null;
        return new Delivery<>(packet, due(nowNanos));
    }

    /** The packet held back, or null. */
    public T held() {
        return held;
    }

    private void releaseHeld(List<Delivery<T>> out, long nowNanos) {
        if (held != null) {
            out.add(new Delivery<>(held, due(nowNanos + heldDelayNanos)));
            held = null;
        }
    }

    private long due(long wanted) {
        lastDueNanos = Math.max(wanted, lastDueNanos);
        return lastDueNanos;
    }
}
