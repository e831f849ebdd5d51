package io.dialtone.transport.internal;

import io.dialtone.transport.ImpairmentConfig;
import io.dialtone.transport.internal.Impairment.Decision;
import io.dialtone.transport.internal.Impairment.Delivery;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

@DisplayName("Impairment decisions")
class ImpairmentTest {
    static final int N = 20_000;
    static final long STEP = 5_000_000; // packets 5 ms apart
    static final long MS = 1_000_000;

    static List<Decision<Integer>> run(ImpairmentConfig c, int stream, int n) {
        Impairment<Integer> imp = new Impairment<>(c, stream);
        List<Decision<Integer>> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(imp.offer(i, i * STEP));
        }
        return out;
    }

    @Nested
    class Determinism {
        final ImpairmentConfig c = ImpairmentConfig.parse("loss=20%,delay=20ms,jitter=10ms,dup=1%,reorder=1%,seed=42");

        @Test
        void sameSeedSameSequenceSameDecisions() {
            assertThat(run(c, 0, 5000)).isEqualTo(run(c, 0, 5000));
        }

        @Test
        void otherSeedOtherDecisions() {
            assertThat(run(c.withSeed(43), 0, 5000)).isNotEqualTo(run(c, 0, 5000));
        }

        @Test
        void directionsDrawIndependentStreams() {
            assertThat(run(c, 1, 5000)).isNotEqualTo(run(c, 0, 5000));
            assertThat(run(c, 1, 5000)).isEqualTo(run(c, 1, 5000));
        }

        @Test
        void decisionsDoNotDependOnTheSettings() {
            // the same draws whatever the settings: only loss changes, the dropped packets are the same
            List<Decision<Integer>> lossOnly = run(ImpairmentConfig.parse("loss=20%,seed=42"), 0, 2000);
            List<Decision<Integer>> all = run(c, 0, 2000);
            for (int i = 0; i < 2000; i++) {
                assertThat(all.get(i).dropped()).as("packet %d", i).isEqualTo(lossOnly.get(i).dropped());
            }
        }
    }

    @Nested
    class Rates {
        @Test
        void lossNearTwentyPercent() {
            long dropped = run(ImpairmentConfig.parse("loss=20%,seed=1"), 0, N).stream()
                    .filter(Decision::dropped).count();
            assertThat(dropped / (double) N).isCloseTo(0.20, within(0.02));
        }

        @Test
        void noImpairmentDeliversEverythingAtOnceInOrder() {
            List<Decision<Integer>> d = run(ImpairmentConfig.none(), 0, 100);
            for (int i = 0; i < 100; i++) {
                assertThat(d.get(i).deliveries()).containsExactly(new Delivery<>(i, i * STEP, false));
            }
        }

        @Test
        void duplicatesNearTheRateAndAfterTheOriginal() {
            List<Decision<Integer>> d = run(ImpairmentConfig.parse("dup=10%,seed=2"), 0, N);
            long dups = d.stream().filter(x -> x.deliveries().size() == 2).count();
            assertThat(dups / (double) N).isCloseTo(0.10, within(0.02));
            d.stream().filter(x -> x.deliveries().size() == 2).forEach(x -> {
                assertThat(x.deliveries().get(0).copy()).isFalse();
                assertThat(x.deliveries().get(1).copy()).isTrue();
                assertThat(x.deliveries().get(1).packet()).isEqualTo(x.deliveries().get(0).packet());
            });
        }

        @Test
        void delayStaysWithinJitter() {
            List<Decision<Integer>> d = run(ImpairmentConfig.parse("delay=20ms,jitter=2ms,seed=3"), 0, N);
            List<Long> delays = new ArrayList<>();
            for (int i = 0; i < N; i++) {
                delays.add((d.get(i).deliveries().get(0).dueNanos() - i * STEP) / MS);
            }
            assertThat(delays).allSatisfy(ms -> assertThat(ms).isBetween(18L, 22L));
            assertThat(delays).contains(18L, 22L);
        }

        @Test
        void jitterNeverReorders() {
            List<Decision<Integer>> d = run(ImpairmentConfig.parse("delay=20ms,jitter=10ms,dup=5%,seed=4"), 0, N);
            long last = Long.MIN_VALUE;
            int packet = -1;
            for (Decision<Integer> x : d) {
                for (Delivery<Integer> y : x.deliveries()) {
                    assertThat(y.dueNanos()).isGreaterThanOrEqualTo(last);
                    assertThat(y.packet()).isGreaterThanOrEqualTo(packet);
                    last = y.dueNanos();
                    packet = y.packet();
                }
            }
        }

        @Test
        void jitterLargerThanDelayNeverGoesBeforeTheOffer() {
            List<Decision<Integer>> d = run(ImpairmentConfig.parse("delay=2ms,jitter=10ms,seed=4"), 0, 2000);
            for (int i = 0; i < 2000; i++) {
                assertThat(d.get(i).deliveries().get(0).dueNanos() - i * STEP).isBetween(0L, 12 * MS);
            }
        }
    }

    @Nested
    class Reordering {
        @Test
        void heldPacketFollowsTheNext() {
            Impairment<Integer> imp = new Impairment<>(ImpairmentConfig.parse("reorder=100%,seed=5"), 0);
            Decision<Integer> first = imp.offer(1, 0);
            assertThat(first.held()).isTrue();
            assertThat(first.deliveries()).isEmpty();
            assertThat(imp.held()).isEqualTo(1);
            Decision<Integer> second = imp.offer(2, MS); // only one packet is held at a time
            assertThat(second.held()).isFalse();
            assertThat(second.deliveries()).extracting(Delivery::packet).containsExactly(2, 1);
            assertThat(imp.held()).isNull();
        }

        @Test
        void heldPacketReleasedEvenWhenTheNextIsLost() {
            Impairment<Integer> imp = new Impairment<>(ImpairmentConfig.parse("reorder=50%,loss=50%,seed=6"), 0);
            int checked = 0;
            for (int i = 0; i < 2000; i++) {
                boolean wasHeld = imp.held() != null;
                Integer heldBefore = imp.held();
                Decision<Integer> d = imp.offer(i, i * STEP);
                if (wasHeld && d.dropped()) {
                    assertThat(d.deliveries()).extracting(Delivery::packet).containsExactly(heldBefore);
                    checked++;
                }
            }
            assertThat(checked).isPositive();
        }

        @Test
        void releasedPacketIsNeverEarlierThanItsSuccessor() {
            List<Decision<Integer>> d = run(ImpairmentConfig.parse("reorder=20%,delay=20ms,jitter=10ms,seed=7"), 0, N);
            d.stream().filter(x -> x.deliveries().size() == 2).forEach(x ->
                    assertThat(x.deliveries().get(1).dueNanos()).isGreaterThanOrEqualTo(x.deliveries().get(0).dueNanos()));
        }

        @Test
        void releaseHeldOnTimeoutOnlyOnce() {
            Impairment<Integer> imp = new Impairment<>(ImpairmentConfig.parse("reorder=100%,seed=8"), 0);
            imp.offer(1, 0);
            assertThat(imp.releaseHeld(2, 100 * MS)).isNull(); // not the held one
            assertThat(imp.releaseHeld(1, 100 * MS)).isEqualTo(new Delivery<>(1, 100 * MS, false));
            assertThat(imp.releaseHeld(1, 100 * MS)).isNull();
            assertThat(imp.offer(3, 101 * MS).held()).isTrue();
        }

        @Test
        void everyPacketIsDeliveredOrDroppedExactlyOnce() {
            Impairment<Integer> imp = new Impairment<>(
                    ImpairmentConfig.parse("loss=20%,delay=20ms,jitter=10ms,dup=5%,reorder=5%,seed=9"), 0);
            int[] seen = new int[N];
            for (int i = 0; i < N; i++) {
                Decision<Integer> d = imp.offer(i, i * STEP);
                if (d.dropped()) {
                    seen[i]++;
                }
                for (Delivery<Integer> x : d.deliveries()) {
                    if (!x.copy()) {
                        seen[x.packet()]++;
                    }
                }
            }
            if (imp.held() != null) {
                seen[imp.held()]++;
            }
            for (int i = 0; i < N; i++) {
                assertThat(seen[i]).as("packet %d", i).isEqualTo(1);
            }
        }
    }
}
