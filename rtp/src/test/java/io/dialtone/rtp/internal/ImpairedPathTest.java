package io.dialtone.rtp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.dialtone.rtp.MediaImpairment;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import org.junit.jupiter.api.Test;

/** The impairment stage on virtual time: delays in order, drops, flush on stop, nothing after close. */
class ImpairedPathTest {

    private static final long MS = 1_000_000L;

    /** Virtual time with a timer queue, as the event loop would run it. */
    private static final class Time implements ImpairedPath.Timer {
        private record Task(long due, long order, Runnable run) {}

        long now;
        long order;
        final PriorityQueue<Task> tasks = new PriorityQueue<>((a, b) -> a.due != b.due
                ? Long.compare(a.due, b.due) : Long.compare(a.order, b.order));

        @Override
        public void schedule(Runnable task, long delayNanos) {
            tasks.add(new Task(now + delayNanos, order++, task));
        }

        void advanceTo(long t) {
            while (!tasks.isEmpty() && tasks.peek().due <= t) {
                Task next = tasks.poll();
                now = next.due;
                next.run.run();
            }
            now = t;
        }
    }

    @Test
    void jitteredPacketsArriveLaterInOrderAndLossIsCounted() {
        Time time = new Time();
        List<Integer> got = new ArrayList<>();
        ImpairedPath<Integer> path = new ImpairedPath<>(new MediaImpairment(5, 0, 40, 0, 0, 7), 0,
                () -> time.now, time, got::add);
        int n = 1000;
        for (int i = 0; i < n; i++) {
            time.advanceTo(i * 20 * MS);
            path.offer(i);
        }
        time.advanceTo(n * 20 * MS + 100 * MS);
        assertThat(got).isSorted().doesNotHaveDuplicates();
        assertThat(got.size() + path.dropped()).isEqualTo(n);
        assertThat(path.dropped() * 100.0 / n).isBetween(3.0, 7.0);
        assertThat(path.waiting()).isZero();
    }

    @Test
    void delayedPacketsWaitForTheirTime() {
        Time time = new Time();
        List<Integer> got = new ArrayList<>();
        ImpairedPath<Integer> path = new ImpairedPath<>(new MediaImpairment(0, 30, 0, 0, 0, 1), 0,
                () -> time.now, time, got::add);
        path.offer(1);
        time.advanceTo(29 * MS);
        assertThat(got).isEmpty();
        time.advanceTo(30 * MS);
        assertThat(got).containsExactly(1);
    }

    @Test
    void flushSendsWhatWaitsAndCloseDropsTheRest() {
        Time time = new Time();
        List<Integer> got = new ArrayList<>();
        ImpairedPath<Integer> path = new ImpairedPath<>(new MediaImpairment(0, 50, 0, 0, 0, 1), 0,
                () -> time.now, time, got::add);
        path.offer(1);
        path.offer(2);
        path.flush();
        assertThat(got).containsExactly(1, 2);
        path.close();
        path.offer(3);
        time.advanceTo(200 * MS);
        assertThat(got).containsExactly(1, 2);
    }

    @Test
    void aHeldPacketGoesOutAfterTheHoldTimeWithoutSuccessor() {
        Time time = new Time();
        List<Integer> got = new ArrayList<>();
        ImpairedPath<Integer> path = new ImpairedPath<>(new MediaImpairment(0, 0, 0, 0, 100, 1), 0,
                () -> time.now, time, got::add);
        path.offer(1);
        assertThat(got).isEmpty();
        time.advanceTo(MediaImpairment.MAX_HOLD_MS * MS);
        assertThat(got).containsExactly(1);
        assertThat(path.reordered()).isEqualTo(1);
    }
}
