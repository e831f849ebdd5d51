package io.dialtone.transport;

import java.time.Duration;

/**
 * Runs delayed tasks on one call executor (ARCHITECTURE.md "One call, one thread"). Every timer in
 * the stack (RFC 3261 A–K, RFC 4028 refresh and expiry) goes through a {@code Scheduler}, so tests
 * substitute {@link VirtualScheduler} and run Timer B's 32 s in microseconds.
 *
 * <p>Threading: tasks run on the executor the scheduler is bound to; {@link #schedule} and
 * {@link Scheduled#cancel} may only be called from that executor.
 */
public interface Scheduler {
    /**
     * Runs {@code task} once after {@code delay} on the bound executor.
     *
     * @param delay zero or positive
     * @return a handle that cancels the task if it has not run
     */
    Scheduled schedule(Duration delay, Runnable task);

    /** Runs {@code task} on the bound executor as soon as possible (inline if already on it is NOT guaranteed). */
    void execute(Runnable task);

    /** Monotonic time in nanoseconds, virtual under test; only differences are meaningful. */
    long nanoTime();

    /** A pending task. */
    interface Scheduled {
        /** Cancels the task; returns false if it already ran or was cancelled. */
        boolean cancel();
    }
}
