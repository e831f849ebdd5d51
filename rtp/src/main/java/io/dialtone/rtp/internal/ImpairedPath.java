package io.dialtone.rtp.internal;

import io.dialtone.rtp.MediaImpairment;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Applies an {@link ImpairmentEngine} to one path of a stream's datagrams: drops, delays, duplicates
 * and reorders what is {@link #offer offered} before passing it to the next stage. Packets here are
 * plain {@code byte[]} values (the Netty buffer was copied and released before, or is created after),
 * so nothing held or dropped can leak. Delayed packets wait in a FIFO, due times non-decreasing,
 * each with a timer on the stream's event loop that delivers the queue up to and including it.
 *
 * <p>Not thread-safe: confined to the stream's event loop, which also runs the timers.
 *
 * @param <T> the packet with its address
 */
public final class ImpairedPath<T> {

    /** Runs a task on the stream's event loop after a delay. */
    @FunctionalInterface
    public interface Timer {
        /** @param task what to run @param delayNanos how long from now, ns */
        void schedule(Runnable task, long delayNanos);
    }

    private record Pending<T>(T packet, long dueNanos, long index) {}

    private final ImpairmentEngine<T> engine;
    private final LongSupplier nanoTime;
    private final Timer timer;
    private final Consumer<T> next;
    private final ArrayDeque<Pending<T>> queue = new ArrayDeque<>();
    private final List<ImpairmentEngine.Delivery<T>> decided = new ArrayList<>(3);
    private long enqueued;
    private boolean closed;
    private long offered;
    private long dropped;
    private long duplicated;
    private long reordered;

    /**
     * @param config   the impairment
     * @param lane     the path's lane of the seed (see {@link ImpairmentEngine})
     * @param nanoTime the stream's monotonic clock
     * @param timer    schedules on the stream's event loop
     * @param next     the stage after the impairment
     */
    public ImpairedPath(MediaImpairment config, int lane, LongSupplier nanoTime, Timer timer, Consumer<T> next) {
        this.engine = new ImpairmentEngine<>(config, lane);
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
        this.timer = Objects.requireNonNull(timer, "timer");
        this.next = Objects.requireNonNull(next, "next");
    }

    /** Impairs {@code packet}; after {@link #close} it is dropped silently. */
    public void offer(T packet) {
        if (closed) {
            return;
        }
        offered++;
        long now = nanoTime.getAsLong();
        decided.clear();
        switch (engine.offer(packet, now, decided)) {
            case DROPPED -> dropped++;
            case DUPLICATED -> duplicated++;
            case HELD -> {
                reordered++;
                timer.schedule(() -> release(packet), MediaImpairment.MAX_HOLD_MS * 1_000_000L);
            }
            case DELIVERED -> { }
        }
        for (ImpairmentEngine.Delivery<T> d : decided) {
            enqueue(d, now);
        }
    }

    private void release(T packet) {
        if (!closed) {
            ImpairmentEngine.Delivery<T> d = engine.releaseHeld(packet, nanoTime.getAsLong());
            if (d != null) {
                enqueue(d, nanoTime.getAsLong());
            }
        }
    }

    private void enqueue(ImpairmentEngine.Delivery<T> d, long now) {
        if (d.dueNanos() <= now && queue.isEmpty()) {
            next.accept(d.packet());
            return;
        }
        long index = enqueued++;
        queue.add(new Pending<>(d.packet(), d.dueNanos(), index));
        timer.schedule(() -> deliverThrough(index), Math.max(0, d.dueNanos() - now));
    }

    private void deliverThrough(long index) {
        while (!closed && !queue.isEmpty() && queue.peek().index() <= index) {
            next.accept(queue.poll().packet());
        }
    }

    /** Delivers every packet waiting, the held one last, at once (before the socket closes). */
    public void flush() {
        while (!closed && !queue.isEmpty()) {
            next.accept(queue.poll().packet());
        }
        T h = engine.held();
        if (!closed && h != null) {
            engine.releaseHeld(h, nanoTime.getAsLong());
            next.accept(h);
        }
    }

    /** Drops every packet waiting and any offered later; pending timers do nothing. */
    public void close() {
        closed = true;
        queue.clear();
    }

    /** @return packets offered */
    public long offered() {
        return offered;
    }

    /** @return packets dropped */
    public long dropped() {
        return dropped;
    }

    /** @return packets delivered twice */
    public long duplicated() {
        return duplicated;
    }

    /** @return packets held back behind their successor */
    public long reordered() {
        return reordered;
    }

    /** @return packets waiting for their due time */
    public int waiting() {
        return queue.size();
    }
}
