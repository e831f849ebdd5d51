package io.dialtone.rtp.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dialtone.rtp.MediaImpairment;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The rtp-local impairment decisions: seeded, per-lane, at the configured rates, order kept. */
class ImpairmentEngineTest {

    private static final long MS = 1_000_000L;

    private static MediaImpairment impairment(double loss, long delay, long jitter, double dup, double reorder,
                                              long seed) {
        return new MediaImpairment(loss, delay, jitter, dup, reorder, seed);
    }

    /** Offers 0..n-1, one per 20 ms, and returns the fate and deliveries of each. */
    private static List<String> run(ImpairmentEngine<Integer> e, int n) {
        List<String> log = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            List<ImpairmentEngine.Delivery<Integer>> out = new ArrayList<>();
            ImpairmentEngine.Fate f = e.offer(i, i * 20 * MS, out);
            log.add(i + ":" + f + out);
        }
        return log;
    }

    @Nested
    class Determinism {
        @Test
        void sameSeedAndLaneGiveSameDecisions() {
            MediaImpairment m = impairment(5, 10, 40, 2, 2, 7);
            assertThat(run(new ImpairmentEngine<>(m, 1), 2000)).isEqualTo(run(new ImpairmentEngine<>(m, 1), 2000));
        }

        @Test
        void lanesAndSeedsDiffer() {
            MediaImpairment m = impairment(5, 10, 40, 2, 2, 7);
            List<String> lane0 = run(new ImpairmentEngine<>(m, 0), 500);
            assertThat(run(new ImpairmentEngine<>(m, 1), 500)).isNotEqualTo(lane0);
            assertThat(run(new ImpairmentEngine<>(impairment(5, 10, 40, 2, 2, 8), 0), 500)).isNotEqualTo(lane0);
        }

        @Test
        void jitterDoesNotShiftTheLossDecisions() {
            List<Boolean> plain = losses(new ImpairmentEngine<>(impairment(5, 0, 0, 0, 0, 3), 0));
            List<Boolean> jittered = losses(new ImpairmentEngine<>(impairment(5, 0, 40, 0, 0, 3), 0));
            assertThat(jittered).isEqualTo(plain);
        }

        private List<Boolean> losses(ImpairmentEngine<Integer> e) {
            List<Boolean> l = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                l.add(e.offer(i, i * 20 * MS, new ArrayList<>()) == ImpairmentEngine.Fate.DROPPED);
            }
            return l;
        }
    }

    @Nested
    class Rates {
        @Test
        void lossAndDuplicationNearTheConfiguredShares() {
            ImpairmentEngine<Integer> e = new ImpairmentEngine<>(impairment(5, 0, 0, 2, 0, 11), 0);
            int n = 20_000;
            int dropped = 0;
            int duplicated = 0;
            for (int i = 0; i < n; i++) {
                switch (e.offer(i, i * 20 * MS, new ArrayList<>())) {
                    case DROPPED -> dropped++;
                    case DUPLICATED -> duplicated++;
                    default -> { }
                }
            }
            // binomial, sd ≈ 0.15 % for 5 % of 20 000: ±0.6 % is four sd
            assertThat(dropped * 100.0 / n).isBetween(4.4, 5.6);
            assertThat(duplicated * 100.0 / n).isBetween(1.5, 2.5);
        }

        @Test
        void jitterStaysWithinBoundsAndKeepsOrder() {
            ImpairmentEngine<Integer> e = new ImpairmentEngine<>(impairment(0, 20, 40, 0, 0, 5), 0);
            long lastDue = Long.MIN_VALUE;
            long maxDelay = 0;
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < 5000; i++) {
                long now = i * 20 * MS;
                List<ImpairmentEngine.Delivery<Integer>> out = new ArrayList<>();
                e.offer(i, now, out);
                for (ImpairmentEngine.Delivery<Integer> d : out) {
                    assertThat(d.dueNanos()).isGreaterThanOrEqualTo(Math.max(lastDue, now));
                    lastDue = d.dueNanos();
                    maxDelay = Math.max(maxDelay, d.dueNanos() - now);
                    order.add(d.packet());
                }
            }
            assertThat(maxDelay).isBetween(50 * MS, 60 * MS); // delay + jitter, both ends reached
            assertThat(order).isSorted().hasSize(5000);
        }

        @Test
        void reorderSwapsAPacketWithItsSuccessor() {
            ImpairmentEngine<Integer> e = new ImpairmentEngine<>(impairment(0, 0, 0, 0, 100, 1), 0);
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                List<ImpairmentEngine.Delivery<Integer>> out = new ArrayList<>();
                e.offer(i, i * MS, out);
                out.forEach(d -> order.add(d.packet()));
            }
            assertThat(order).containsExactly(1, 0, 3, 2, 5, 4);
            assertThat(e.held()).isNull();
        }

        @Test
        void heldPacketIsReleasedOnceAlone() {
            ImpairmentEngine<Integer> e = new ImpairmentEngine<>(impairment(0, 0, 0, 0, 100, 1), 0);
            assertThat(e.offer(42, 0, new ArrayList<>())).isEqualTo(ImpairmentEngine.Fate.HELD);
            assertThat(e.releaseHeld(42, 100 * MS)).isEqualTo(new ImpairmentEngine.Delivery<>(42, 100 * MS));
            assertThat(e.releaseHeld(42, 101 * MS)).isNull();
        }
    }

    @Test
    void configRejectsOutOfRangeValues() {
        assertThatThrownBy(() -> impairment(101, 0, 0, 0, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> impairment(Double.NaN, 0, 0, 0, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> impairment(0, -1, 0, 0, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(MediaImpairment.none().enabled()).isFalse();
        assertThat(impairment(5, 0, 40, 0, 0, 7)).hasToString("loss=5%,delay=0ms,jitter=40ms,dup=0%,reorder=0%,seed=7");
    }
}
