package io.dialtone.transaction.internal;

import io.dialtone.transaction.TimerName;
import io.dialtone.transport.Scheduler;

import java.time.Duration;
import java.util.Arrays;

/**
 * The running timers of one transaction, at most one per {@link TimerName}. Confined to the call
 * executor, like the transaction that owns it.
 *
 * <p>A transaction runs at most two timers at once (A and B, E and F, G and H, or one of D, I, J,
 * K, L, M), and a server transaction keeps its last one for 64·T1 after the call has ended, so the
 * set is a short array of entries, each its own scheduled task: no map, no per-start closure.
 */
public final class TimerSet {
    private final Scheduler scheduler;
    private Entry[] running = new Entry[2];

    public TimerSet(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    /** One running timer: the task the scheduler runs, and how to cancel it. */
    private final class Entry implements Runnable {
        final TimerName name;
        final Runnable onFire;
        Scheduler.Scheduled handle;

        Entry(TimerName name, Runnable onFire) {
            this.name = name;
            this.onFire = onFire;
        }

        @Override
        public void run() {
            if (remove(this)) {
                onFire.run();
            }
        }
    }

    /** Starts {@code timer} (cancelling a running one of the same name); {@code onFire} runs once it is due. */
    public void start(TimerName timer, Duration delay, Runnable onFire) {
        cancel(timer);
        Entry e = new Entry(timer, onFire);
        int free = -1;
        for (int i = 0; i < running.length && free < 0; i++) {
            if (running[i] == null) {
                free = i;
            }
        }
        if (free < 0) {
            free = running.length;
            running = Arrays.copyOf(running, running.length * 2);
        }
        running[free] = e;
        e.handle = scheduler.schedule(delay, e);
    }

    /** Cancels {@code timer} if it runs. */
    public void cancel(TimerName timer) {
        for (int i = 0; i < running.length; i++) {
            Entry e = running[i];
            if (e != null && e.name == timer) {
                running[i] = null;
                e.handle.cancel();
            }
        }
    }

    /** Cancels every running timer. */
    public void cancelAll() {
        for (int i = 0; i < running.length; i++) {
            Entry e = running[i];
            if (e != null) {
                running[i] = null;
                e.handle.cancel();
            }
        }
    }

    /** Whether {@code timer} runs. */
    public boolean isRunning(TimerName timer) {
        for (Entry e : running) {
            if (e != null && e.name == timer) {
                return true;
            }
        }
        return false;
    }

    /** Takes a due entry out; false when it was cancelled or replaced meanwhile. */
    private boolean remove(Entry due) {
        for (int i = 0; i < running.length; i++) {
            if (running[i] == due) {
                running[i] = null;
                return true;
            }
        }
        return false;
    }
}
