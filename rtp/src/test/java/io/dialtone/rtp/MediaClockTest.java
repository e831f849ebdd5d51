package io.dialtone.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.concurrent.MockTicker;
import io.netty.util.concurrent.Ticker;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The media clock's phase slots on virtual time: an {@link EmbeddedChannel}'s event loop driven by a
 * mock ticker, which is also the clock's monotonic time, and members that record when they are ticked.
 */
class MediaClockTest {

    private static final long MS = 1_000_000L;
    private static final long PERIOD = MediaClock.TICK_MS * MS;

    private final MockTicker ticker = Ticker.newMockTicker();
    private final EmbeddedChannel channel = EmbeddedChannel.builder().ticker(ticker).build();
    private final MediaClock clock = MediaClock.create(channel.eventLoop(), ticker::nanoTime,
            Clock.fixed(Instant.parse("2026-11-22T00:00:00Z"), ZoneOffset.UTC));
    private final long start = ticker.nanoTime();

    @AfterEach
    void finish() {
        assertThat(channel.finish()).isFalse();
    }

    /** A member that records the time of each of its ticks. */
    static final class Recorder {
        final List<Long> ticks = new ArrayList<>();

        void tick(long now) {
            ticks.add(now);
        }
    }

    private Recorder join() {
        Recorder r = new Recorder();
        clock.join(r, r::tick);
        return r;
    }

    /** Joins silent members until {@code slot} holds {@link MediaClock#SLOT_FILL}. */
    private void fill(int slot) {
        while (clock.slotSize(slot) < MediaClock.SLOT_FILL) {
            assertThat(clock.join(new Object(), now -> { })).isEqualTo(slot);
        }
    }

    /** Advances virtual time in 100 µs steps, running whatever the loop has due at each step. */
    private void run(long nanos) {
        for (long t = 0; t < nanos; t += 100_000) {
            ticker.advance(100, TimeUnit.MICROSECONDS);
            channel.runScheduledPendingTasks();
        }
    }

    @Nested
    class PhaseSlots {

        @Test
        void fiveHundredStreamsAreSpreadOverThePeriodEachOnItsOwnExactSchedule() {
            List<Recorder> streams = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                streams.add(join());
            }
            for (int slot = 0; slot < MediaClock.SLOTS; slot++) {
                assertThat(clock.slotSize(slot)).as("slot %d", slot).isEqualTo(500 / MediaClock.SLOTS);
            }

            run(1019 * MS); // slot s ticks at 20 + s + 20·k ms: 50 ticks each

            Map<Long, Integer> perInstant = new HashMap<>();
            for (Recorder r : streams) {
                assertThat(r.ticks).hasSize(50); // 1 s / 20 ms: first tick one period after the first join
                long phase = (r.ticks.get(0) - start) % PERIOD;
                for (int k = 1; k < r.ticks.size(); k++) {
                    assertThat(r.ticks.get(k) - r.ticks.get(k - 1)).isEqualTo(PERIOD); // exactly ptime
                    assertThat((r.ticks.get(k) - start) % PERIOD).isEqualTo(phase);     // its own phase
                }
                for (long t : r.ticks) {
                    perInstant.merge(t, 1, Integer::sum);
                }
            }
            // sends leave in 20 groups 1 ms apart, 25 streams each, not in one burst of 500
            assertThat(perInstant.values()).allSatisfy(n -> assertThat(n).isEqualTo(25));
            assertThat(perInstant.keySet().stream().map(t -> (t - start) % PERIOD).distinct().count())
                    .isEqualTo(MediaClock.SLOTS);
        }

        @Test
        void slotsFillUpThenOpenHalvingThePeriodAgainAndAgain() {
            List<Integer> slots = new ArrayList<>();
            for (int i = 0; i < 8 * MediaClock.SLOT_FILL; i++) {
                slots.add(clock.join(new Object(), now -> { }));
            }
            assertThat(slots.stream().distinct()).containsExactly(0, 10, 5, 15, 2, 12, 7, 17);
            assertThat(slots.stream().filter(s -> s == 0)).hasSize(MediaClock.SLOT_FILL);
        }

        @Test
        void onceEverySlotIsFilledJoiningStreamsGoRoundRobin() {
            for (int i = 0; i < MediaClock.SLOTS * MediaClock.SLOT_FILL; i++) {
                clock.join(new Object(), now -> { });
            }
            List<Integer> slots = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                slots.add(clock.join(new Object(), now -> { }));
            }
            assertThat(slots).containsExactly(0, 10, 5, 15);
        }

        @Test
        void aJoiningStreamTakesTheSlotALeavingOneFreed() {
            List<Object> owners = new ArrayList<>();
            for (int i = 0; i < 5 * MediaClock.SLOT_FILL; i++) { // slots 0, 10, 5, 15, 2 full
                Object o = new Object();
                owners.add(o);
                clock.join(o, now -> { });
            }
            Object leaving = owners.get(3 * MediaClock.SLOT_FILL); // the first in slot 15
            clock.leave(leaving);
            assertThat(clock.slotSize(15)).isEqualTo(MediaClock.SLOT_FILL - 1);
            assertThat(clock.join(new Object(), now -> { })).isEqualTo(15);
            assertThat(clock.streamCount()).isEqualTo(5 * MediaClock.SLOT_FILL);
        }

        @Test
        void joiningTwiceKeepsOneSlot() {
            Recorder r = new Recorder();
            int slot = clock.join(r, r::tick);
            assertThat(clock.join(r, r::tick)).isEqualTo(slot);
            run(100 * MS);
            assertThat(r.ticks).hasSize(5);
        }

        @Test
        void aStreamJoiningMidPeriodStartsAtItsSlotsNextOccurrence() {
            Recorder first = join(); // slot 0, epoch = start
            fill(0);
            run(25 * MS);
            Recorder second = join(); // slot 10: next occurrence at 30 ms
            run(60 * MS);
            assertThat(first.ticks).containsExactly(start + 20 * MS, start + 40 * MS, start + 60 * MS, start + 80 * MS);
            assertThat(second.ticks).containsExactly(start + 30 * MS, start + 50 * MS, start + 70 * MS);
        }
    }

    @Nested
    class Timer {

        @Test
        void afterAStallEveryMissedTickIsServedAndTheScheduleDoesNotShift() {
            Recorder r = join();
            run(20 * MS);
            assertThat(r.ticks).hasSize(1);
            ticker.advance(105, TimeUnit.MILLISECONDS); // the loop was stalled for 105 ms
            clock.serveDue(ticker.nanoTime(), ticker.nanoTime()); // one wake-up serves one period's worth: one tick each
            assertThat(r.ticks).hasSize(2);
            channel.runScheduledPendingTasks(); // the following wake-ups, with socket reads between them
            assertThat(r.ticks).hasSize(6); // 40, 60, 80, 100 and 120 ms: none skipped
            run(20 * MS);
            assertThat(r.ticks.get(6)).isEqualTo(start + 140 * MS); // back on the original grid
        }

        @Test
        void stopsWhenTheLastStreamLeavesAndRestartsWithANewEpoch() {
            Recorder a = join();
            run(30 * MS);
            clock.leave(a);
            assertThat(clock.streamCount()).isZero();
            run(100 * MS);
            assertThat(a.ticks).containsExactly(start + 20 * MS);
            assertThat(channel.runScheduledPendingTasks()).isEqualTo(-1); // no timer left

            Recorder b = join(); // at 130 ms: slot 0 of a new epoch
            run(40 * MS);
            assertThat(b.ticks).containsExactly(start + 150 * MS, start + 170 * MS);
        }

        @Test
        void aFailingStreamDoesNotStopTheOthers() {
            Recorder failing = new Recorder();
            clock.join(failing, now -> { // slot 0
                failing.tick(now);
                throw new IllegalStateException("boom");
            });
            Recorder r = join(); // slot 0 too, after it
            fill(0);
            Recorder s = join(); // slot 10
            run(60 * MS);
            assertThat(failing.ticks).containsExactly(start + 20 * MS, start + 40 * MS, start + 60 * MS);
            assertThat(r.ticks).containsExactly(start + 20 * MS, start + 40 * MS, start + 60 * MS);
            assertThat(s.ticks).containsExactly(start + 30 * MS, start + 50 * MS);
        }

        @Test
        void aDatagramReadUpToHalfASlotBeforeTheDeadlineServesTheSlotAndRearmsTheTimer() {
            Recorder r = join(); // slot 0: first tick at 20 ms
            run(19 * MS + 400_000); // 19.4 ms
            clock.poll(ticker.nanoTime()); // 0.6 ms early: too early
            assertThat(r.ticks).isEmpty();
            run(100_000); // 19.5 ms
            clock.poll(ticker.nanoTime());
            assertThat(r.ticks).containsExactly(start + 19 * MS + 500_000);
            assertThat(channel.runScheduledPendingTasks()).isEqualTo(20 * MS + 500_000); // next: 40 ms
            run(21 * MS);
            assertThat(r.ticks).containsExactly(start + 19 * MS + 500_000, start + 40 * MS);
            clock.poll(ticker.nanoTime()); // nothing due: no tick, timer kept
            assertThat(r.ticks).hasSize(2);
        }

        @Test
        void wakesOnlyForOccupiedSlots() {
            join(); // slot 0
            run(20 * MS); // its first tick
            assertThat(channel.runScheduledPendingTasks()).isEqualTo(PERIOD); // next wake-up: one period on
            fill(0);
            assertThat(channel.runScheduledPendingTasks()).isEqualTo(PERIOD); // slot 0 still the only one
            clock.join(new Object(), now -> { }); // slot 10
            assertThat(channel.runScheduledPendingTasks()).isEqualTo(PERIOD / 2);
        }
    }
}
