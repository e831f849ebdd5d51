package io.dialtone.transport.internal;

import io.dialtone.transport.ImpairmentConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * The decisions of an {@link ImpairmentConfig} for one direction of traffic: a pure function of
 * the seed and the sequence of packets offered with their times, with no I/O and no clock of its
 * own. The Netty stage that applies it owns the packets; this class only says what to do with them.
 *
 * <p>Order is kept: each delivery is due no earlier than the one before it, so jitter varies the
 * delays without reordering (unlike netem's default); only {@code reorder} swaps a packet with its
 * successor. Deliveries are therefore due in the order they are returned, and an owner that
 * delivers from a FIFO queue, whatever timer wakes it, keeps that order.
 *
 * <p>Every offer draws the same four numbers from the {@link SplittableRandom} whatever the
 * outcome (loss, duplication, reordering, jitter), so one decision never shifts the random stream
 * of the next: the same seed and the same number of offers give the same decisions.
 *
 * <p>Not thread-safe: confined to the event loop of the channel it impairs.
 *
 * @param <T> the packet type (a datagram for the Netty stage, anything in tests)
 */
public final class Impairment<T> {
    /**
     * One delivery of a packet, due at {@code dueNanos} (on the clock of the offers);
     * {@code copy} marks a duplicate.
     */
    public record Delivery<T>(T packet, long dueNanos, boolean copy) {}

    /**
     * What to do with an offered packet: deliver {@code deliveries} in list order, each when due
     * (at once if due already), which may include a packet released from hold.
     *
     * @param dropped the offered packet is lost (its owner releases it)
     * @param held the offered packet is held back: deliver it when a later decision or
     *             {@link #releaseHeld} lists it, at most {@link ImpairmentConfig#MAX_HOLD_MS} later
     */
    public record Decision<T>(boolean dropped, boolean held, List<Delivery<T>> deliveries) {}

    private final ImpairmentConfig config;
    private final SplittableRandom random;
    private T held;
    private long heldDelayNanos;
    private long lastDueNanos = Long.MIN_VALUE;

    /** @param stream distinguishes the directions (e.g. 0 inbound, 1 outbound) of one seed */
    public Impairment(ImpairmentConfig config, int stream) {
        this.config = Objects.requireNonNull(config, "config");
        SplittableRandom root = new SplittableRandom(config.seed());
        for (int i = 0; i < stream; i++) {
            root.split();
        }
        this.random = root.split();
    }

    /** Decides the fate of {@code packet}, offered at {@code nowNanos} (any monotonic clock). */
    public Decision<T> offer(T packet, long nowNanos) {
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
            return new Decision<>(true, false, releaseHeldAt(new ArrayList<>(1), nowNanos));
        }
        if (reorderDraw < config.reorderPercent() && held == null) {
            held = packet;
            heldDelayNanos = delayNanos;
            return new Decision<>(false, true, List.of());
        }
        long due = due(nowNanos + delayNanos);
        List<Delivery<T>> out = new ArrayList<>(3);
        out.add(new Delivery<>(packet, due, false));
        if (dupDraw < config.dupPercent()) {
            out.add(new Delivery<>(packet, due, true));
        }
        return new Decision<>(false, false, releaseHeldAt(out, nowNanos));
    }

    /** {@code wanted}, or later if an earlier delivery is due later: order is kept. */
    private long due(long wanted) {
        lastDueNanos = Math.max(wanted, lastDueNanos);
        return lastDueNanos;
    }

    /** Appends the held packet, if any, due right after what is already listed. */
    private List<Delivery<T>> releaseHeldAt(List<Delivery<T>> out, long nowNanos) {
        if (held != null) {
            out.add(new Delivery<>(held, due(nowNanos + heldDelayNanos), false));
            held = null;
        }
        return out;
    }

    /**
     * Releases {@code packet} at {@code nowNanos} if it is still the one held (no successor came
     * within {@link ImpairmentConfig#MAX_HOLD_MS}); returns null if it was released already.
     */
    public Delivery<T> releaseHeld(T packet, long nowNanos) {
        if (held == null || held != packet) {
            return null;
        }
        held = null;
        return new Delivery<>(packet, due(nowNanos), false);
    }

    /** The packet held back, or null; for the owner to release on close. */
    public T held() {
        return held;
    }

    /** Forgets the held packet (its owner releases it on close). */
    public void clearHeld() {
        held = null;
    }
}
