package io.dialtone.transaction.internal;

import io.dialtone.transaction.TimerName;
import io.dialtone.transport.VirtualScheduler;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("TimerSet: at most one running timer per name, on virtual time")
class TimerSetTest {
    private final VirtualScheduler time = new VirtualScheduler();
    private final TimerSet timers = new TimerSet(time);
    private final List<String> fired = new ArrayList<>();

    private void start(TimerName name, int ms) {
        timers.start(name, Duration.ofMillis(ms), () -> fired.add(name + "@" + time.nanoTime() / 1_000_000));
    }

    @Test
    void timersFireOnceInDueOrderAndLeaveTheSet() {
        start(TimerName.G, 500);
        start(TimerName.H, 32_000);
        start(TimerName.I, 5_000);                        // a third at once: the set grows
        assertThat(timers.isRunning(TimerName.I)).isTrue();

        time.advance(Duration.ofSeconds(40));

        assertThat(fired).containsExactly("G@500", "I@5000", "H@32000");
        assertThat(timers.isRunning(TimerName.G)).isFalse();
        assertThat(timers.isRunning(TimerName.H)).isFalse();
        assertThat(time.pending()).isZero();
    }

    @Test
    void restartingANameReplacesTheRunningTimer() {
        start(TimerName.G, 500);
        start(TimerName.G, 1_000);
        time.advance(Duration.ofSeconds(2));
        assertThat(fired).containsExactly("G@1000");
    }

    @Test
    void cancelledTimersNeverFire() {
        start(TimerName.A, 500);
        start(TimerName.B, 32_000);
        timers.cancel(TimerName.A);
        assertThat(timers.isRunning(TimerName.A)).isFalse();
        assertThat(timers.isRunning(TimerName.B)).isTrue();
        timers.cancelAll();
        time.advance(Duration.ofSeconds(40));
        assertThat(fired).isEmpty();
        assertThat(time.pending()).isZero();
    }

    @Test
    void aTimerStartedFromAFiringOneRuns() {
        timers.start(TimerName.G, Duration.ofMillis(500), () -> {
            fired.add("G");
            start(TimerName.G, 1_000);                    // Timer G re-arms itself (§17.2.1)
        });
        time.advance(Duration.ofMillis(1_600));
        assertThat(fired).containsExactly("G", "G@1500");
    }
}
