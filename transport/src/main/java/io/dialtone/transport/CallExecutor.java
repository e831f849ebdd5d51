package io.dialtone.transport;

import io.dialtone.transport.internal.FixedDelayTimers;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.SingleThreadEventExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * One call executor (ARCHITECTURE.md "One call, one thread"): a single thread, which is also one
 * of the transport's Netty event loops, on which every transaction, dialog and session of the
 * Call-IDs that hash to it runs. {@link SipTransport#executorFor(String)} picks it.
 *
 * <p>Threading: {@link #execute}, {@link #schedule} and {@link #inExecutor} may be called from any
 * thread; tasks run on this executor's thread in submission order. A task that throws is logged at
 * ERROR (it is our bug) and does not stop the executor.
 */
public final class CallExecutor implements Scheduler, Executor {
    private static final Logger LOG = LoggerFactory.getLogger(CallExecutor.class);

    /** Delays from which a timer started on the executor goes to {@link FixedDelayTimers}. */
    static final Duration LONG_TIMER = Duration.ofSeconds(1);

    private final EventLoop eventLoop;
    private final int index;
    private final long longTimerNanos;
    private final FixedDelayTimers longTimers;

    CallExecutor(EventLoop eventLoop, int index) {
        this(eventLoop, index, LONG_TIMER);
    }

    /** @param longTimer delays from which timers started on the executor share a FIFO per delay */
    CallExecutor(EventLoop eventLoop, int index, Duration longTimer) {
        this.eventLoop = Objects.requireNonNull(eventLoop, "eventLoop");
        this.index = index;
        this.longTimerNanos = longTimer.toNanos();
        this.longTimers = new FixedDelayTimers(
                (delayNanos, task) -> eventLoop.schedule(task, delayNanos, TimeUnit.NANOSECONDS), System::nanoTime);
    }

    /** The Netty event loop behind this executor; transport-internal. */
    EventLoop eventLoop() {
        return eventLoop;
    }

    /** Position of this executor in {@link SipTransport#executors()}, from 0. */
    public int index() {
        return index;
    }

    /** True when the calling thread is this executor's thread. */
    public boolean inExecutor() {
        return eventLoop.inEventLoop();
    }

    /**
     * Tasks queued on this executor and not yet run (hand-offs, API calls, due timers excluded): its
     * backlog, as overload shedding reads it. Approximate when read from another thread; never blocks.
     */
    public int pendingTasks() {
        return eventLoop instanceof SingleThreadEventExecutor s ? s.pendingTasks() : 0;
    }

    @Override
    public Scheduled schedule(Duration delay, Runnable task) {
        Objects.requireNonNull(task, "task");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("negative delay " + delay);
        }
        long nanos = delay.toNanos();
        if (nanos >= longTimerNanos && eventLoop.inEventLoop()) { // 64·T1 and friends: see FixedDelayTimers
            return longTimers.schedule(nanos, guarded(task));
        }
        io.netty.util.concurrent.ScheduledFuture<?> f =
                eventLoop.schedule(guarded(task), nanos, TimeUnit.NANOSECONDS);
        return () -> f.cancel(false);
    }

    @Override
    public void execute(Runnable task) {
        eventLoop.execute(guarded(Objects.requireNonNull(task, "task")));
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    private static Runnable guarded(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                LOG.error("task on call executor failed", e);
            }
        };
    }

    @Override
    public String toString() {
        return "CallExecutor-" + index;
    }
}
