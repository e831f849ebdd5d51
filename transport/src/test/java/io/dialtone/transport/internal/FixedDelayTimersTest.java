package io.dialtone.transport.internal;

import io.dialtone.transport.Scheduler;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("FixedDelayTimers: one FIFO per delay, one backend task per FIFO head")
class FixedDelayTimersTest {
    private static final long S = 1_000_000_000L;

    /** A hand-driven clock and backend: tasks posted at absolute times, run by {@link #advanceTo}. */
    private long now;
    private final PriorityQueue<long[]> due = new PriorityQueue<>((a, b) -> Long.compare(a[0], b[0]));
    private final List<Runnable> tasks = new ArrayList<>();
    private final FixedDelayTimers timers = new FixedDelayTimers((delay, task) -> {
        tasks.add(task);
        due.add(new long[] {now + delay, tasks.size() - 1});
    }, () -> now);
    private final List<String> fired = new ArrayList<>();

    private void advanceTo(long t) {
        while (!due.isEmpty() && due.peek()[0] <= t) {
            long[] next = due.poll();
            now = next[0];
            tasks.get((int) next[1]).run();
        }
        now = t;
    }

    private Scheduler.Scheduled start(String name, long delay) {
        return timers.schedule(delay, () -> fired.add(name + "@" + now / S));
    }

    @Test
    void timersOfOneDelayFireInStartOrderWithOneBackendTaskAtATime() {
        start("a", 32 * S);
        now = 1 * S;
        start("b", 32 * S);
        now = 2 * S;
        start("c", 32 * S);
        assertThat(due).hasSize(1);                       // only the head waits on the backend

        advanceTo(40 * S);

        assertThat(fired).containsExactly("a@32", "b@33", "c@34");
        assertThat(timers.queued()).isZero();
        assertThat(due).isEmpty();
    }

    @Test
    void aFifoLeavesOnceItsDelayHasNothingQueued() {
        for (int i = 1; i <= 100; i++) {                  // e.g. refresh timers, each its own delay
            start("t" + i, 30 * S + i);
        }
        assertThat(timers.fifos()).isEqualTo(100);
        advanceTo(40 * S);
        assertThat(fired).hasSize(100);
        assertThat(timers.fifos()).isZero();
        start("again", 30 * S + 1);                       // a delay seen before gets a FIFO again
        advanceTo(80 * S);
        assertThat(fired).hasSize(101);
        assertThat(timers.fifos()).isZero();
    }

    @Test
    void differentDelaysKeepTheirOwnOrder() {
        start("long", 32 * S);
        start("short", 5 * S);
        now = 1 * S;
        start("short2", 5 * S);
        advanceTo(40 * S);
        assertThat(fired).containsExactly("short@5", "short2@6", "long@32");
    }

    @Test
    void cancelledTimersNeverRunAndLeaveWhenTheyReachTheHead() {
        Scheduler.Scheduled a = start("a", 32 * S);
        now = 1 * S;
        start("b", 32 * S);
        assertThat(a.cancel()).isTrue();
        assertThat(a.cancel()).isFalse();                 // already cancelled
        assertThat(timers.queued()).isEqualTo(2);

        advanceTo(32 * S);                                // a's backend task: a is dropped, b re-armed
        assertThat(fired).isEmpty();
        assertThat(timers.queued()).isEqualTo(1);
        advanceTo(33 * S);
        assertThat(fired).containsExactly("b@33");
        assertThat(timers.queued()).isZero();
    }

    @Test
    void aTimerThatRanCannotBeCancelled() {
        Scheduler.Scheduled a = start("a", 2 * S);
        advanceTo(3 * S);
        assertThat(a.cancel()).isFalse();
        assertThat(fired).containsExactly("a@2");
    }

    @Test
    void aTimerStartedByAFiringOneIsArmed() {
        timers.schedule(2 * S, () -> {
            fired.add("first@" + now / S);
            start("second", 2 * S);
        });
        advanceTo(10 * S);
        assertThat(fired).containsExactly("first@2", "second@4");
    }
}
