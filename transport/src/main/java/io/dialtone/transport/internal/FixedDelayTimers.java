package io.dialtone.transport.internal;

import io.dialtone.transport.Scheduler;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Long timers of one call executor kept in one FIFO per distinct delay. Nearly every long SIP
 * timer is 64·T1 (Timer B, F, H, J, L, M, the UAS's 2xx give-up): each call starts several and
 * most calls cancel some of them, so at thousands of calls per second an event loop's priority
 * heap holds hundreds of thousands of them and every start and cancel costs a walk of that heap.
 * Timers started with the same delay fall due in the order they were started, so a FIFO per delay
 * is already sorted: starting is an append, cancelling marks the entry (it leaves when its time
 * comes), and only the head of each FIFO is on the underlying scheduler.
 *
 * <p>Threading: confined to the executor's thread, like the {@link Scheduler} it sits on: call
 * {@link #schedule} there only. {@link Scheduler.Scheduled#cancel} may be called from that thread only.
 */
public final class FixedDelayTimers {
    /** Posts a task at an absolute deadline on the underlying scheduler. */
    public interface Backend {
        void at(long delayNanos, Runnable task);
    }

    private final Backend backend;
    private final LongSupplier clock;
    private final Map<Long, Fifo> fifos = new HashMap<>(4);

    /**
     * @param backend schedules one task per FIFO head (the executor's own scheduled-task queue)
     * @param clock   nanoseconds, monotonic ({@link System#nanoTime} in production)
     */
    public FixedDelayTimers(Backend backend, LongSupplier clock) {
        this.backend = backend;
        this.clock = clock;
    }

    /** One timer: due at {@code deadline}; {@code task} null once it ran or was cancelled. */
    private static final class Entry implements Scheduler.Scheduled {
        final long deadline;
        Runnable task;

        Entry(long deadline, Runnable task) {
            this.deadline = deadline;
            this.task = task;
        }

        @Override
        public boolean cancel() {
            boolean pending = task != null;
            task = null;
            return pending;
        }
    }

    /** The timers of one delay, in deadline order; {@code armed} while a backend task waits for its head. */
    private final class Fifo implements Runnable {
        final long delayNanos;
        final ArrayDeque<Entry> entries = new ArrayDeque<>();
        boolean armed;

        Fifo(long delayNanos) {
            this.delayNanos = delayNanos;
        }

        @Override
        public void run() {
            armed = false;
            long now = clock.getAsLong();
            Entry e;
            while ((e = entries.peekFirst()) != null && (e.task == null || e.deadline - now <= 0)) {
                entries.pollFirst();
                Runnable task = e.task;
                e.task = null;
                if (task != null) {
                    task.run();         // the scheduler's guard logs a failure; one task cannot stop the rest
                }
            }
            if (entries.isEmpty()) {
                fifos.remove(delayNanos, this);     // a delay used once must not keep its FIFO forever
            } else {
                arm(now);
            }
        }

        void arm(long now) {
            Entry head = entries.peekFirst();
            if (head != null && !armed) {
                armed = true;
                backend.at(Math.max(0, head.deadline - now), this);
            }
        }
    }

    /**
     * Runs {@code task} after {@code delayNanos} on the executor.
     *
     * @param task already guarded against exceptions by the caller
     */
    public Scheduler.Scheduled schedule(long delayNanos, Runnable task) {
        long now = clock.getAsLong();
        Fifo fifo = fifos.computeIfAbsent(delayNanos, Fifo::new);
        Entry e = new Entry(now + delayNanos, task);
        fifo.entries.addLast(e);
        fifo.arm(now);
        return e;
    }

    /** FIFOs held: one per delay with timers queued (for tests). */
    public int fifos() {
        return fifos.size();
    }

    /** Timers started and not yet due, cancelled ones included until their time comes (for tests). */
    public int queued() {
        int n = 0;
        for (Fifo f : fifos.values()) {
            n += f.entries.size();
        }
        return n;
    }
}
