package io.dialtone.transport;

import java.time.Duration;
import java.util.PriorityQueue;

/**
 * A deterministic {@link Scheduler} on virtual time, for tests: nothing runs until
 * {@link #advance(Duration)} moves the clock, then due tasks run in time order on the calling
 * thread (tasks scheduled for the same instant run in scheduling order). Not thread-safe: drive it
 * from one thread, which plays the role of the call executor.
 */
public final class VirtualScheduler implements Scheduler {
    private final PriorityQueue<Task> queue = new PriorityQueue<>();
    private long now;
    private long sequence;

    private final class Task implements Comparable<Task>, Scheduled {
        final long due;
        final long seq;
        final Runnable runnable;
        boolean done;

        Task(long due, Runnable runnable) {
            this.due = due;
            this.seq = sequence++;
            this.runnable = runnable;
        }

        @Override
        public int compareTo(Task o) {
            int c = Long.compare(due, o.due);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }

        @Override
        public boolean cancel() {
            if (done) {
                return false;
            }
            done = true;
            queue.remove(this);
            return true;
        }
    }

    @Override
    public Scheduled schedule(Duration delay, Runnable task) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("negative delay " + delay);
        }
        Task t = new Task(now + delay.toNanos(), task);
        queue.add(t);
        return t;
    }

    @Override
    public void execute(Runnable task) {
        schedule(Duration.ZERO, task);
    }

    @Override
    public long nanoTime() {
        return now;
    }

    /** Moves virtual time forward by {@code d}, running every task that falls due, in order. */
    public void advance(Duration d) {
        long target = now + d.toNanos();
        while (true) {
            Task t = queue.peek();
            if (t == null || t.due > target) {
                break;
            }
            queue.poll();
            now = Math.max(now, t.due);
            t.done = true;
            t.runnable.run();
        }
        now = target;
    }

    /** Runs the tasks due now (for example those given to {@link #execute}). */
    public void runPending() {
        advance(Duration.ZERO);
    }

    /** Number of tasks not yet run or cancelled. */
    public int pending() {
        return queue.size();
    }
}
