package io.dialtone.transaction.internal;

import io.dialtone.transaction.TimerName;
import io.dialtone.transport.Scheduler;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * The running timers of one transaction, at most one per {@link TimerName}. Confined to the call
 * executor, like the transaction that owns it.
 */
public final class TimerSet {
    private final Scheduler scheduler;
    private final EnumMap<TimerName, Scheduler.Scheduled> running = new EnumMap<>(TimerName.class);

    public TimerSet(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    /** Starts {@code timer} (cancelling a running one of the same name); {@code onFire} runs once it is due. */
    public void start(TimerName timer, Duration delay, Runnable onFire) {
        cancel(timer);
        Scheduler.Scheduled[] self = new Scheduler.Scheduled[1];
        self[0] = scheduler.schedule(delay, () -> {
            running.remove(timer, self[0]);
            onFire.run();
        });
        running.put(timer, self[0]);
    }

    public void cancel(TimerName timer) {
        Scheduler.Scheduled s = running.remove(timer);
        if (s != null) {
            s.cancel();
        }
    }

    public void cancelAll() {
        for (Map.Entry<TimerName, Scheduler.Scheduled> e : running.entrySet()) {
            e.getValue().cancel();
        }
        running.clear();
    }

    public boolean isRunning(TimerName timer) {
        return running.containsKey(timer);
    }
}
